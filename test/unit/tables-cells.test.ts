// Cell formatting of the rows grid: images by magic bytes, binary sizes, text
// truncation with an expand view, list summaries, structs, NULL.
import { describe, expect, it } from "vitest";
import { base64Head, compactJson, describeCell, expandedText, fmtBytes, shortNumber, sniffImage, summarizeList, TEXT_LIMIT, truncate } from "@/components/tables/cells";

const b64 = (bytes: number[] | Uint8Array) => Buffer.from(bytes as number[]).toString("base64");
const bin = (bytes: number[]) => ({ $bytes: b64(bytes), size: bytes.length });

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46];
const WEBP = [0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38];
const WAV = [0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45];

describe("base64Head", () => {
  it("decodes the leading bytes of any length and alignment", () => {
    const bytes = Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const n of [0, 1, 2, 3, 4, 5, 8, 12, 40]) expect(base64Head(b64(bytes), n)).toEqual(bytes.slice(0, n));
    expect(base64Head(b64([1, 2]), 12)).toEqual([1, 2]); // shorter than asked, with padding
    expect(base64Head("", 4)).toEqual([]);
    expect(base64Head("@@@@", 3)).toEqual([]); // not base64
  });
});

describe("sniffImage", () => {
  it("recognizes PNG, JPEG and WebP by magic bytes", () => {
    expect(sniffImage(b64(PNG))).toBe("image/png");
    expect(sniffImage(b64(JPEG))).toBe("image/jpeg");
    expect(sniffImage(b64(WEBP))).toBe("image/webp");
  });
  it("says null for other binary: a RIFF that is not WebP, text, short and empty values", () => {
    expect(sniffImage(b64(WAV))).toBeNull();
    expect(sniffImage(b64([...Buffer.from("hello world")]))).toBeNull();
    expect(sniffImage(b64([0x89, 0x50]))).toBeNull();
    expect(sniffImage(b64([0xff, 0xd8]))).toBeNull();
    expect(sniffImage("")).toBeNull();
    // a GIF is an image, but not one we promise to show
    expect(sniffImage(b64([...Buffer.from("GIF89a")]))).toBeNull();
  });
});

describe("describeCell", () => {
  it("NULL (and a missing value) is null", () => {
    expect(describeCell(null)).toEqual({ kind: "null" });
    expect(describeCell(undefined)).toEqual({ kind: "null" });
  });

  it("an image becomes a data: URL thumbnail with its MIME type", () => {
    const v = describeCell(bin(PNG));
    expect(v).toMatchObject({ kind: "image", mime: "image/png", size: PNG.length, label: "16 bytes" });
    expect(v.kind === "image" && v.src).toBe(`data:image/png;base64,${b64(PNG)}`);
    expect(describeCell(bin(JPEG))).toMatchObject({ kind: "image", mime: "image/jpeg" });
    expect(describeCell(bin(WEBP))).toMatchObject({ kind: "image", src: expect.stringMatching(/^data:image\/webp;base64,UklGR/) });
  });

  it("other binary shows its size", () => {
    expect(describeCell(bin([1, 2, 3]))).toEqual({ kind: "bytes", size: 3, label: "3 bytes" });
    expect(describeCell(bin([7]))).toEqual({ kind: "bytes", size: 1, label: "1 byte" });
    expect(describeCell({ $bytes: "", size: 0 })).toEqual({ kind: "bytes", size: 0, label: "0 bytes" });
    expect(describeCell({ $bytes: b64(WAV), size: 2_500_000 })).toMatchObject({ kind: "bytes", label: "2.4 MB" });
  });

  it("numbers and booleans are shown as they are", () => {
    expect(describeCell(42)).toEqual({ kind: "number", text: "42" });
    expect(describeCell(368.76)).toEqual({ kind: "number", text: "368.76" });
    expect(describeCell(0)).toEqual({ kind: "number", text: "0" });
    expect(describeCell(false)).toEqual({ kind: "bool", text: "false" });
  });

  it("short text is shown whole and has nothing to expand", () => {
    const v = describeCell("Pearl calm #0");
    expect(v).toEqual({ kind: "text", text: "Pearl calm #0" });
    expect(expandedText(v)).toBeNull();
    expect(describeCell("")).toEqual({ kind: "text", text: "" });
  });

  it("long text is cut to TEXT_LIMIT with an ellipsis; the expand view has all of it", () => {
    const long = "word ".repeat(100).trim();
    const v = describeCell(long);
    expect(v.kind).toBe("text");
    if (v.kind !== "text") return;
    expect(v.text.length).toBe(TEXT_LIMIT);
    expect(v.text.endsWith("…")).toBe(true);
    expect(long.startsWith(v.text.slice(0, -1))).toBe(true);
    expect(expandedText(v)).toBe(long);
  });

  it("multi-line text stays on one line in the grid and expands to its lines", () => {
    const v = describeCell("line one\nline two");
    expect(v).toEqual({ kind: "text", text: "line one ⏎ line two", full: "line one\nline two" });
    expect(expandedText(v)).toBe("line one\nline two");
  });

  it("lists and vectors are summarized with a count and the first items", () => {
    const vec = describeCell([0.1, 0.2, 0.30000001, 0.4, 0.5]);
    expect(vec).toMatchObject({ kind: "list", count: 5, text: "[5 items] 0.1, 0.2, 0.3, …" });
    expect(expandedText(vec)).toBe("[0.1, 0.2, 0.30000001, 0.4, 0.5]");
    expect(describeCell(["t0", "u0"])).toMatchObject({ kind: "list", count: 2, text: "[2 items] t0, u0" });
    expect(expandedText(describeCell(["t0", "u0"]))).toBeNull();
    expect(describeCell([])).toMatchObject({ kind: "list", count: 0, text: "[0 items]" });
    expect(describeCell([7])).toMatchObject({ text: "[1 item] 7" });
    expect(describeCell([null, true, bin([1, 2])])).toMatchObject({ text: "[3 items] null, true, <2 bytes>" });
    const big = Array.from({ length: 1536 }, (_, i) => i / 1000);
    expect(describeCell(big)).toMatchObject({ count: 1536, text: "[1,536 items] 0, 0.001, 0.002, …" });
  });

  it("long list items are shortened", () => {
    const v = describeCell(["x".repeat(50), { a: "y".repeat(40) }]);
    expect(v.kind === "list" && v.text).toBe(`[2 items] ${"x".repeat(23)}…, {"a":"${"y".repeat(17)}…`);
  });

  it("structs are compact JSON; binary inside reads as a size; long ones expand pretty-printed", () => {
    expect(describeCell({ a: 1, b: "x", c: null })).toEqual({ kind: "struct", text: '{"a":1,"b":"x","c":null}' });
    expect(describeCell({ img: bin([1, 2, 3]) })).toEqual({ kind: "struct", text: '{"img":"<3 bytes>"}' });
    const wide = { label: "a".repeat(60), score: 0.5, tags: ["x", "y"] };
    const v = describeCell(wide);
    expect(v.kind).toBe("struct");
    if (v.kind !== "struct") return;
    expect(v.text.length).toBe(TEXT_LIMIT);
    expect(expandedText(v)).toBe(JSON.stringify(wide, null, 2));
    expect(expandedText(describeCell({ a: 1 }))).toBeNull();
  });

  it("64-bit integers beyond 2^53 arrive as strings and stay exact", () => {
    expect(describeCell("18446744073709551615")).toEqual({ kind: "text", text: "18446744073709551615" });
  });
});

describe("helpers", () => {
  it("fmtBytes", () => {
    expect(fmtBytes(0)).toBe("0 bytes");
    expect(fmtBytes(1023)).toBe("1,023 bytes");
    expect(fmtBytes(1536)).toBe("1.5 KB");
    expect(fmtBytes(5 * 1024 * 1024)).toBe("5.0 MB");
  });
  it("shortNumber", () => {
    expect(shortNumber(3)).toBe("3");
    expect(shortNumber(0.123456)).toBe("0.1235");
    expect(shortNumber(-12.5)).toBe("-12.5");
    expect(shortNumber(0.00001234)).toBe("1.23e-5");
    expect(shortNumber(1234567890.5)).toBe("1.23e+9");
  });
  it("summarizeList, compactJson and truncate", () => {
    expect(summarizeList([1, 2, 3])).toBe("[3 items] 1, 2, 3");
    expect(compactJson([{ b: bin([1]) }])).toBe('[{"b":"<1 byte>"}]');
    expect(truncate("abc")).toEqual({ text: "abc" });
    expect(truncate("abcdef", 4)).toEqual({ text: "abc…", full: "abcdef" });
  });
});
