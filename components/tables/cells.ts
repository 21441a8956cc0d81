// How a row cell's JSON value is shown in the grid. Pure, so it is unit-tested
// without React (test/unit/tables-cells.test.ts); cell.tsx only renders it.
//
// The rows API sends Arrow values as JSON: binary as {$bytes: base64, size},
// lists/vectors as arrays, structs as objects, 64-bit integers beyond 2^53 as
// strings, NULL as null.

export interface BinaryValue {
  $bytes: string;
  size: number;
}

export type CellView =
  | { kind: "null" }
  | { kind: "image"; mime: ImageMime; src: string; size: number; label: string }
  | { kind: "bytes"; size: number; label: string }
  | { kind: "number"; text: string }
  | { kind: "bool"; text: string }
  /** `text` is what fits in the cell; `full` is set when something was cut. */
  | { kind: "text"; text: string; full?: string }
  | { kind: "list"; count: number; text: string; full: string }
  | { kind: "struct"; text: string; full?: string };

export type ImageMime = "image/png" | "image/jpeg" | "image/webp";

/** Characters of text shown in a cell before it is cut (with a way to expand). */
export const TEXT_LIMIT = 80;
/** List items shown in a list summary. */
export const LIST_ITEMS = 3;

export function isBinary(v: unknown): v is BinaryValue {
  return typeof v === "object" && v !== null && typeof (v as BinaryValue).$bytes === "string" && typeof (v as BinaryValue).size === "number";
}

/** Decodes the first `n` bytes of a base64 string (enough to read magic numbers). */
export function base64Head(b64: string, n: number): number[] {
  // 4 base64 chars carry 3 bytes
  const chunk = b64.slice(0, Math.ceil(n / 3) * 4).replace(/=+$/, "");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of chunk) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return out; // not base64: stop rather than guess
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out.slice(0, n);
}

/** PNG, JPEG or WebP by magic bytes; null for anything else. */
export function sniffImage(b64: string): ImageMime | null {
  const h = base64Head(b64, 12);
  const is = (offset: number, bytes: number[]) => bytes.every((b, i) => h[offset + i] === b);
  if (is(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (is(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // "RIFF" <size> "WEBP"
  if (is(0, [0x52, 0x49, 0x46, 0x46]) && is(8, [0x57, 0x45, 0x42, 0x50])) return "image/webp";
  return null;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString("en-US")} ${n === 1 ? "byte" : "bytes"}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A number as short as it can be while staying readable: integers whole, floats to 4 significant digits. */
export function shortNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

/** Compact JSON in which binary values read as "<N bytes>" instead of base64. */
export function compactJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (isBinary(x) ? `<${fmtBytes(x.size)}>` : x)) ?? "null";
}

function listItem(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return shortNumber(v);
  if (typeof v === "string") return v.length > 24 ? v.slice(0, 23) + "…" : v;
  if (typeof v === "boolean") return String(v);
  if (isBinary(v)) return `<${fmtBytes(v.size)}>`;
  const j = compactJson(v);
  return j.length > 24 ? j.slice(0, 23) + "…" : j;
}

/** "[12 items] 0.1, 0.2, 0.3, …" */
export function summarizeList(xs: unknown[]): string {
  const head = `[${xs.length.toLocaleString("en-US")} ${xs.length === 1 ? "item" : "items"}]`;
  if (!xs.length) return head;
  const shown = xs.slice(0, LIST_ITEMS).map(listItem).join(", ");
  return `${head} ${shown}${xs.length > LIST_ITEMS ? ", …" : ""}`;
}

export function truncate(s: string, limit = TEXT_LIMIT): { text: string; full?: string } {
  // one line in the grid: newlines would break the fixed row height
  const oneLine = s.replace(/\s*\n\s*/g, " ⏎ ");
  if (oneLine.length <= limit && oneLine === s) return { text: s };
  if (oneLine.length <= limit) return { text: oneLine, full: s };
  return { text: oneLine.slice(0, limit - 1) + "…", full: s };
}

export function describeCell(v: unknown): CellView {
  if (v === null || v === undefined) return { kind: "null" };
  if (typeof v === "number") return { kind: "number", text: String(v) };
  if (typeof v === "boolean") return { kind: "bool", text: String(v) };
  if (typeof v === "string") return { kind: "text", ...truncate(v) };
  if (isBinary(v)) {
    const mime = sniffImage(v.$bytes);
    const label = fmtBytes(v.size);
    if (mime) return { kind: "image", mime, src: `data:${mime};base64,${v.$bytes}`, size: v.size, label };
    return { kind: "bytes", size: v.size, label };
  }
  if (Array.isArray(v)) return { kind: "list", count: v.length, text: summarizeList(v), full: compactJson(v) };
  if (typeof v === "object") {
    const json = compactJson(v);
    const t = truncate(json);
    return t.full ? { kind: "struct", text: t.text, full: json } : { kind: "struct", text: json };
  }
  return { kind: "text", text: String(v) };
}

/** The text a cell's "expand" view shows, or null when there is nothing more to see. */
export function expandedText(view: CellView): string | null {
  switch (view.kind) {
    case "text":
      return view.full ?? null;
    case "struct":
      return view.full ? prettyJson(view.full) : null;
    case "list":
      return view.count > LIST_ITEMS || view.text.includes("…") ? prettyJson(view.full) : null;
    default:
      return null;
  }
}

function prettyJson(json: string): string {
  try {
    const v = JSON.parse(json);
    // short arrays of scalars read best on one line
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) return json.replace(/,/g, ", ");
    return JSON.stringify(v, null, 2);
  } catch {
    return json;
  }
}
