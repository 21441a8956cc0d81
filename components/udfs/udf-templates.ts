// Starting points for a new UDF, written against the table's real columns:
// scalar, batched pa.Array, pa.RecordBatch, stateful (setup()) and struct output.
import { isIdentifier, paramName, pythonKind, type ColumnLike } from "./column-types";

export type TemplateId = "scalar" | "array" | "record_batch" | "stateful" | "struct";

export interface UdfTemplate {
  id: TemplateId;
  label: string;
  description: string;
  source: string;
}

interface Picks {
  text: ColumnLike | null;
  number: ColumnLike | null;
  any: ColumnLike | null;
  second: ColumnLike | null;
}

function pick(columns: ColumnLike[], exclude: string[]): Picks {
  const usable = columns.filter((c) => !exclude.includes(c.name) && !c.name.startsWith("_"));
  const byKind = (k: string[]) => usable.find((c) => k.includes(pythonKind(c.type) ?? "")) ?? null;
  const text = usable.find((c) => pythonKind(c.type) === "str" && /desc|text|body|content|caption/i.test(c.name)) ?? byKind(["str"]);
  const number = byKind(["float"]) ?? byKind(["int"]);
  const any = text ?? number ?? usable[0] ?? null;
  const second = usable.find((c) => c !== any && c !== text) ?? null;
  return { text, number, any, second };
}

/** `@udf(...)` arguments needed so parameter names can differ from (non-identifier) column names. */
function inputColumnsArg(cols: ColumnLike[]): string | null {
  return cols.every((c) => isIdentifier(c.name)) ? null : `input_columns=[${cols.map((c) => JSON.stringify(c.name)).join(", ")}]`;
}

function decorator(args: (string | null)[]): string {
  const a = args.filter(Boolean);
  return a.length ? `@udf(${a.join(", ")})` : "@udf";
}

function scalar(p: Picks): string {
  const c = p.any;
  if (!c) return `from geneva import udf\n\n\n@udf\ndef my_value(x: int) -> int:\n    return x\n`;
  const v = paramName(c.name);
  const kind = pythonKind(c.type);
  const dec = decorator([inputColumnsArg([c])]);
  const [ann, body, fn] =
    kind === "str" ? ["str", `len(${v}.split())`, `${v}_words`]
    : kind === "int" || kind === "float" ? [kind, `int(${v} * 2)`, `${v}_doubled`]
    : kind === "bytes" ? ["bytes", `len(${v})`, `${v}_size`]
    : kind === "list" ? ["list", `len(${v})`, `${v}_count`]
    : [null, `0 if ${v} is None else 1`, `${v}_present`];
  const sig = ann ? `${v}: ${ann}` : v;
  return `from geneva import udf\n\n\n${dec}\ndef ${fn}(${sig}) -> int:\n    """One value per row."""\n    return ${body}\n`;
}

function batched(p: Picks): string {
  const c = p.number ?? p.text ?? p.any;
  if (!c) return scalar(p);
  const v = paramName(c.name);
  const kind = pythonKind(c.type);
  const dec = (dt: string) => decorator([`data_type=${dt}`, inputColumnsArg([c])]);
  const head = `import pyarrow as pa\nimport pyarrow.compute as pc\nfrom geneva import udf\n\n\n`;
  if (kind === "int" || kind === "float") {
    return `${head}${dec("pa.float64()")}\ndef ${v}_scaled(${v}: pa.Array) -> pa.Array:\n    """A whole batch at once: vectorized Arrow compute."""\n    return pc.multiply(pc.cast(${v}, pa.float64()), 1.1)\n`;
  }
  if (kind === "str") {
    return `${head}${dec("pa.int64()")}\ndef ${v}_chars(${v}: pa.Array) -> pa.Array:\n    """A whole batch at once: vectorized Arrow compute."""\n    return pc.cast(pc.utf8_length(${v}), pa.int64())\n`;
  }
  return `${head}${dec("pa.bool_()")}\ndef ${v}_valid(${v}: pa.Array) -> pa.Array:\n    """A whole batch at once: vectorized Arrow compute."""\n    return pc.is_valid(${v})\n`;
}

function recordBatch(p: Picks): string {
  const cols = [p.any, p.second].filter((c): c is ColumnLike => !!c);
  if (!cols.length) return scalar(p);
  const names = cols.map((c) => JSON.stringify(c.name));
  const reads = cols.map((c) => `batch.column(${JSON.stringify(c.name)}).to_pylist()`);
  const zipped = cols.length === 2 ? `zip(${reads[0]}, ${reads[1]})` : `zip(${reads[0]})`;
  const parts = cols.map((_, i) => `{${"ab"[i]}}`).join(" · ");
  const vars = cols.map((_, i) => "ab"[i]).join(", ");
  return (
    `import pyarrow as pa\nfrom geneva import udf\n\n\n` +
    `@udf(data_type=pa.string(), input_columns=[${names.join(", ")}])\n` +
    `def summary(batch: pa.RecordBatch) -> pa.Array:\n` +
    `    """Several columns at once, as one Arrow RecordBatch."""\n` +
    `    return pa.array([f"${parts}" for ${vars}${cols.length === 1 ? "," : ""} in ${zipped}], pa.string())\n`
  );
}

function stateful(p: Picks): string {
  const c = p.text ?? p.any;
  if (!c) return scalar(p);
  const v = paramName(c.name);
  const kind = pythonKind(c.type);
  const dec = decorator(["data_type=pa.float32()", "on_error=skip_on_error()", inputColumnsArg([c])]);
  const text = kind === "str" ? v : `str(${v})`;
  return (
    `import pyarrow as pa\nfrom geneva import udf, skip_on_error\n\n\n${dec}\nclass Score:\n` +
    `    def setup(self):\n` +
    `        # Runs once per worker process: load a model or weights here, not per row.\n` +
    `        self.weights = {ch: (i % 7) / 7 for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz")}\n\n` +
    `    def __call__(self, ${kind === "str" ? `${v}: str` : v}) -> float:\n` +
    `        text = ${text}.lower()\n` +
    `        return sum(self.weights.get(ch, 0.0) for ch in text) / max(len(text), 1)\n`
  );
}

function struct(p: Picks): string {
  const c = p.text ?? p.any;
  if (!c) return scalar(p);
  const v = paramName(c.name);
  const isText = pythonKind(c.type) === "str";
  const dec = decorator([
    `data_type=pa.struct([pa.field("length", pa.int64()), pa.field("preview", pa.string())])`,
    inputColumnsArg([c]),
  ]);
  const text = isText ? v : `str(${v})`;
  return (
    `import pyarrow as pa\nfrom geneva import udf\n\n\n${dec}\n` +
    `def ${v}_info(${isText ? `${v}: str` : v}) -> dict:\n` +
    `    """A struct column: return a dict with one key per field."""\n` +
    `    text = ${text}\n` +
    `    return {"length": len(text), "preview": text[:20]}\n`
  );
}

/** The five templates for a table; `exclude` names columns that must not be inputs (the output column). */
export function udfTemplates(columns: ColumnLike[], exclude: string[] = []): UdfTemplate[] {
  const p = pick(columns, exclude);
  return [
    { id: "scalar", label: "Scalar", description: "one value per row, plain Python types", source: scalar(p) },
    { id: "array", label: "Batched pa.Array", description: "a whole batch per call, vectorized", source: batched(p) },
    { id: "record_batch", label: "pa.RecordBatch", description: "several columns as one batch", source: recordBatch(p) },
    { id: "stateful", label: "Stateful model", description: "setup() once per worker", source: stateful(p) },
    { id: "struct", label: "Struct output", description: "several fields in one column", source: struct(p) },
  ];
}
