// Column widths for the rows grid, from the Arrow type string the API gives
// (String(arrow type): "Int64", "Utf8", "List<Float32>", "Struct<{a:Int64}>"…).

export const ROW_NUMBER_WIDTH = 72;

/** A column's minimum width in px. */
export function columnWidth(type: string): number {
  const t = type.toLowerCase();
  if (t.startsWith("struct")) return 240;
  if (t.includes("list")) return 220;
  if (t.includes("utf8") || t.includes("string")) return 180;
  if (t.includes("binary")) return 112;
  if (t.startsWith("timestamp") || t.startsWith("date")) return 190;
  if (t === "bool") return 80;
  return 110; // numbers and anything short
}

/** Text-like columns share the grid's spare width; the others keep theirs. */
export function isFlexibleType(type: string): boolean {
  return /utf8|string|list|struct/i.test(type);
}

/** Extra width of a UDF column's header (its "ƒ udf" mark). */
export const UDF_MARK_WIDTH = 48;

export interface GridColumn {
  type: string;
  udf?: unknown;
}

export function gridColumnWidth(c: GridColumn): number {
  return columnWidth(c.type) + (c.udf ? UDF_MARK_WIDTH : 0);
}

/** The CSS grid track list: the row-number column, then one track per column. */
export function gridTemplate(columns: GridColumn[]): string {
  return [`${ROW_NUMBER_WIDTH}px`, ...columns.map((c) => (isFlexibleType(c.type) ? `minmax(${gridColumnWidth(c)}px, 1fr)` : `${gridColumnWidth(c)}px`))].join(" ");
}

/** Numbers read best right-aligned. */
export function isNumericType(type: string): boolean {
  return /^(u?int\d+|float\d+|decimal|double)/i.test(type);
}

/** A compact type label for a header: "Utf8" → "string", "List<Float32>" → "list<float32>". */
export function typeLabel(type: string): string {
  return type
    .replace(/LargeUtf8|Utf8/g, "string")
    .replace(/LargeBinary/g, "binary")
    .replace(/FixedSizeList\[(\d+)\]/g, "list[$1]")
    .toLowerCase();
}

/** A UDF column's filled fraction as a label: "0%", "42%", "3.5%", "<0.1%", ">99.9%". */
export function fillPercent(filled: number | undefined): string {
  if (filled === undefined || !Number.isFinite(filled)) return "—";
  if (filled <= 0) return "0%";
  if (filled >= 1) return "100%";
  // round down: a column is never shown as done (100%) before it is
  if (filled < 0.001) return "<0.1%";
  if (filled > 0.999) return ">99.9%";
  const pct = filled * 100;
  return pct < 10 ? `${Math.floor(pct * 10) / 10}%` : `${Math.floor(pct)}%`;
}
