import { describe, expect, it } from "vitest";
import { compareRuns, rowAddressWhere } from "@/components/udfs/udf-compare";
import { clampLimit, DEFAULT_SAMPLE, previewBody, sampleProblem } from "@/components/udfs/preview-request";
import { cellView, fmtBytes, fmtRowAddress, inputColumnsOf, sameValue, sniffImage } from "@/components/udfs/preview-values";

const b64 = (bytes: number[]) => Buffer.from(bytes).toString("base64");
const PNG = b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe("preview values", () => {
  it("sniffs image types from magic bytes", () => {
    expect(sniffImage(PNG)).toBe("image/png");
    expect(sniffImage(b64([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe("image/jpeg");
    expect(sniffImage(b64([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]))).toBe("image/webp");
    expect(sniffImage(b64([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45]))).toBeNull(); // RIFF WAVE
    expect(sniffImage(b64([1, 2, 3]))).toBeNull();
    expect(sniffImage(null)).toBeNull();
  });

  it("renders binary as a thumbnail or a size", () => {
    expect(cellView({ $bytes: PNG, size: 12 })).toEqual({ kind: "image", src: `data:image/png;base64,${PNG}`, size: 12 });
    expect(cellView({ $bytes: b64([1, 2, 3]), size: 3 })).toEqual({ kind: "bytes", size: 3 });
    expect(cellView({ $bytes: null, size: 5_000_000 })).toEqual({ kind: "bytes", size: 5_000_000 });
    expect([fmtBytes(3), fmtBytes(2048), fmtBytes(5 * 1024 * 1024)]).toEqual(["3 bytes", "2.0 KiB", "5.0 MiB"]);
  });

  it("truncates long text and summarizes lists and structs", () => {
    const long = "x".repeat(200);
    expect(cellView(long)).toMatchObject({ kind: "text", truncated: true, full: long, text: "x".repeat(80) + "…" });
    expect(cellView("short")).toMatchObject({ kind: "text", truncated: false, text: "short" });
    expect(cellView([1, 2, 3, 4, 5, 6])).toMatchObject({ kind: "text", text: "[1, 2, 3, 4, … 6 items]", truncated: true });
    expect(cellView({ length: 3, preview: "abc" })).toMatchObject({ kind: "text", text: '{length: 3, preview: "abc"}' });
    expect(cellView(null)).toEqual({ kind: "null" });
    expect(cellView(0.1 + 0.2)).toEqual({ kind: "number", text: "0.3" });
    expect(cellView(true)).toEqual({ kind: "bool", text: "true" });
  });

  it("compares outputs deeply, floats with a tolerance", () => {
    expect(sameValue(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameValue(1, 2)).toBe(false);
    expect(sameValue({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] })).toBe(true);
    expect(sameValue({ a: [1, { b: "x" }] }, { a: [1, { b: "y" }] })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
  });

  it("formats row addresses as fragment:offset", () => {
    expect(fmtRowAddress(0)).toBe("0:0");
    expect(fmtRowAddress(3 * 2 ** 32 + 17)).toBe("3:17");
    expect(inputColumnsOf([{ input: { a: 1, b: 2 } }])).toEqual(["a", "b"]);
    expect(inputColumnsOf([], ["x"])).toEqual(["x"]);
  });
});

describe("preview request", () => {
  it("builds the body for each sample mode", () => {
    expect(previewBody("t", "src", { mode: "first", limit: 20, where: "ignored" })).toEqual({ table: "t", source: "src", limit: 20, sample: "first" });
    expect(previewBody("t", "src", { mode: "random", limit: 5000, where: "" }, "col")).toEqual({ table: "t", source: "src", limit: 1000, sample: "random", column: "col" });
    expect(previewBody("t", "src", { mode: "where", limit: 10, where: "  rating >= 4 " })).toEqual({ table: "t", source: "src", limit: 10, sample: "first", where: "rating >= 4" });
  });

  it("says what is wrong with the settings", () => {
    expect(sampleProblem(DEFAULT_SAMPLE)).toBeNull();
    expect(sampleProblem({ mode: "where", limit: 10, where: " " })).toMatch(/where/);
    expect(sampleProblem({ mode: "first", limit: 0, where: "" })).toMatch(/between 1 and 1000/);
    expect(sampleProblem({ mode: "first", limit: NaN, where: "" })).toMatch(/between/);
    expect([clampLimit(0), clampLimit(2000), clampLimit(NaN), clampLimit(7.4)]).toEqual([1, 1000, 20, 7]);
  });
});

describe("compare mode", () => {
  it("selects exactly the sampled rows (with the predicate that avoids Lance's row-range pushdown)", () => {
    expect(rowAddressWhere([5, 4294967296, 5])).toBe("_rowaddr IN (5, 4294967296) AND _rowaddr IS NOT NULL");
    expect(rowAddressWhere([])).toBe("false");
  });

  it("joins runs by row address and counts differing outputs; an error differs from a value", () => {
    const row = (rowAddress: number, output: unknown, error?: string) => ({
      rowAddress, input: { x: rowAddress }, output, ...(error ? { error: { type: error, message: "m", traceback: "t" } } : {}),
    });
    const stored = { rows: [row(1, 10), row(2, 20), row(3, null, "ValueError"), row(4, 40), row(5, 50)] };
    const edited = { rows: [row(2, 21), row(1, 10), row(3, null, "ValueError"), row(4, null, "KeyError")] };
    const c = compareRuns(stored, edited);
    expect(c.rows.map((r) => [r.rowAddress, r.differs])).toEqual([[1, false], [2, true], [3, false], [4, true], [5, true]]);
    expect(c.differing).toBe(3);
    expect(c.missing).toBe(1);
  });
});
