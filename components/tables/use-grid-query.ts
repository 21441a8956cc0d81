"use client";
// The grid's query (where, offset, limit, columns) read from and written to
// the URL. history.pushState is integrated with Next's router, so
// useSearchParams() follows it without a server round trip, and Back/Forward
// walk through earlier filters and pages.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { gridSearch, parseGridQuery, type GridQuery } from "./grid-query";

export function useGridQuery(): [GridQuery, (next: Partial<GridQuery>) => void] {
  const sp = useSearchParams();
  const query = useMemo(() => parseGridQuery(sp), [sp]);
  const setQuery = useCallback(
    (next: Partial<GridQuery>) => {
      const search = gridSearch({ ...query, ...next }, sp);
      window.history.pushState(null, "", `${window.location.pathname}${search}`);
    },
    [query, sp],
  );
  return [query, setQuery];
}
