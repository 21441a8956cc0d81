// The tables pages in real Chromium against the built server on a freshly
// seeded database: the list, a table's schema with its UDF column, the
// virtualized rows grid (thumbnails, values, paging), the where box (good and
// bad filters, URL state, deep links), and the designed not-found, empty and
// error states. Nothing may load from the internet.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PYTHON, ROOT, startServer, tempDir, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

let srv: TestServer;
let browser: Browser;
let page: Page;
let external: string[];
let consoleErrors: string[];

const seed = (uri: string) =>
  promisify(execFile)(PYTHON, ["-m", "backfill_studio", "seed", "--uri", uri], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" },
  });

/** Data rows in the DOM (the header row excluded). */
const domRows = () => page.locator('[role=grid] [role=row]:has([role=gridcell])');
const range = () => page.getByTestId("range");
const cellsOf = (column: string) => page.locator(`[role=gridcell][data-column="${column}"]`);
/** Waits until the grid says it shows exactly `label` (e.g. "rows 1–100 of 10,000"). */
const waitRange = (label: string) => page.waitForFunction((l) => document.querySelector('[data-testid="range"]')?.textContent === l, label);
const countWhere = async (where: string): Promise<number> =>
  (await srv.api(`/api/tables/gallery/rows?limit=1&count=1&where=${encodeURIComponent(where)}`)).body.total;

beforeAll(async () => {
  const dbUri = path.join(tempDir("bfs-e2e-tables-"), "db");
  // seeding (Python, ~20 s) and starting the server and browser overlap
  [srv, browser] = await Promise.all([seed(dbUri).then(() => startServer(dbUri)), launchBrowser()]);
  ({ page, external, consoleErrors } = await newPage(browser));
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe("tables list", () => {
  it("shows gallery with 10,000 rows and its UDF column", async () => {
    await page.goto(srv.url + "/");
    const row = page.locator('tr[data-table="gallery"]');
    await row.waitFor();
    expect(await row.getByTestId("rows").innerText()).toBe("10,000");
    expect(await row.getByTestId("udf-columns").innerText()).toBe("1 UDF");
    expect(await page.locator('nav[aria-label=main] a[aria-current=page]').innerText()).toBe("Tables");
    await screenshot(page, "tables-list");
  });

  it("an empty database gets a designed state that says how to add a table", async () => {
    await page.route("**/api/tables", (r) => r.fulfill({ status: 200, contentType: "application/json", body: "[]" }));
    try {
      await page.goto(srv.url + "/");
      const empty = page.getByTestId("no-tables");
      await empty.waitFor();
      expect(await empty.innerText()).toMatch(/No tables yet[\s\S]*backfill_studio seed[\s\S]*create_table/);
      await screenshot(page, "tables-empty");
    } finally {
      await page.unrouteAll();
    }
  });

  it("a failed request says what failed", async () => {
    await page.route("**/api/tables", (r) =>
      r.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: "internal error: database directory is unreadable" }) }),
    );
    try {
      await page.goto(srv.url + "/");
      const alert = page.getByRole("alert").filter({ hasText: "Could not list the tables" });
      await alert.waitFor();
      expect(await alert.innerText()).toContain("database directory is unreadable");
      expect(await alert.getByRole("button", { name: "Retry" }).count()).toBe(1);
      await screenshot(page, "tables-error");
    } finally {
      await page.unrouteAll();
    }
  });
});

describe("table page", () => {
  it("opens from the list: header, schema with word_count marked as a UDF at 0% filled", async () => {
    await page.goto(srv.url + "/");
    await page.locator('tr[data-table="gallery"] a', { hasText: "gallery" }).click();
    await page.waitForURL(/\/tables\/gallery$/);
    await page.locator("h1", { hasText: "gallery" }).waitFor();
    expect(await page.getByTestId("num-rows").innerText()).toBe("10,000 rows");
    expect(await page.getByText(/^version \d+$/).count()).toBe(1);

    const udf = page.locator('li[data-column="word_count"][data-udf="true"]');
    await udf.waitFor();
    const text = await udf.innerText();
    expect(text).toContain("UDF");
    expect(text).toMatch(/inputs\s+description/);
    expect(text).toMatch(/returns\s+int64/);
    expect(await page.getByTestId("fill-word_count").innerText()).toMatch(/filled\s+0%/);
    expect(await udf.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("0");
    expect(await udf.getByRole("link", { name: "Edit UDF" }).getAttribute("href")).toBe("/tables/gallery/columns/word_count");
    expect(await udf.getByRole("link", { name: "Backfill" }).getAttribute("href")).toBe("/tables/gallery/columns/word_count/backfill");
    expect(await page.getByRole("link", { name: /New UDF column/ }).getAttribute("href")).toBe("/tables/gallery/udf/new");
    // plain columns are not marked
    expect(await page.locator('li[data-column="title"][data-udf]').count()).toBe(0);
    expect(await page.locator('li[data-column="title"]').count()).toBe(1);
  });

  it("the grid shows thumbnails and the rows' values, with computed columns marked", async () => {
    await cellsOf("title").first().waitFor();
    expect(await range().innerText()).toBe("rows 1–100 of 10,000");
    const api = (await srv.api(`/api/tables/gallery/rows?limit=5`)).body.rows;
    const titles = await cellsOf("title").allInnerTexts();
    expect(titles.slice(0, 5)).toEqual(api.map((r: { title: string }) => r.title));
    expect((await cellsOf("price").allInnerTexts()).slice(0, 5)).toEqual(api.map((r: { price: number }) => String(r.price)));
    // the PNG column renders as <img> thumbnails from data: URLs
    const img = cellsOf("image").first().locator("img");
    await img.waitFor();
    expect(await img.getAttribute("src")).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(await img.isVisible()).toBe(true);
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(24);
    // word_count is not backfilled: a dimmed null, under a header marked as a UDF column
    expect((await cellsOf("word_count").allInnerTexts()).slice(0, 3)).toEqual(["null", "null", "null"]);
    const header = page.locator('[role=columnheader][data-udf="true"]');
    expect(await header.count()).toBe(1);
    expect(await header.getAttribute("data-column")).toBe("word_count");
    expect(await header.innerText()).toMatch(/udf/i);
    await screenshot(page, "tables-table");
  });

  it("long text expands in a popover", async () => {
    const long = cellsOf("description").locator("button").first();
    await long.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const full = await dialog.locator("pre").innerText();
    const shown = await long.innerText();
    expect(shown.endsWith("…")).toBe(true);
    expect(full.length).toBeGreaterThan(shown.length);
    expect(full.startsWith(shown.slice(0, -1))).toBe(true);
    await screenshot(page, "tables-expanded-text");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    // an image opens larger
    await cellsOf("image").first().locator("button").click();
    await dialog.waitFor();
    expect(await dialog.locator("img").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(await dialog.innerText()).toContain("image/png");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("the column picker hides columns and keeps the choice in the URL", async () => {
    await page.getByRole("button", { name: /^Columns/ }).click();
    await page.getByRole("checkbox", { name: "description" }).uncheck();
    await page.getByRole("checkbox", { name: "image" }).uncheck();
    await page.locator('[role=columnheader][data-column="description"]').waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("columns")).toBe("id,title,category,price,rating,word_count");
    expect(await page.locator("[role=columnheader][data-column]").evaluateAll((els) => els.map((e) => e.getAttribute("data-column")))).toEqual([
      "id", "title", "category", "price", "rating", "word_count",
    ]);
    await page.getByRole("button", { name: "Show all columns" }).click();
    await page.locator('[role=columnheader][data-column="image"]').waitFor();
    expect(new URL(page.url()).searchParams.get("columns")).toBeNull();
    await page.keyboard.press("Escape");
    await page.getByRole("checkbox", { name: "image" }).waitFor({ state: "detached" });
  });

  it("virtualizes: 1,000 rows per page keep about 40 in the DOM, scrolling reaches the last", async () => {
    await page.getByLabel("page size").selectOption("1000");
    await waitRange("rows 1–1,000 of 10,000");
    expect(new URL(page.url()).searchParams.get("limit")).toBe("1000");
    expect(await domRows().count()).toBeLessThanOrEqual(45);
    await page.locator("[role=grid]").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[role=rowheader]', { hasText: /^1,000$/ }).waitFor();
    expect(await domRows().count()).toBeLessThanOrEqual(45);
    expect(await page.locator('[role=rowheader]', { hasText: /^1$/ }).count()).toBe(0);
    await page.getByLabel("page size").selectOption("100");
    await waitRange("rows 1–100 of 10,000");
  });

  it("a where applies on Enter: rows change and the URL records it", async () => {
    const total = await countWhere("rating >= 4");
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThan(10_000);
    const where = page.getByLabel("where");
    await where.fill("rating >= 4");
    await where.press("Enter");
    await waitRange(`rows 1–100 of ${total.toLocaleString("en-US")}`);
    expect(new URL(page.url()).searchParams.get("where")).toBe("rating >= 4");
    const ratings = (await cellsOf("rating").allInnerTexts()).map(Number);
    expect(ratings.length).toBeGreaterThan(10);
    expect(ratings.every((r) => r >= 4)).toBe(true);
    await screenshot(page, "tables-where");

    await page.getByRole("button", { name: /Next/ }).click();
    await waitRange(`rows 101–200 of ${total.toLocaleString("en-US")}`);
    expect(new URL(page.url()).searchParams.get("offset")).toBe("100");
    expect(await page.locator("[role=rowheader]").first().innerText()).toBe("101");
    // Back walks through the URL states
    await page.goBack();
    await waitRange(`rows 1–100 of ${total.toLocaleString("en-US")}`);
    expect(new URL(page.url()).searchParams.get("offset")).toBeNull();
    await page.goBack();
    await waitRange("rows 1–100 of 10,000");
    expect(await page.getByLabel("where").inputValue()).toBe("");
  });

  it("deep links reload to the same filter and page", async () => {
    const total = await countWhere("rating>=4");
    const expected = (await srv.api(`/api/tables/gallery/rows?limit=3&offset=100&where=${encodeURIComponent("rating>=4")}`)).body.rows;
    await page.goto(srv.url + "/tables/gallery?where=rating%3E%3D4&offset=100");
    await waitRange(`rows 101–200 of ${total.toLocaleString("en-US")}`);
    expect(await page.getByLabel("where").inputValue()).toBe("rating>=4");
    expect((await cellsOf("title").allInnerTexts()).slice(0, 3)).toEqual(expected.map((r: { title: string }) => r.title));
    await page.reload();
    await waitRange(`rows 101–200 of ${total.toLocaleString("en-US")}`);
    expect((await cellsOf("title").allInnerTexts()).slice(0, 3)).toEqual(expected.map((r: { title: string }) => r.title));
  });

  it("a bad where shows Lance's message inline, and the page keeps working", async () => {
    const where = page.getByLabel("where");
    await where.fill("ratin >= 4");
    await where.press("Enter");
    const err = page.locator("#where-error");
    await err.waitFor();
    const msg = await err.innerText();
    expect(msg).toContain("ratin");
    expect(msg).toMatch(/No field named ratin/i);
    expect(msg).not.toMatch(/\.rs:\d+/);
    expect(await page.locator("h1", { hasText: "gallery" }).isVisible()).toBe(true);
    await screenshot(page, "tables-bad-where");
    // fixing it recovers
    await where.fill("rating = 5");
    await where.press("Enter");
    await err.waitFor({ state: "detached" });
    await waitRange(`rows 1–100 of ${(await countWhere("rating = 5")).toLocaleString("en-US")}`);
    expect(new URL(page.url()).searchParams.get("offset")).toBeNull();
    expect((await cellsOf("rating").allInnerTexts()).every((r) => r === "5")).toBe(true);
  });

  it("a link naming a column that no longer exists shows the others", async () => {
    await page.goto(srv.url + "/tables/gallery?columns=id,ghost,title");
    await waitRange("rows 1–100 of 10,000");
    expect(await page.locator("[role=columnheader][data-column]").evaluateAll((els) => els.map((e) => e.getAttribute("data-column")))).toEqual(["id", "title"]);
  });

  it("an unknown table shows a designed not-found state", async () => {
    await page.goto(srv.url + "/tables/no_such_table");
    const nf = page.getByTestId("table-not-found");
    await nf.waitFor();
    const text = await nf.innerText();
    expect(text).toContain("404");
    expect(text).toContain("No table named no_such_table");
    expect(await nf.getByRole("link", { name: "gallery" }).getAttribute("href")).toBe("/tables/gallery");
    await screenshot(page, "tables-not-found");
  });

  it("loaded nothing from the internet and logged no errors but expected HTTP ones", () => {
    expect(external).toEqual([]);
    // "Failed to load resource" = a 4xx/5xx the test provoked (bad where, unknown
    // table, the mocked 500) or a prefetch of a page another part of the app owns
    expect(consoleErrors.filter((e) => !e.startsWith("Failed to load resource"))).toEqual([]);
  });
});
