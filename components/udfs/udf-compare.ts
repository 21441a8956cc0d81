// Compare mode: run the stored UDF on a sample, then the edited UDF on exactly
// those rows (by row address), and line the outputs up.
import type { PreviewResult, PreviewRow } from "@/components/api-client";
import { sameValue } from "./preview-values";

/**
 * A `where` selecting exactly these row addresses.
 * The redundant `_rowaddr IS NOT NULL` is deliberate: pylance 8 pushes a
 * filter made only of `_rowaddr IN (...)` down as a row range and, combined
 * with a limit, returns too few rows (a Lance bug); any second predicate
 * turns that pushdown off.
 */
export function rowAddressWhere(addresses: number[]): string {
  const ids = [...new Set(addresses)].filter((a) => Number.isSafeInteger(a) && a >= 0);
  if (!ids.length) return "false";
  return `_rowaddr IN (${ids.join(", ")}) AND _rowaddr IS NOT NULL`;
}

export interface ComparedRow {
  rowAddress: number;
  input: Record<string, unknown>;
  stored: PreviewRow | null;
  edited: PreviewRow | null;
  differs: boolean;
}

export interface Comparison {
  rows: ComparedRow[];
  differing: number;
  /** Rows the stored run had but the edited run did not return (should be 0). */
  missing: number;
}

function outcome(r: PreviewRow | null): unknown {
  if (!r) return { missing: true };
  return r.error ? { error: r.error.type } : r.output;
}

/** Join two preview runs by row address, in the stored run's order, and count differing outputs (an error differs from a value). */
export function compareRuns(stored: Pick<PreviewResult, "rows">, edited: Pick<PreviewResult, "rows">): Comparison {
  const byAddr = new Map(edited.rows.map((r) => [r.rowAddress, r]));
  const rows: ComparedRow[] = stored.rows.map((s) => {
    const e = byAddr.get(s.rowAddress) ?? null;
    return { rowAddress: s.rowAddress, input: { ...s.input, ...(e?.input ?? {}) }, stored: s, edited: e, differs: !sameValue(outcome(s), outcome(e)) };
  });
  return { rows, differing: rows.filter((r) => r.differs).length, missing: rows.filter((r) => !r.edited).length };
}
