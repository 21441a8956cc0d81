// The whole journey of issue 3 in one browser session, from a fresh embedded
// database: open a table, type a UDF into Monaco with real keystrokes, see a
// diagnostic for a misspelled column, fix it, preview, save the column, see the
// dry-run plan, launch a filtered backfill, watch it succeed, and find the
// computed values in the table grid. A screenshot of every page.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PYTHON, ROOT, startServer, tempDir, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

let srv: TestServer;
let browser: Browser;
let page: Page;
let external: string[];

const WHERE = "category = 'portrait'";
const LINES = ["from geneva import udf", "", "@udf", "def title_len(titel: str) -> int:", "return len(titel)"];

beforeAll(async () => {
  const db = path.join(tempDir("bfs-e2e-flow-"), "db");
  const seed = promisify(execFile)(PYTHON, ["-m", "backfill_studio", "seed", "--uri", db], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" },
  });
  [srv, browser] = await Promise.all([seed.then(() => startServer(db)), launchBrowser()]);
  ({ page, external } = await newPage(browser));
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

const editorText = () =>
  page.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0].getValue());

it("goes from a table to a computed column through the dashboard", async () => {
  // 1. The table.
  await page.goto(`${srv.url}/`);
  await page.getByRole("link", { name: "gallery" }).first().click();
  await page.waitForURL(`${srv.url}/tables/gallery`);
  await page.getByTestId("num-rows").waitFor();
  expect(await page.getByTestId("num-rows").innerText()).toBe("10,000 rows");
  await screenshot(page, "flow-1-table");

  // 2. A new UDF, typed key by key, with a misspelled column.
  await page.getByRole("link", { name: /New UDF column/ }).click();
  await page.waitForURL(`${srv.url}/tables/gallery/udf/new`);
  await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 60_000 });
  await page.click(".monaco-editor .view-lines");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  const suggest = page.locator(".monaco-editor .suggest-widget.visible");
  for (const [i, line] of LINES.entries()) {
    if (i > 0) {
      await page.keyboard.press("Escape");
      await suggest.waitFor({ state: "hidden" });
      await page.keyboard.press("Enter");
    }
    await page.keyboard.type(line, { delay: 10 });
  }
  await page.keyboard.press("Escape");
  expect(await editorText()).toBe("from geneva import udf\n\n@udf\ndef title_len(titel: str) -> int:\n    return len(titel)");

  // 3. The diagnostic names the column; fixing it clears it.
  await expect.poll(() => page.getByTestId("diagnostic-message").textContent(), { timeout: 20_000 }).toContain("unknown input column 'titel'");
  await page.locator(".monaco-editor .squiggly-error").first().waitFor();
  await screenshot(page, "flow-2-diagnostic");
  await page.locator(".monaco-editor .view-line span", { hasText: /^titel$/ }).first().dblclick();
  await page.keyboard.press("Control+Shift+L");
  await page.keyboard.type("title");
  await page.keyboard.press("Escape");
  await page.getByTestId("udf-valid").waitFor({ timeout: 20_000 });
  expect(await page.locator(".monaco-editor .squiggly-error").count()).toBe(0);

  // 4. Preview (Ctrl+Enter): outputs are the title lengths of the first rows.
  await page.keyboard.press("Control+Enter");
  await page.getByTestId("preview-grid").waitFor({ timeout: 60_000 });
  const first = (await srv.api("/api/tables/gallery/rows?limit=20&columns=title")).body.rows as { title: string }[];
  expect((await page.getByTestId("preview-output").allTextContents()).map(Number)).toEqual(first.map((r) => r.title.length));
  await screenshot(page, "flow-3-preview");

  // 5. Save as a column.
  await page.getByLabel("Column name").fill("title_len");
  await page.getByRole("button", { name: "Save as new column" }).click();
  await page.waitForURL(`${srv.url}/tables/gallery/columns/title_len`, { timeout: 30_000 });
  await page.getByTestId("stored-udf").waitFor();
  await screenshot(page, "flow-4-column");

  // 6. The dry-run plan, then a filtered backfill.
  await page.getByRole("link", { name: "Backfill", exact: true }).click();
  await page.waitForURL(`${srv.url}/tables/gallery/columns/title_len/backfill`);
  const matching = (await srv.api(`/api/tables/gallery/rows?limit=1&count=1&where=${encodeURIComponent(WHERE)}`)).body.total as number;
  expect(matching).toBeGreaterThan(1000);
  await page.getByTestId("scope-custom").check();
  await page.getByTestId("where-input").pressSequentially(WHERE, { delay: 10 });
  const launch = page.getByTestId("launch");
  await expect.poll(() => launch.textContent(), { timeout: 30_000 }).toBe(`Launch backfill of ${matching.toLocaleString("en-US")} rows`);
  await expect.poll(() => launch.isEnabled()).toBe(true);
  await screenshot(page, "flow-5-plan");
  await launch.click();

  // 7. The live job page reaches succeeded.
  await page.waitForURL(/\/jobs\/bf-[\w-]+$/, { timeout: 20_000 });
  await expect.poll(async () => (await page.getByTestId("job-state").first().textContent())?.trim(), { timeout: 120_000 }).toBe("succeeded");
  await expect.poll(async () => (await page.getByTestId("count-committed").first().textContent())?.trim()).toBe(matching.toLocaleString("en-US"));
  await screenshot(page, "flow-6-job");

  // 8. The values, in the table grid, filtered to the rows that were computed.
  await page.goto(`${srv.url}/tables/gallery?where=${encodeURIComponent(WHERE)}&columns=title,category,title_len`);
  const cells = page.locator('[role=gridcell][data-column="title_len"]');
  await cells.first().waitFor();
  const titles = await page.locator('[role=gridcell][data-column="title"]').allInnerTexts();
  const lens = await cells.allInnerTexts();
  expect(lens.length).toBeGreaterThan(10);
  expect(lens.map(Number)).toEqual(titles.slice(0, lens.length).map((t) => t.length));
  // Rows outside the filter were not touched.
  const { body } = await srv.api(`/api/tables/gallery/rows?limit=1&count=1&where=${encodeURIComponent(`title_len IS NOT NULL AND NOT (${WHERE})`)}`);
  expect(body.total).toBe(0);
  await screenshot(page, "flow-7-values");
  expect(external).toEqual([]);
});
