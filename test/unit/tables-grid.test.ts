// Rows grid logic without React: the URL query, pager, range label, the
// virtual window, column layout and fill labels.
import { describe, expect, it } from "vitest";
import { fillPercent, columnWidth, gridTemplate, isNumericType, typeLabel } from "@/components/tables/column-layout";
import { DEFAULT_LIMIT, gridSearch, pager, parseGridQuery, rangeLabel, rowsPath } from "@/components/tables/grid-query";
import { virtualWindow } from "@/components/tables/virtual-window";

const sp = (s: string) => new URLSearchParams(s);

describe("grid query in the URL", () => {
  it("parses where, offset, limit and columns, with defaults and clamping", () => {
    expect(parseGridQuery(sp(""))).toEqual({ where: "", offset: 0, limit: DEFAULT_LIMIT, columns: null });
    expect(parseGridQuery(sp("where=rating%3E%3D4&offset=100&limit=250&columns=id,title"))).toEqual({
      where: "rating>=4", offset: 100, limit: 250, columns: ["id", "title"],
    });
    expect(parseGridQuery(sp("offset=-5&limit=99999")).offset).toBe(0);
    expect(parseGridQuery(sp("limit=99999")).limit).toBe(1000);
    expect(parseGridQuery(sp("limit=0")).limit).toBe(1);
    expect(parseGridQuery(sp("offset=abc&limit=")).offset).toBe(0);
    expect(parseGridQuery(sp("limit=abc")).limit).toBe(DEFAULT_LIMIT);
  });

  it("writes a short search string that parses back to the same query, keeping other params", () => {
    const q = { where: "category = 'macro' AND rating >= 4", offset: 200, limit: 50, columns: ["id", "image"] };
    const s = gridSearch(q);
    expect(parseGridQuery(sp(s.slice(1)))).toEqual(q);
    expect(gridSearch({ where: "  ", offset: 0, limit: DEFAULT_LIMIT, columns: null })).toBe("");
    expect(gridSearch({ where: "a = 1", offset: 0, limit: DEFAULT_LIMIT, columns: null }, sp("tab=schema&offset=9"))).toBe("?tab=schema&where=a+%3D+1");
  });

  it("asks the rows API for the page and its total", () => {
    expect(rowsPath("my table", { where: " rating >= 4 ", offset: 100, limit: 50, columns: ["id"] })).toBe(
      "/api/tables/my%20table/rows?limit=50&offset=100&count=1&where=rating+%3E%3D+4&columns=id",
    );
  });
});

describe("pager and range label", () => {
  const q = (offset: number, limit = 100) => ({ where: "", offset, limit, columns: null });
  it("with a total", () => {
    expect(pager(q(0), 100, 10_000)).toEqual({ prev: null, next: 100, last: 9_900 });
    expect(pager(q(9_900), 100, 10_000)).toEqual({ prev: 9_800, next: null, last: null });
    expect(pager(q(50), 100, 120)).toEqual({ prev: 0, next: null, last: 100 });
    expect(pager(q(0), 0, 0)).toEqual({ prev: null, next: null, last: null });
  });
  it("without a total: a full page may have a next one", () => {
    expect(pager(q(0), 100)).toEqual({ prev: null, next: 100, last: null });
    expect(pager(q(100), 37)).toEqual({ prev: 0, next: null, last: null });
  });
  it("labels", () => {
    expect(rangeLabel(0, 100, 10_000)).toBe("rows 1–100 of 10,000");
    expect(rangeLabel(100, 100)).toBe("rows 101–200");
    expect(rangeLabel(0, 0, 0)).toBe("no rows");
    expect(rangeLabel(500, 0, 42)).toBe("no rows at offset 500 (42 match)");
  });
});

describe("virtualWindow", () => {
  it("renders the visible rows plus overscan, with spacers for the rest", () => {
    const w = virtualWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 40, count: 1000 });
    expect(w.start).toBe(0);
    expect(w.end).toBe(16 + 12);
    expect(w.padTop).toBe(0);
    expect(w.padBottom).toBe((1000 - w.end) * 40);
  });
  it("keeps about 40 rows in the DOM anywhere in a 1000-row page", () => {
    for (const top of [0, 4_000, 20_000, 39_400, 40_000]) {
      const w = virtualWindow({ scrollTop: top, viewportHeight: 600, rowHeight: 40, count: 1000 });
      expect(w.end - w.start).toBeLessThanOrEqual(40);
      expect(w.padTop + (w.end - w.start) * 40 + w.padBottom).toBe(40_000);
      // the visible rows are inside the window
      const firstVisible = Math.min(999, Math.floor(top / 40));
      expect(w.start).toBeLessThanOrEqual(firstVisible);
      expect(w.end).toBeGreaterThanOrEqual(Math.min(1000, Math.ceil((top + 600) / 40)));
    }
  });
  it("handles empty lists, short lists and overscrolling", () => {
    expect(virtualWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 40, count: 0 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(virtualWindow({ scrollTop: 0, viewportHeight: 600, rowHeight: 40, count: 5 })).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
    const w = virtualWindow({ scrollTop: 1e9, viewportHeight: 600, rowHeight: 40, count: 50 });
    expect(w.end).toBe(50);
    expect(w.start).toBeGreaterThan(0);
  });
});

describe("column layout and fill", () => {
  it("widths and types", () => {
    expect(columnWidth("Utf8")).toBeGreaterThan(columnWidth("Int64"));
    expect(columnWidth("List<Float32>")).toBe(220);
    expect(gridTemplate([{ type: "Int64" }, { type: "Utf8" }, { type: "Int64", udf: {} }])).toBe("72px 110px minmax(180px, 1fr) 158px");
    expect(isNumericType("Float64")).toBe(true);
    expect(isNumericType("Utf8")).toBe(false);
    expect(typeLabel("FixedSizeList[3]<Float32>")).toBe("list[3]<float32>");
    expect(typeLabel("Utf8")).toBe("string");
  });
  it("fill labels never round up to done", () => {
    expect(fillPercent(0)).toBe("0%");
    expect(fillPercent(1)).toBe("100%");
    expect(fillPercent(0.41)).toBe("41%");
    expect(fillPercent(0.035)).toBe("3.5%");
    expect(fillPercent(0.0999)).toBe("9.9%");
    expect(fillPercent(0.995)).toBe("99%");
    expect(fillPercent(0.9999)).toBe(">99.9%");
    expect(fillPercent(0.00001)).toBe("<0.1%");
    expect(fillPercent(undefined)).toBe("—");
  });
});
