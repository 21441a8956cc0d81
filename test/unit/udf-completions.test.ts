import { describe, expect, it } from "vitest";
import { completionContext, completionItems, ON_ERROR_FACTORIES, UDF_ARGS } from "@/components/udfs/udf-completions";

const cols = [
  { name: "id", type: "Int64" },
  { name: "description", type: "Utf8" },
  { name: "price", type: "Float64" },
  { name: "image", type: "Binary" },
  { name: "unit price", type: "Float32" },
  { name: "tags", type: "List<Utf8>" },
  { name: "when", type: "Timestamp<MICROSECOND>" },
];

describe("completionContext", () => {
  it.each([
    ["@udf(data_type=pa.", "pa"],
    ["x = pa.int", "pa"],
    ["@udf(", "udf_args"],
    ["@udf(data_type=pa.int64(), ", "udf_args"],
    ["@udf(\n    data_type=pa.int64(),\n    ", "udf_args"],
    ["@udf(on_error=", "on_error"],
    ["@udf(on_error=skip", "on_error"],
    ["@udf(input_columns=[", "input_columns"],
    ['@udf(input_columns=["id", ', "input_columns"],
    ["@udf\ndef f(", "def_params"],
    ["@udf\ndef f(a: str, ", "def_params"],
    ["@udf\ndef f(a: str):\n    return len(", "general"],
    ["@udf\ndef f(a: str):\n    return a", "general"],
    ["@udf()\n", "general"],
    ['@udf(version="(", ', "udf_args"], // a bracket inside a string does not count
    ["@udf(  # ( in a comment\n  ", "udf_args"],
  ])("%j → %s", (before, kind) => {
    expect(completionContext(before)).toBe(kind);
  });
});

describe("completionItems", () => {
  it("offers columns as parameters with their Arrow type in the detail", () => {
    const items = completionItems("@udf\ndef f(", cols);
    const byLabel = Object.fromEntries(items.map((i) => [i.label, i]));
    expect(byLabel.description).toMatchObject({ insertText: "description: str", detail: "Utf8 → str", kind: "field" });
    expect(byLabel.price).toMatchObject({ insertText: "price: float", detail: "Float64 → float" });
    expect(byLabel.image.insertText).toBe("image: bytes");
    expect(byLabel.tags.insertText).toBe("tags: list");
    expect(byLabel["unit price"].insertText).toBe("unit_price: float");
    expect(byLabel.when).toMatchObject({ insertText: "when", detail: "Timestamp<MICROSECOND>" });
    // Columns keep the table's order.
    expect(items.map((i) => i.label)).toEqual(cols.map((c) => c.name));
  });

  it("leaves out the output column", () => {
    expect(completionItems("@udf\ndef f(", cols, ["price"]).map((i) => i.label)).not.toContain("price");
  });

  it("offers quoted column names inside input_columns=[…]", () => {
    const items = completionItems("@udf(data_type=pa.int64(), input_columns=[", cols);
    expect(items.find((i) => i.label === "unit price")?.insertText).toBe('"unit price"');
  });

  it("offers pa. types, with snippets for list_ and struct", () => {
    const items = completionItems("@udf(data_type=pa.", cols);
    const labels = items.map((i) => i.label);
    for (const t of ["int64()", "float32()", "string()", "binary()", "bool_()", "list_()", "struct()", "RecordBatch", "Array"]) expect(labels).toContain(t);
    expect(items.find((i) => i.label === "list_()")).toMatchObject({ insertText: "list_(${1:pa.float32()})", snippet: true });
    expect(items.find((i) => i.label === "struct()")?.insertText).toContain("pa.field(");
  });

  it("offers every @udf argument inside @udf(", () => {
    const labels = completionItems("@udf(", cols).map((i) => i.label);
    expect(labels).toEqual(["data_type", "input_columns", "version", "num_cpus", "num_gpus", "memory", "checkpoint_size", "on_error", "timeout"]);
    expect(UDF_ARGS.find((a) => a.name === "data_type")?.insert).toBe("data_type=pa.${1:int64()}");
  });

  it("offers the error policies after on_error=", () => {
    const labels = completionItems("@udf(on_error=", cols).map((i) => i.label);
    expect(labels).toEqual(["skip_on_error()", "retry_transient()", "retry_all()", "fail_fast()"]);
    expect(ON_ERROR_FACTORIES).toHaveLength(4);
  });

  it("offers column names and policies elsewhere", () => {
    const items = completionItems("x = ", cols);
    expect(items.find((i) => i.label === "unit price")?.insertText).toBe("unit_price");
    expect(items.map((i) => i.label)).toContain("skip_on_error()");
  });
});
