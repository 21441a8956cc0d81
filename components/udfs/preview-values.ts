// How preview cells render values: binary as an image thumbnail (sniffed from
// magic bytes) or "N bytes", long text truncated, lists and structs summarized.
// Also equality of outputs for compare mode. Pure, unit-tested.

export interface BytesValue {
  $bytes: string | null;
  size: number;
}

export const isBytes = (v: unknown): v is BytesValue =>
  !!v && typeof v === "object" && !Array.isArray(v) && "$bytes" in v && "size" in v;

/** Image MIME type from the first bytes of base64 data (PNG, JPEG, GIF, WebP), or null. */
export function sniffImage(base64: string | null): string | null {
  if (!base64) return null;
  let head: string;
  try {
    head = atob(base64.slice(0, 24));
  } catch {
    return null;
  }
  const b = Array.from(head, (c) => c.charCodeAt(0));
  const starts = (sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export const fmtBytes = (n: number) =>
  n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;

export type CellView =
  | { kind: "null" }
  | { kind: "image"; src: string; size: number }
  | { kind: "bytes"; size: number }
  | { kind: "text"; text: string; full: string; truncated: boolean }
  | { kind: "number" | "bool"; text: string };

export const TEXT_LIMIT = 80;

function short(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return "null";
  if (isBytes(v)) return `<${fmtBytes(v.size)}>`;
  if (typeof v === "string") return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
  if (Array.isArray(v)) {
    if (depth > 0) return `[${v.length}]`;
    const shown = v.slice(0, 4).map((x) => short(x, depth + 1)).join(", ");
    return `[${shown}${v.length > 4 ? `, … ${v.length} items` : ""}]`;
  }
  if (typeof v === "object") {
    if (depth > 0) return "{…}";
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${short(x, depth + 1)}`).join(", ")}}`;
  }
  return String(v);
}

/** What a cell shows for a JSON value from the API. */
export function cellView(v: unknown, limit = TEXT_LIMIT): CellView {
  if (v === null || v === undefined) return { kind: "null" };
  if (isBytes(v)) {
    const mime = sniffImage(v.$bytes);
    return mime && v.$bytes ? { kind: "image", src: `data:${mime};base64,${v.$bytes}`, size: v.size } : { kind: "bytes", size: v.size };
  }
  if (typeof v === "number") return { kind: "number", text: Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))) };
  if (typeof v === "boolean") return { kind: "bool", text: String(v) };
  const full = typeof v === "string" ? v : JSON.stringify(v);
  const text = typeof v === "string" ? v : short(v);
  return text.length > limit ? { kind: "text", text: `${text.slice(0, limit)}…`, full, truncated: true } : { kind: "text", text, full, truncated: text !== full };
}

/** Deep equality of two JSON output values (compare mode). Floats compare with a tiny relative tolerance. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A row address `(fragment << 32) | offset` as "fragment:offset". */
export function fmtRowAddress(addr: number): string {
  const frag = Math.floor(addr / 2 ** 32);
  return `${frag}:${addr - frag * 2 ** 32}`;
}

/** Columns to show for preview rows: the UDF's inputs, else the keys of the first row. */
export function inputColumnsOf(rows: { input: Record<string, unknown> }[], declared?: string[]): string[] {
  if (declared?.length) return declared;
  return rows.length ? Object.keys(rows[0].input) : [];
}
