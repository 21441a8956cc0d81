import { describe, expect, it } from "vitest";
import { cellAt, cellRect, countByState, gridLayout } from "@/components/jobs/fragment-grid-layout";

describe("gridLayout", () => {
  it("uses big cells for a few fragments", () => {
    const l = gridLayout(5, 1000);
    expect(l).toMatchObject({ n: 5, cell: 18, gap: 2, pitch: 20, cols: 5, rows: 1, width: 98, height: 18 });
  });
  it("shrinks cells until the grid fits the height budget", () => {
    const l = gridLayout(10_000, 1000, 480);
    expect(l.height).toBeLessThanOrEqual(480);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(10_000);
    // one size bigger would not fit
    const pitch = l.cell + 1 + (l.cell + 1 >= 8 ? 2 : l.cell + 1 >= 4 ? 1 : 0);
    expect(Math.ceil(10_000 / Math.floor((1000 + pitch - l.cell - 1) / pitch)) * pitch).toBeGreaterThan(480);
  });
  it("100k fragments in a 1100 px wide box: tiny cells, every fragment placed, width respected", () => {
    const l = gridLayout(100_000, 1100, 480);
    expect(l.cell).toBeGreaterThanOrEqual(2);
    expect(l.width).toBeLessThanOrEqual(1100);
    expect(l.cols * l.rows).toBeGreaterThanOrEqual(100_000);
    expect((l.rows - 1) * l.cols).toBeLessThan(100_000);
  });
  it("falls back to 2 px cells and grows taller when even those do not fit", () => {
    const l = gridLayout(1_000_000, 500, 100);
    expect(l).toMatchObject({ cell: 2, gap: 0, cols: 250, rows: 4000, height: 8000 });
  });
  it("handles zero fragments and a zero width", () => {
    expect(gridLayout(0, 800).height).toBe(0);
    expect(gridLayout(3, 0).cols).toBe(1);
  });
});

describe("cellAt (hit-testing)", () => {
  const l = gridLayout(95, 200); // 18 px cells, pitch 20, 10 columns
  it("maps points to the cell under them", () => {
    expect(l).toMatchObject({ cell: 18, pitch: 20, cols: 10, rows: 10 });
    expect(cellAt(l, 0, 0)).toBe(0);
    expect(cellAt(l, 17.9, 17.9)).toBe(0);
    expect(cellAt(l, 21, 1)).toBe(1);
    expect(cellAt(l, 5, 41)).toBe(20);
    expect(cellAt(l, 199, 181)).toBe(-1); // row 9, col 9 = index 99 ≥ 95
    expect(cellAt(l, 99, 181)).toBe(94);
  });
  it("a gap counts as the cell before it; outside is -1", () => {
    expect(cellAt(l, 19, 5)).toBe(0);
    expect(cellAt(l, -1, 5)).toBe(-1);
    expect(cellAt(l, 5, 200)).toBe(-1);
    expect(cellAt(l, 200, 5)).toBe(-1);
  });
  it("is the inverse of cellRect for every cell of a big grid", () => {
    const big = gridLayout(100_000, 1100, 480);
    for (const i of [0, 1, big.cols - 1, big.cols, 12_345, 99_999]) {
      const r = cellRect(big, i);
      expect(cellAt(big, r.x + r.size / 2, r.y + r.size / 2)).toBe(i);
    }
  });
});

describe("countByState", () => {
  it("counts indexes, ignoring unknown ones", () => {
    expect(countByState([0, 3, 3, 4, 9, -1], 5)).toEqual([1, 0, 0, 2, 1]);
  });
});
