// Server validation errors (POST /api/udfs/validate → 400 {details}) to editor
// markers. The server knows the line (of the decorator or def) and, for syntax
// errors, the column; for column and type problems we narrow the marker to the
// name the message quotes, so the squiggle sits under the misspelled word.
import type { UdfDiagnostic } from "@/components/api-client";

export interface EditorMarker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
  severity: "error" | "warning";
  /** The diagnostic kind (syntax, input_column, input_type, data_type, …), shown as the marker's source. */
  source: string;
}

export const DIAGNOSTIC_LABELS: Record<string, string> = {
  syntax: "Syntax error",
  input_column: "Unknown input column",
  input_type: "Input type mismatch",
  data_type: "Missing or invalid data_type",
  input_columns: "input_columns mismatch",
  signature: "Signature",
  load: "Error while loading",
  no_udf: "No @udf",
  several_udfs: "Several @udf",
  empty: "Empty source",
};

export const diagnosticLabel = (kind: string) => DIAGNOSTIC_LABELS[kind] ?? kind.replace(/_/g, " ");

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first quoted name in a message: unknown input column 'X' → X. */
function quoted(message: string, after?: RegExp): string | null {
  const m = after ? message.match(new RegExp(`${after.source}\\s*'([^']+)'`)) : message.match(/'([^']+)'/);
  return m ? m[1] : null;
}

/** Strip comments (keeping columns) so a name in a comment is not chosen. */
const stripComment = (line: string) => line.replace(/#.*$/, (m) => " ".repeat(m.length));

/** Find `word` (as a whole identifier, or as a quoted string) starting from line `from` (1-based), wrapping around. */
function findName(lines: string[], word: string, from: number): { line: number; start: number; end: number } | null {
  const q = new RegExp(`(["'])${escapeRe(word)}\\1`);
  const id = new RegExp(`(^|[^A-Za-z0-9_])(${escapeRe(word)})(?![A-Za-z0-9_])`);
  const order = [...lines.keys()].map((i) => (i + Math.max(0, from - 1)) % lines.length);
  for (const re of [q, id]) {
    for (const i of order) {
      const text = stripComment(lines[i]);
      const m = re.exec(text);
      if (!m) continue;
      if (re === q) return { line: i + 1, start: m.index + 2, end: m.index + 2 + word.length };
      const start = m.index + m[1].length + 1;
      return { line: i + 1, start, end: start + word.length };
    }
  }
  return null;
}

function wholeLine(lines: string[], line: number): { line: number; start: number; end: number } {
  const n = Math.min(Math.max(1, line), Math.max(1, lines.length));
  const text = lines[n - 1] ?? "";
  const start = text.length - text.trimStart().length + 1;
  const end = Math.max(start + 1, text.trimEnd().length + 1);
  return { line: n, start, end };
}

/** The marker for one validation error in `source`. */
export function diagnosticToMarker(d: UdfDiagnostic, source: string): EditorMarker {
  const lines = source.split(/\r?\n/);
  const line = d.line && d.line > 0 ? Math.min(d.line, Math.max(1, lines.length)) : 1;
  let range: { line: number; start: number; end: number } | null = null;

  if (d.kind === "syntax" && d.column && d.column > 0) {
    const text = lines[line - 1] ?? "";
    const col = Math.min(d.column, text.length + 1);
    // Underline the token at the column (at least one character).
    const rest = text.slice(col - 1).match(/^[A-Za-z0-9_]+/);
    const len = rest ? rest[0].length : 1;
    range = col > text.length ? { line, start: Math.max(1, text.length), end: text.length + 1 } : { line, start: col, end: col + len };
  } else if (d.kind === "input_column") {
    const name = quoted(d.message, /column/);
    if (name) range = findName(lines, name, line);
  } else if (d.kind === "input_type") {
    const name = quoted(d.message, /parameter/);
    if (name) range = findName(lines, name, line);
  } else if (d.kind === "data_type") {
    const i = lines.findIndex((l) => /^\s*@\s*udf\b/.test(l));
    if (i >= 0) {
      const start = lines[i].indexOf("@") + 1;
      range = { line: i + 1, start, end: start + lines[i].trim().length };
    }
  }
  range ??= wholeLine(lines, line);
  return {
    startLineNumber: range.line,
    startColumn: range.start,
    endLineNumber: range.line,
    endColumn: Math.max(range.end, range.start + 1),
    message: d.message,
    severity: "error",
    source: d.kind,
  };
}

/** Read a 400 body's `details` as a diagnostic (null when it is not one). */
export function asDiagnostic(details: unknown, fallbackMessage: string): UdfDiagnostic | null {
  if (!details || typeof details !== "object") return null;
  const d = details as Partial<UdfDiagnostic>;
  if (typeof d.kind !== "string") return null;
  return {
    kind: d.kind,
    message: typeof d.message === "string" ? d.message : fallbackMessage,
    line: typeof d.line === "number" ? d.line : null,
    column: typeof d.column === "number" ? d.column : null,
  };
}
