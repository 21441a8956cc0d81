// The rows grid's state lives in the URL (?where=&offset=&limit=&columns=) so
// a deep link reloads to the same page of the same filter. Pure helpers.

export const PAGE_SIZES = [50, 100, 250, 500, 1000] as const;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface GridQuery {
  where: string;
  offset: number;
  limit: number;
  /** Columns to show; null = all. */
  columns: string[] | null;
}

type ParamsLike = { get(name: string): string | null };

function int(v: string | null, fallback: number, min: number, max: number): number {
  if (v === null || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}

export function parseGridQuery(sp: ParamsLike): GridQuery {
  const cols = sp.get("columns");
  return {
    where: sp.get("where") ?? "",
    offset: int(sp.get("offset"), 0, 0, Number.MAX_SAFE_INTEGER),
    limit: int(sp.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
    columns: cols ? cols.split(",").map((c) => c.trim()).filter(Boolean) : null,
  };
}

/** The search string for a query ("" or "?…"); defaults are left out so URLs stay short. */
export function gridSearch(q: GridQuery, base?: ParamsLike & { forEach?: (cb: (v: string, k: string) => void) => void }): string {
  const sp = new URLSearchParams();
  // keep parameters that are not ours (another component may own them)
  base?.forEach?.((v, k) => {
    if (!["where", "offset", "limit", "columns"].includes(k)) sp.set(k, v);
  });
  if (q.where.trim()) sp.set("where", q.where.trim());
  if (q.offset > 0) sp.set("offset", String(q.offset));
  if (q.limit !== DEFAULT_LIMIT) sp.set("limit", String(q.limit));
  if (q.columns) sp.set("columns", q.columns.join(","));
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** The rows API path for a query (always asks for the matching total). */
export function rowsPath(table: string, q: GridQuery): string {
  const sp = new URLSearchParams({ limit: String(q.limit), offset: String(q.offset), count: "1" });
  if (q.where.trim()) sp.set("where", q.where.trim());
  if (q.columns) sp.set("columns", q.columns.join(","));
  return `/api/tables/${encodeURIComponent(table)}/rows?${sp}`;
}

/** "rows 101–200 of 10,000", "no rows", "no rows at offset 500 (of 42)". */
export function rangeLabel(offset: number, shown: number, total?: number): string {
  const of = total !== undefined ? ` of ${total.toLocaleString("en-US")}` : "";
  if (shown === 0) return offset > 0 ? `no rows at offset ${offset.toLocaleString("en-US")}${total !== undefined ? ` (${total.toLocaleString("en-US")} match)` : ""}` : "no rows";
  return `rows ${(offset + 1).toLocaleString("en-US")}–${(offset + shown).toLocaleString("en-US")}${of}`;
}

/** Offsets for the pager; null where there is no such page. */
export function pager(q: GridQuery, shown: number, total?: number): { prev: number | null; next: number | null; last: number | null } {
  const prev = q.offset > 0 ? Math.max(0, q.offset - q.limit) : null;
  const hasNext = total !== undefined ? q.offset + q.limit < total : shown === q.limit;
  const next = hasNext ? q.offset + q.limit : null;
  const last = total !== undefined && total > 0 ? Math.floor((total - 1) / q.limit) * q.limit : null;
  return { prev, next, last: last !== null && last !== q.offset ? last : null };
}
