// Completion items for the UDF editor, as plain data (udf-editor.tsx turns them
// into Monaco items). The context is read from the text before the cursor:
// after `pa.` → Arrow types; inside `@udf(` → its arguments; after `on_error=`
// → error policies; inside `input_columns=[` → quoted column names; inside a
// `def`'s parentheses → columns as parameters `name: type`.
import { parameterFor, paramName, pythonKind, type ColumnLike } from "./column-types";

export type CompletionContextKind = "pa" | "udf_args" | "on_error" | "input_columns" | "def_params" | "general";

export type ItemKind = "field" | "function" | "property" | "class" | "snippet" | "keyword";

export interface CompletionItemData {
  label: string;
  kind: ItemKind;
  /** Text to insert; `snippet` marks Monaco snippet syntax (${1:placeholder}). */
  insertText: string;
  snippet?: boolean;
  detail?: string;
  documentation?: string;
  sortText?: string;
}

/** Text before the cursor with string literals and comments blanked, so their brackets don't count. */
function codeOnly(text: string): string {
  return text
    .replace(/#[^\n]*/g, (m) => " ".repeat(m.length))
    .replace(/("""[\s\S]*?("""|$)|'''[\s\S]*?('''|$)|"(\\.|[^"\\\n])*("|$)|'(\\.|[^'\\\n])*('|$))/g, (m) => m.replace(/[^\n]/g, "_"));
}

/** Which completions fit at the end of `before` (all text from the start of the document to the cursor). */
export function completionContext(before: string): CompletionContextKind {
  if (/\bpa\.[A-Za-z_0-9]*$/.test(before)) return "pa";
  const code = codeOnly(before);
  if (/\bon_error\s*=\s*[A-Za-z_]*$/.test(code)) return "on_error";
  // Walk back to the innermost unclosed bracket.
  let depth = 0;
  for (let i = code.length - 1; i >= 0; i--) {
    const ch = code[i];
    if (ch === ")" || ch === "]" || ch === "}") depth++;
    else if (ch === "(" || ch === "[" || ch === "{") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const head = code.slice(0, i);
      if (ch === "[" && /\binput_columns\s*=\s*$/.test(head)) return "input_columns";
      if (ch === "(" && /@\s*udf\s*$/.test(head)) return "udf_args";
      if (ch === "(" && /\bdef\s+[A-Za-z_][A-Za-z0-9_]*\s*$/.test(head)) return "def_params";
      return "general";
    }
  }
  return "general";
}

interface PaType {
  label: string;
  insert: string;
  doc: string;
}

// `pa.` completions: the constructors a UDF's data_type or batched code needs.
const PA_TYPES: PaType[] = [
  ...["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"].map((t) => ({ label: `${t}()`, insert: `${t}()`, doc: `${t} integer` })),
  { label: "float16()", insert: "float16()", doc: "half-precision float" },
  { label: "float32()", insert: "float32()", doc: "single-precision float (Python float → float32)" },
  { label: "float64()", insert: "float64()", doc: "double-precision float" },
  { label: "string()", insert: "string()", doc: "UTF-8 text (Python str)" },
  { label: "large_string()", insert: "large_string()", doc: "UTF-8 text with 64-bit offsets" },
  { label: "binary()", insert: "binary()", doc: "bytes (images, blobs)" },
  { label: "large_binary()", insert: "large_binary()", doc: "bytes with 64-bit offsets" },
  { label: "bool_()", insert: "bool_()", doc: "boolean" },
  { label: "date32()", insert: "date32()", doc: "calendar date" },
  { label: "timestamp()", insert: "timestamp(${1:\"us\"})", doc: "timestamp with a unit: s, ms, us, ns" },
  { label: "list_()", insert: "list_(${1:pa.float32()})", doc: "variable-length list; list_(t, n) is a fixed-size list (vectors)" },
  { label: "list_(…, n)", insert: "list_(${1:pa.float32()}, ${2:768})", doc: "fixed-size list, e.g. an embedding vector" },
  { label: "large_list()", insert: "large_list(${1:pa.string()})", doc: "list with 64-bit offsets" },
  { label: "struct()", insert: "struct([pa.field(\"${1:name}\", ${2:pa.string()})])", doc: "several named fields in one column; return a dict" },
  { label: "field()", insert: "field(\"${1:name}\", ${2:pa.string()})", doc: "a named field of a struct" },
  { label: "dictionary()", insert: "dictionary(${1:pa.int32()}, ${2:pa.string()})", doc: "dictionary-encoded values" },
  { label: "decimal128()", insert: "decimal128(${1:10}, ${2:2})", doc: "fixed-point decimal" },
  { label: "array()", insert: "array(${1:values}, ${2:pa.int64()})", doc: "build a pa.Array from Python values" },
  { label: "Array", insert: "Array", doc: "annotation of a batched parameter / return value" },
  { label: "RecordBatch", insert: "RecordBatch", doc: "annotation of a parameter that gets all input columns at once" },
];

export interface UdfArg {
  name: string;
  insert: string;
  doc: string;
}

export const UDF_ARGS: UdfArg[] = [
  { name: "data_type", insert: "data_type=pa.${1:int64()}", doc: "Arrow type of the output column; required for batched UDFs and when the return annotation has no mapping" },
  { name: "input_columns", insert: "input_columns=[${1}]", doc: "columns to read, in parameter order (default: the parameter names)" },
  { name: "version", insert: "version=\"${1:1}\"", doc: "UDF version; default: a hash of the normalized source" },
  { name: "num_cpus", insert: "num_cpus=${1:1}", doc: "CPUs per worker" },
  { name: "num_gpus", insert: "num_gpus=${1:0}", doc: "GPUs per worker" },
  { name: "memory", insert: "memory=${1:2 * 1024**3}", doc: "memory per worker, in bytes" },
  { name: "checkpoint_size", insert: "checkpoint_size=${1:1000}", doc: "rows per checkpointed batch" },
  { name: "on_error", insert: "on_error=${1:skip_on_error()}", doc: "what to do when a row fails: fail (default), skip, retry" },
  { name: "timeout", insert: "timeout=${1:5}", doc: "seconds per row (scalar UDFs)" },
];

export const ON_ERROR_FACTORIES: UdfArg[] = [
  { name: "skip_on_error()", insert: "skip_on_error()", doc: "a failing row becomes NULL and is recorded" },
  { name: "retry_transient()", insert: "retry_transient(${1:max_attempts=3})", doc: "retry timeouts and connection errors, then fail" },
  { name: "retry_all()", insert: "retry_all(${1:max_attempts=3})", doc: "retry any exception, then fail" },
  { name: "fail_fast()", insert: "fail_fast()", doc: "stop the backfill at the first failing row (the default)" },
];

function columnItems(columns: ColumnLike[], as: "param" | "name" | "quoted"): CompletionItemData[] {
  return columns.map((c, i) => ({
    label: c.name,
    kind: "field" as const,
    insertText: as === "param" ? parameterFor(c) : as === "quoted" ? JSON.stringify(c.name) : paramName(c.name),
    detail: `${c.type}${pythonKind(c.type) ? ` → ${pythonKind(c.type)}` : ""}`,
    documentation: `table column '${c.name}' (Arrow ${c.type})`,
    sortText: `0${String(i).padStart(4, "0")}`,
  }));
}

const argItems = (args: UdfArg[], kind: ItemKind): CompletionItemData[] =>
  args.map((a, i) => ({ label: a.name, kind, insertText: a.insert, snippet: true, documentation: a.doc, sortText: `1${i}` }));

/** Completion items for the text before the cursor; `exclude` drops the output column from column items. */
export function completionItems(before: string, columns: ColumnLike[], exclude: string[] = []): CompletionItemData[] {
  const cols = columns.filter((c) => !exclude.includes(c.name));
  switch (completionContext(before)) {
    case "pa":
      return PA_TYPES.map((t, i) => ({
        label: t.label, kind: "class" as const, insertText: t.insert, snippet: true, detail: `pa.${t.label}`, documentation: t.doc,
        sortText: String(i).padStart(3, "0"),
      }));
    case "on_error":
      return argItems(ON_ERROR_FACTORIES, "function");
    case "input_columns":
      return columnItems(cols, "quoted");
    case "udf_args":
      return argItems(UDF_ARGS, "property").map((a) => ({ ...a, detail: "@udf argument" }));
    case "def_params":
      return columnItems(cols, "param");
    default:
      return [
        ...columnItems(cols, "name"),
        ...argItems(ON_ERROR_FACTORIES, "function").map((a) => ({ ...a, detail: "error policy" })),
      ];
  }
}
