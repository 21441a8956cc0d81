"use client";
// The rows section of a table page: where box, column picker, pager and the
// virtualized grid. Its state is the URL's ?where=&offset=&limit=&columns=.
import { ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import type { TableInfo } from "@/server/tables/table-service";
import { useMemo } from "react";
import { ColumnPicker } from "./column-picker";
import { pager, PAGE_SIZES, rangeLabel, type GridQuery } from "./grid-query";
import { RowsGrid } from "./rows-grid";
import { useGridQuery } from "./use-grid-query";
import { useRows } from "./use-tables";
import { WhereBox } from "./where-box";

export function RowsBrowser({ table }: { table: TableInfo }) {
  const [urlQuery, setQuery] = useGridQuery();
  const q = useMemo(() => withKnownColumns(urlQuery, table), [urlQuery, table]);
  const rows = useRows(table.name, q);
  const badQuery = rows.error instanceof ApiError && rows.error.status === 400 ? rows.error.message : null;
  const columns = q.columns ? table.columns.filter((c) => q.columns!.includes(c.name)) : table.columns;
  const page = rows.data;
  const shown = page?.rows.length ?? 0;
  const nav = pager(q, shown, page?.total);
  const stale = rows.isPlaceholderData && rows.isFetching;
  const sizes = PAGE_SIZES.includes(q.limit as (typeof PAGE_SIZES)[number]) ? PAGE_SIZES : [...PAGE_SIZES, q.limit].sort((a, b) => a - b);

  return (
    <section aria-label="rows" className="space-y-3">
      <div className="flex flex-wrap items-start gap-2">
        <WhereBox value={q.where} error={badQuery} onApply={(where) => setQuery({ where, offset: 0 })} />
        <ColumnPicker columns={table.columns} selected={q.columns} onChange={(cols) => setQuery({ columns: cols })} />
      </div>

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <div className="flex items-center gap-3 text-neutral-400">
          <span role="status" aria-live="polite" data-testid="range" className="tabular-nums text-neutral-300">
            {page ? rangeLabel(q.offset, shown, page.total) : rows.isPending ? "loading rows…" : ""}
          </span>
          {q.where && page && <span className="text-xs text-neutral-500">filtered by where</span>}
          {stale && <span className="h-3 w-3 animate-spin rounded-full border-2 border-neutral-600 border-t-sky-400" aria-label="loading" />}
        </div>
        <div className="flex items-center gap-1.5">
          <label className="flex items-center gap-1.5 text-xs text-neutral-400">
            Page size
            <select
              aria-label="page size"
              value={q.limit}
              onChange={(e) => setQuery({ limit: Number(e.target.value) })}
              className="rounded-md border border-neutral-700 bg-neutral-950 px-1.5 py-1 text-sm text-neutral-200 focus:border-sky-600 focus:outline-none"
            >
              {sizes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <Button type="button" variant="ghost" disabled={q.offset === 0} onClick={() => setQuery({ offset: 0 })} title="First page">
            «
          </Button>
          <Button type="button" disabled={nav.prev === null} onClick={() => nav.prev !== null && setQuery({ offset: nav.prev })}>
            ‹ Prev
          </Button>
          <Button type="button" disabled={nav.next === null} onClick={() => nav.next !== null && setQuery({ offset: nav.next })}>
            Next ›
          </Button>
          <Button type="button" variant="ghost" disabled={nav.last === null} onClick={() => nav.last !== null && setQuery({ offset: nav.last })} title="Last page">
            »
          </Button>
        </div>
      </div>

      {badQuery ? (
        <Empty title="No rows to show">The filter above could not run. Fix it and press Enter, or clear it.</Empty>
      ) : rows.isError ? (
        <ErrorState title={`Could not load rows of ${table.name}`} error={rows.error} action={<Button onClick={() => rows.refetch()}>Retry</Button>} />
      ) : !page ? (
        <Loading label="Loading rows…" />
      ) : shown === 0 ? (
        <Empty title={q.where ? "No rows match this filter" : q.offset > 0 ? "No rows on this page" : "This table has no rows"}>
          {q.where ? (
            <>
              Nothing matches <code className="font-mono text-neutral-300">{q.where}</code>.
            </>
          ) : q.offset > 0 ? (
            <button type="button" className="text-sky-400 hover:underline" onClick={() => setQuery({ offset: 0 })}>
              Go to the first page
            </button>
          ) : (
            "Add rows to the Lance dataset and reload."
          )}
        </Empty>
      ) : (
        <div className={stale ? "opacity-60 transition-opacity" : "transition-opacity"}>
          <RowsGrid columns={columns} rows={page.rows} firstRowNumber={q.offset + 1} resetKey={`${q.where}|${q.offset}|${q.limit}`} />
        </div>
      )}
    </section>
  );
}

/** A link may name columns that were since dropped: show the ones that exist (all if none does). */
function withKnownColumns(q: GridQuery, table: TableInfo): GridQuery {
  if (!q.columns) return q;
  const known = q.columns.filter((c) => table.columns.some((tc) => tc.name === c));
  return known.length === q.columns.length ? q : { ...q, columns: known.length ? known : null };
}
