// What a table column looks like from a Python UDF: the annotation a scalar
// parameter fed by it should carry, and a parameter name for it. Pure, so the
// templates and completions that use it are unit-tested.

export interface ColumnLike {
  name: string;
  /** Arrow type as the API prints it (apache-arrow's String(type)): Utf8, Int64, List<Utf8>, … */
  type: string;
}

export type PyKind = "str" | "int" | "float" | "bool" | "bytes" | "list" | "dict";

/** The Python type a scalar UDF receives for one value of this Arrow type (null when we don't model it). */
export function pythonKind(arrowType: string): PyKind | null {
  const t = arrowType.trim();
  if (/^(Large)?Utf8(View)?$/i.test(t) || /^string$/i.test(t)) return "str";
  if (/^U?Int(8|16|32|64)$/i.test(t)) return "int";
  if (/^Float(16|32|64)$/i.test(t) || /^Decimal/i.test(t)) return "float";
  if (/^Bool$/i.test(t)) return "bool";
  if (/^(Large)?Binary(View)?$/i.test(t) || /^FixedSizeBinary/i.test(t)) return "bytes";
  if (/^(Large|FixedSize)?List\b/i.test(t)) return "list";
  if (/^Struct\b/i.test(t)) return "dict";
  return null;
}

const PY_KEYWORDS = new Set(
  ("False None True and as assert async await break class continue def del elif else except finally for from global if import in is " +
    "lambda nonlocal not or pass raise return try while with yield").split(" "),
);

/** A valid Python identifier for a column name (columns may hold spaces or dashes). */
export function paramName(column: string): string {
  let p = column.replace(/[^A-Za-z0-9_]/g, "_");
  if (!p || /^[0-9]/.test(p)) p = `c_${p}`;
  if (PY_KEYWORDS.has(p)) p = `${p}_`;
  return p;
}

export const isIdentifier = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && !PY_KEYWORDS.has(s);

/** `name: annotation` for a parameter fed by this column (no annotation when we don't model the type). */
export function parameterFor(col: ColumnLike): string {
  const kind = pythonKind(col.type);
  return kind ? `${paramName(col.name)}: ${kind}` : paramName(col.name);
}
