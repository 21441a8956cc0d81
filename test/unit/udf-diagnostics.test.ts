import { describe, expect, it } from "vitest";
import { asDiagnostic, diagnosticLabel, diagnosticToMarker } from "@/components/udfs/udf-diagnostics";

const src = [
  "from geneva import udf", // 1
  "", // 2
  "@udf", // 3
  "def desc_words(descripton: str) -> int:", // 4
  "    # descripton in a comment is not a match", // 5
  "    return len(descripton.split())", // 6
].join("\n");

describe("diagnosticToMarker", () => {
  it("puts a syntax error at its line and column, on the token there", () => {
    const m = diagnosticToMarker({ kind: "syntax", message: "syntax error: invalid syntax", line: 6, column: 12 }, src);
    expect(m).toMatchObject({ startLineNumber: 6, startColumn: 12, endLineNumber: 6, endColumn: 15, severity: "error", source: "syntax" });
  });

  it("marks one character for a syntax error on punctuation, and clamps a column past the end of the line", () => {
    expect(diagnosticToMarker({ kind: "syntax", message: "x", line: 4, column: 15 }, src)).toMatchObject({ startColumn: 15, endColumn: 16 });
    const past = diagnosticToMarker({ kind: "syntax", message: "x", line: 3, column: 40 }, src);
    expect(past).toMatchObject({ startLineNumber: 3, startColumn: 4, endColumn: 5 });
  });

  it("narrows an unknown input column to the parameter that names it, searching from the reported line", () => {
    const m = diagnosticToMarker(
      { kind: "input_column", message: "unknown input column 'descripton' (table columns: description, id)", line: 3, column: null },
      src,
    );
    expect(m).toMatchObject({ startLineNumber: 4, startColumn: 16, endColumn: 26, source: "input_column" });
    expect(src.split("\n")[3].slice(m.startColumn - 1, m.endColumn - 1)).toBe("descripton");
  });

  it("prefers a quoted name in input_columns=[...] over an identifier", () => {
    const s = '@udf(data_type=pa.int64(), input_columns=["titel"])\ndef f(titel: pa.Array) -> pa.Array:\n    return titel';
    const m = diagnosticToMarker({ kind: "input_column", message: "unknown input column 'titel' (table columns: title)", line: 1, column: null }, s);
    expect(m).toMatchObject({ startLineNumber: 1, startColumn: 44, endColumn: 49 });
    expect(s.split("\n")[0].slice(m.startColumn - 1, m.endColumn - 1)).toBe("titel");
  });

  it("marks the parameter of an input type mismatch", () => {
    const m = diagnosticToMarker(
      { kind: "input_type", message: "parameter 'descripton' is annotated int but input column 'description' has type string", line: 3, column: null },
      src,
    );
    expect(m).toMatchObject({ startLineNumber: 4, startColumn: 16, endColumn: 26 });
  });

  it("marks the @udf decorator for a missing data_type", () => {
    const m = diagnosticToMarker({ kind: "data_type", message: "data_type is required for batched (array) UDFs", line: 4, column: null }, src);
    expect(m).toMatchObject({ startLineNumber: 3, startColumn: 1, endColumn: 5 });
  });

  it("falls back to the reported line's text, or line 1 without a line", () => {
    expect(diagnosticToMarker({ kind: "load", message: "NameError: x", line: 6, column: null }, src)).toMatchObject({
      startLineNumber: 6, startColumn: 5, endColumn: 35,
    });
    expect(diagnosticToMarker({ kind: "no_udf", message: "no @udf found", line: null, column: null }, src)).toMatchObject({
      startLineNumber: 1, startColumn: 1, endColumn: 23, // "from geneva import udf" is 22 characters; the end is exclusive
    });
    // A name that is nowhere in the source: the reported line.
    expect(diagnosticToMarker({ kind: "input_column", message: "unknown input column 'zzz'", line: 4, column: null }, src)).toMatchObject({
      startLineNumber: 4, startColumn: 1,
    });
    // Out-of-range lines are clamped; an empty source still gets a one-character marker.
    expect(diagnosticToMarker({ kind: "syntax", message: "x", line: 99, column: null }, src).startLineNumber).toBe(6);
    expect(diagnosticToMarker({ kind: "empty", message: "source is empty", line: null, column: null }, "")).toMatchObject({
      startLineNumber: 1, startColumn: 1, endColumn: 2,
    });
  });
});

describe("asDiagnostic / diagnosticLabel", () => {
  it("reads a 400 body's details", () => {
    expect(asDiagnostic({ kind: "syntax", message: "bad", line: 2, column: 3 }, "fallback")).toEqual({ kind: "syntax", message: "bad", line: 2, column: 3 });
    expect(asDiagnostic({ kind: "no_udf" }, "fallback")).toEqual({ kind: "no_udf", message: "fallback", line: null, column: null });
    expect(asDiagnostic(undefined, "x")).toBeNull();
    expect(asDiagnostic({ traceback: "..." }, "x")).toBeNull();
  });

  it("labels kinds", () => {
    expect(diagnosticLabel("input_column")).toBe("Unknown input column");
    expect(diagnosticLabel("something_new")).toBe("something new");
  });
});
