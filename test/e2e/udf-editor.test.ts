// The UDF editor in real Chromium, typed with real keystrokes: a misspelled
// column gets a diagnostic (marker + message), fixing it clears it,
// Ctrl+Enter previews, the UDF is saved as a column, and on the column page an
// edited version is compared with the stored one on the same rows.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PYTHON, ROOT, startServer, tempDir, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

const execFileAsync = promisify(execFile);

let dir: string;
let srv: TestServer;
let browser: Browser;
let page: Page;
let external: string[];
let consoleErrors: string[];
const failedResponses: string[] = [];

/** Type source line by line as a person would: Monaco indents after `:` by itself, so lines are typed without their indentation. */
async function typeLines(p: Page, lines: string[]) {
  const suggest = p.locator(".monaco-editor .suggest-widget.visible");
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      // Close a suggestion list so Enter makes a new line. On a loaded machine
      // the list can open late, so wait until it is really gone.
      await p.keyboard.press("Escape");
      await suggest.waitFor({ state: "hidden" });
      await p.keyboard.press("Enter");
    }
    await p.keyboard.type(line.trimStart(), { delay: 10 });
  }
  await p.keyboard.press("Escape");
}

/** The editor's text, read from Monaco's model (the AMD build exposes window.monaco). */
const editorText = (p: Page) =>
  p.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0].getValue());

const TYPED = [
  "from geneva import udf",
  "",
  "@udf",
  "def desc_words(descripton: str) -> int:",
  '    print(f"{descripton[:12]!r}")',
  "    return len(descripton.split())",
];

let firstRows: { description: string }[];

describe("UDF editor (e2e)", () => {
  beforeAll(async () => {
    dir = tempDir("bfs-udf-e2e-");
    const db = path.join(dir, "db");
    // The demo seed (gallery: text, numbers, PNGs, the word_count UDF column) at 1,000 rows in 4
    // fragments instead of 10,000: the same table in a tenth of the time. Chromium starts meanwhile.
    const seed = execFileAsync(PYTHON, ["-c", `
import sys, lance
from backfill_studio.seed import demo_table, DEMO_UDF
from backfill_studio.columns import add_column
ds = lance.write_dataset(demo_table(1000), sys.argv[1] + "/gallery.lance", max_rows_per_file=250)
add_column(ds, "word_count", DEMO_UDF)
`, db], { cwd: ROOT, env: { ...process.env, PYTHONPATH: path.join(ROOT, "python") } });
    [browser] = await Promise.all([launchBrowser(), seed]);
    srv = await startServer(db);
    ({ page, external, consoleErrors } = await newPage(browser));
    page.on("response", (r) => {
      if (r.status() >= 400) failedResponses.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    firstRows = (await srv.api(`/api/tables/gallery/rows?limit=20&columns=description`)).body.rows;
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("opens the editor with a template written for the table", async () => {
    await page.goto(`${srv.url}/tables/gallery/udf/new`);
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 60_000 });
    await page.getByTestId("udf-valid").waitFor();
    expect(await editorText(page)).toContain("def description_words(description: str) -> int:");
    await expect(page.getByTestId("udf-valid").textContent()).resolves.toContain("scalar");
    await screenshot(page, "udf-editor-1-template");
  });

  it("loads another template and completes columns, pa. types and @udf( arguments", async () => {
    await page.getByRole("button", { name: "Batched pa.Array" }).click();
    await expect.poll(() => editorText(page)).toContain("def price_scaled(price: pa.Array) -> pa.Array:");
    await expect.poll(() => page.getByTestId("udf-valid").textContent(), { timeout: 15_000 }).toContain("array");

    // The suggestion list is virtualized: read the labels of the rows it shows.
    const suggestions = page.locator(".monaco-editor .suggest-widget.visible");
    const shown = () => suggestions.locator(".monaco-list-row .label-name").allTextContents();
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("t = pa.");
    await suggestions.waitFor();
    await expect.poll(shown).toEqual(expect.arrayContaining(["int64()", "float32()"]));
    await page.keyboard.type("str");
    await expect.poll(shown).toEqual(expect.arrayContaining(["string()", "struct()"]));
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("@udf(");
    await suggestions.waitFor();
    await expect.poll(shown).toEqual(expect.arrayContaining(["data_type", "input_columns", "version", "num_cpus", "checkpoint_size", "on_error", "timeout"]));
    await page.keyboard.type("on_error=");
    await expect.poll(shown).toEqual(["skip_on_error()", "retry_transient()", "retry_all()", "fail_fast()"]);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("def f(");
    await suggestions.waitFor();
    await expect.poll(shown).toEqual(["id", "title", "description", "category", "price", "rating", "image", "word_count"]);
    // The Arrow type is the detail of the focused item.
    expect(await suggestions.locator(".monaco-list-row.focused").textContent()).toContain("Int64 → int");
    await screenshot(page, "udf-editor-1b-completions");
    await page.keyboard.press("Escape");
  });

  it("shows a diagnostic naming a misspelled column, as a marker and in the message list", async () => {
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await typeLines(page, TYPED);
    expect(await editorText(page)).toBe(TYPED.join("\n"));

    // Until the answer for the typed text arrives, the previous diagnostic may still show.
    const message = page.getByTestId("diagnostic-message");
    await expect.poll(() => message.textContent(), { timeout: 15_000 }).toContain("unknown input column 'descripton'");
    await page.locator(".monaco-editor .squiggly-error").first().waitFor();
    // The list points at the misspelled parameter (line 4), not just the decorator.
    expect(await page.getByTestId("diagnostics").textContent()).toContain("line 4, col 16");
    await expect(page.getByRole("button", { name: "Save as new column" }).isDisabled()).resolves.toBe(true);
    await screenshot(page, "udf-editor-2-diagnostic");
  });

  it("clears the diagnostic once the column is spelled right", async () => {
    // Double-click the word, select its other occurrences (Ctrl+Shift+L), retype.
    await page.locator(".monaco-editor .view-line span", { hasText: /^descripton$/ }).first().dblclick();
    await page.keyboard.press("Control+Shift+L");
    await page.keyboard.type("description");
    await page.keyboard.press("Escape");
    const fixed = TYPED.join("\n").replaceAll("descripton", "description");
    expect(await editorText(page)).toBe(fixed);

    await page.getByTestId("udf-valid").waitFor({ timeout: 15_000 });
    await page.getByTestId("diagnostics").waitFor({ state: "detached" });
    expect(await page.locator(".monaco-editor .squiggly-error").count()).toBe(0);
    const summary = await page.getByTestId("udf-valid").textContent();
    expect(summary).toContain("desc_words");
    expect(summary).toContain("int64");
    await screenshot(page, "udf-editor-3-fixed");
  });

  it("previews with Ctrl+Enter: inputs beside outputs, type check, elapsed time, captured prints", async () => {
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+Enter");
    await page.getByTestId("preview-grid").waitFor({ timeout: 60_000 });
    // Ctrl+Enter ran the preview instead of inserting a line.
    expect(await editorText(page)).toBe(TYPED.join("\n").replaceAll("descripton", "description"));

    const outputs = (await page.getByTestId("preview-output").allTextContents()).map(Number);
    expect(outputs).toEqual(firstRows.map((r) => r.description.split(/\s+/).filter(Boolean).length));
    const results = page.getByTestId("preview-results");
    expect(await results.textContent()).toContain("20 rows");
    expect(await results.textContent()).toContain("output int64 · matches declared");
    expect(await page.getByTestId("preview-elapsed").textContent()).toMatch(/elapsed [\d.]+ m?s/);
    const logs = page.getByTestId("preview-logs");
    expect(await logs.textContent()).toContain("20 lines printed");
    await logs.locator("summary").click();
    expect(await logs.locator("pre").textContent()).toContain(`'${firstRows[0].description.slice(0, 12)}'`);
    await screenshot(page, "udf-editor-4-preview");
  });

  it("saves the UDF as a new column and lands on the column page", async () => {
    await page.getByLabel("Column name").fill("desc_words");
    await page.getByRole("button", { name: "Save as new column" }).click();
    await page.waitForURL(`${srv.url}/tables/gallery/columns/desc_words`, { timeout: 30_000 });
    await page.getByTestId("stored-udf").waitFor();
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 60_000 });
    const { body } = await srv.api("/api/tables/gallery/columns/desc_words/udf");
    expect(body.udf.source).toBe(TYPED.join("\n").replaceAll("descripton", "description"));
    expect(await page.getByTestId("stored-version").textContent()).toBe(body.udf.version);
    expect(await editorText(page)).toBe(body.udf.source);
    await screenshot(page, "udf-editor-5-column-page");
  });

  it("compares an edited version with the stored one on the same rows and counts the differences", async () => {
    // Cap the count at 20: rows with more than 20 words differ.
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("return min(len(description.split()), 20)");
    await page.keyboard.press("Escape");
    expect(await editorText(page)).toContain("    return min(len(description.split()), 20)");
    await page.getByText("edited", { exact: true }).waitFor();
    await page.getByTestId("udf-valid").waitFor();

    await page.getByRole("radio", { name: "Random N" }).click();
    await page.getByRole("button", { name: "Compare with stored" }).click();
    await page.getByTestId("compare-grid").waitFor({ timeout: 60_000 });
    const grid = page.getByTestId("compare-grid");
    const rows = await grid.locator("tbody tr").count();
    expect(rows).toBe(20);
    // Independent count from the stored outputs shown: a row differs exactly when its stored count exceeds 20.
    const stored = (await grid.locator("tbody tr td:nth-last-child(2)").allTextContents()).map(Number);
    const edited = (await grid.locator("tbody tr td:nth-last-child(1)").allTextContents()).map(Number);
    expect(edited).toEqual(stored.map((n) => Math.min(n, 20)));
    const expected = stored.filter((n) => n > 20).length;
    expect(expected).toBeGreaterThan(0);
    expect(await page.getByTestId("compare-count").textContent()).toBe(`${expected} of 20 rows differ`);
    expect(await grid.locator('tbody tr[data-differs="true"]').count()).toBe(expected);
    await screenshot(page, "udf-editor-6-compare");
  });

  it("replaces the UDF after a confirmation that says what replace means", async () => {
    const before = (await srv.api("/api/tables/gallery/columns/desc_words/udf")).body.udf.version;
    await page.getByRole("button", { name: "Replace UDF…" }).click();
    const dialog = page.getByRole("dialog");
    const text = await dialog.textContent();
    expect(text).toContain("Existing values stay");
    expect(text).toContain("The version changes");
    expect(text).toContain("next default backfill recomputes every row computed by the old version");
    await screenshot(page, "udf-editor-7-replace-dialog");
    await dialog.getByRole("button", { name: "Replace UDF" }).click();
    await page.getByTestId("replaced").waitFor({ timeout: 30_000 });
    const after = (await srv.api("/api/tables/gallery/columns/desc_words/udf")).body.udf;
    expect(after.version).not.toBe(before);
    expect(after.source).toContain("min(len(description.split()), 20)");
    expect(await page.getByTestId("stored-version").textContent()).toBe(after.version);
    expect(await page.getByRole("link", { name: "Backfill", exact: true }).getAttribute("href")).toBe("/tables/gallery/columns/desc_words/backfill");
    await screenshot(page, "udf-editor-8-replaced");

    // The column's page is a deep link: a reload shows the replaced UDF in the editor.
    await page.reload();
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("stored-version").textContent()).toBe(after.version);
    expect(await editorText(page)).toBe(after.source);
  });

  it("previews rows matching a where, with per-row errors and their tracebacks", async () => {
    // Rows with an even word count divide by zero.
    await page.click(".monaco-editor .view-lines");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type("return 1 // (len(description.split()) % 2)");
    await page.keyboard.press("Escape");
    await page.getByRole("radio", { name: "Where" }).click();
    await page.getByLabel("Where filter").fill("rating >= 4");
    await page.getByLabel("Rows to sample").fill("8");
    await page.getByRole("button", { name: /Run preview/ }).click();
    await page.getByTestId("preview-grid").waitFor({ timeout: 60_000 });

    const expected = (await srv.api(`/api/tables/gallery/rows?limit=8&where=${encodeURIComponent("rating >= 4")}&columns=description`)).body.rows as { description: string }[];
    const even = expected.filter((r) => r.description.split(/\s+/).filter(Boolean).length % 2 === 0).length;
    expect(even).toBeGreaterThan(0);
    const grid = page.getByTestId("preview-grid");
    expect(await grid.locator("tbody tr").count()).toBe(8);
    const outputs = await page.getByTestId("preview-output").allTextContents();
    expect(outputs.filter((o) => o.startsWith("ZeroDivisionError")).length).toBe(even);
    expect(await page.getByTestId("preview-results").textContent()).toContain(`${even} row error`);
    await page.getByRole("button", { name: "traceback" }).first().click();
    const tb = await page.getByTestId("traceback").first().textContent();
    expect(tb).toContain("ZeroDivisionError");
    expect(tb).toContain("return 1 // (len(description.split()) % 2)");
    await screenshot(page, "udf-editor-9-errors");
  });

  it("says what is wrong for a data column, an unknown column and an unknown table", async () => {
    await page.goto(`${srv.url}/tables/gallery/columns/title`);
    await page.getByText("'title' is a data column").waitFor();
    await page.goto(`${srv.url}/tables/gallery/columns/nope`);
    await page.getByText("Column 'nope' not found").waitFor();
    expect(await page.locator('main [role="alert"]').textContent()).toContain("table 'gallery' has no column 'nope'");
    await page.goto(`${srv.url}/tables/missing/udf/new`);
    await page.getByText("Could not load table 'missing'").waitFor();
    expect(await page.locator('main [role="alert"]').textContent()).toContain("table 'missing' not found");
    await screenshot(page, "udf-editor-10-unknown-table");
  });

  it("made no request outside localhost, and no failed request it did not expect", () => {
    expect(external).toEqual([]);
    // Expected: validation answers 400 for the misspelled column (that is the diagnostic), and
    // Next may prefetch linked pages that another area provides (404 on a branch without them);
    // the unknown table answers 404.
    const unexpected = failedResponses.filter(
      (r) => !/^400 POST \/api\/udfs\/validate$/.test(r) && !/^404 GET \/(favicon\.ico|jobs|tables\/[^/]+|tables\/[^/]+\/columns\/[^/]+\/backfill|api\/tables\/missing)$/.test(r),
    );
    expect(unexpected).toEqual([]);
    expect(failedResponses).toContain("400 POST /api/udfs/validate");
    // The browser logs each failed response as "Failed to load resource"; anything else is an error of ours.
    expect(consoleErrors.filter((e) => !/^Failed to load resource/.test(e))).toEqual([]);
  });
});
