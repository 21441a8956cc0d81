import { describe, expect, it } from "vitest";
import { paramName, parameterFor, pythonKind } from "@/components/udfs/column-types";
import { udfTemplates } from "@/components/udfs/udf-templates";
import { pyJson } from "../helpers/python";

const gallery = [
  { name: "id", type: "Int64" },
  { name: "title", type: "Utf8" },
  { name: "description", type: "Utf8" },
  { name: "category", type: "Utf8" },
  { name: "price", type: "Float64" },
  { name: "rating", type: "Int32" },
  { name: "image", type: "Binary" },
  { name: "word_count", type: "Int64" },
];

const awkward = [
  { name: "unit price", type: "Float32" },
  { name: "class", type: "Utf8" },
  { name: "2nd-label", type: "LargeUtf8" },
];

describe("column types", () => {
  it("maps Arrow types to the Python type a scalar parameter receives", () => {
    expect(["Utf8", "LargeUtf8", "Int8", "UInt64", "Float32", "Bool", "Binary", "List<Utf8>", "FixedSizeList[8]<Float32>", "Struct<{x:Int64}>", "Date32<DAY>"].map(pythonKind))
      .toEqual(["str", "str", "int", "int", "float", "bool", "bytes", "list", "list", "dict", null]);
  });

  it("turns column names into parameter names", () => {
    expect(["unit price", "class", "2nd-label", "ok_name"].map(paramName)).toEqual(["unit_price", "class_", "c_2nd_label", "ok_name"]);
    expect(parameterFor({ name: "description", type: "Utf8" })).toBe("description: str");
  });
});

describe("udfTemplates", () => {
  it("gives the five kinds, written against the table's columns", () => {
    const t = udfTemplates(gallery);
    expect(t.map((x) => x.id)).toEqual(["scalar", "array", "record_batch", "stateful", "struct"]);
    const src = Object.fromEntries(t.map((x) => [x.id, x.source]));
    expect(src.scalar).toContain("def description_words(description: str) -> int:");
    expect(src.array).toContain("@udf(data_type=pa.float64())\ndef price_scaled(price: pa.Array) -> pa.Array:");
    expect(src.record_batch).toContain('input_columns=["description", "id"]');
    expect(src.record_batch).toContain("(batch: pa.RecordBatch) -> pa.Array:");
    expect(src.stateful).toContain("def setup(self):");
    expect(src.stateful).toContain("def __call__(self, description: str) -> float:");
    expect(src.struct).toContain("pa.struct([");
  });

  it("uses input_columns when a column name is not a Python identifier, and never the excluded column", () => {
    const t = udfTemplates(awkward);
    expect(t[0].source).toContain('@udf(input_columns=["class"])');
    expect(t[0].source).toContain("def class__words(class_: str)");
    const ex = udfTemplates(gallery, ["description", "title", "category"]);
    for (const x of ex) expect(x.source).not.toMatch(/\bdescription\b/);
  });

  it("still gives runnable text for a table with no columns", () => {
    for (const x of udfTemplates([])) expect(x.source).toContain("@udf");
  });

  it("are UDFs the Python loader accepts for their table", () => {
    const cases = [
      { schema: "gallery", templates: udfTemplates(gallery) },
      { schema: "awkward", templates: udfTemplates(awkward) },
    ];
    const results = pyJson<Record<string, Record<string, string>>>(`
import sys, json, pyarrow as pa
from backfill_studio.loader import validate, UdfError
schemas = {
  "gallery": pa.schema([("id", pa.int64()), ("title", pa.string()), ("description", pa.string()), ("category", pa.string()),
                        ("price", pa.float64()), ("rating", pa.int32()), ("image", pa.binary()), ("word_count", pa.int64())]),
  "awkward": pa.schema([("unit price", pa.float32()), ("class", pa.string()), ("2nd-label", pa.large_string())]),
}
out = {}
for case in json.loads(sys.argv[1]):
    res = out.setdefault(case["schema"], {})
    for t in case["templates"]:
        try:
            u = validate(t["source"], schemas[case["schema"]], output_column="new_col")
            res[t["id"]] = "ok " + u.kind + " " + str(u.data_type)
        except UdfError as e:
            res[t["id"]] = "error " + e.message
print(json.dumps(out))
`, [JSON.stringify(cases)]);
    expect(results.gallery).toEqual({
      scalar: "ok scalar int64",
      array: "ok array double",
      record_batch: "ok record_batch string",
      stateful: "ok scalar float",
      struct: "ok scalar struct<length: int64, preview: string>",
    });
    for (const v of Object.values(results.awkward)) expect(v).toMatch(/^ok /);
  });
});
