"use client";
// TanStack Query hooks for the tables pages.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, ApiError, enc, tableKeys } from "@/components/api-client";
import type { TableInfo, TableSummary } from "@/server/tables/table-service";
import { rowsPath, type GridQuery } from "./grid-query";

export type Row = Record<string, unknown>;
export interface RowsPage {
  rows: Row[];
  total?: number;
}

/** 4xx answers (a bad where, an unknown table) will not change on retry; other failures get one more try. */
const retryUnlessClientError = (failures: number, e: unknown) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && failures < 1;

export function useTables() {
  return useQuery({ queryKey: tableKeys.all, queryFn: ({ signal }) => api<TableSummary[]>("/api/tables", { signal }), retry: retryUnlessClientError });
}

export function useTable(table: string) {
  return useQuery({
    queryKey: tableKeys.detail(table),
    queryFn: ({ signal }) => api<TableInfo>(`/api/tables/${enc(table)}`, { signal }),
    retry: retryUnlessClientError,
    // fill and values change under backfills: opening the page always asks again
    staleTime: 0,
  });
}

export function useRows(table: string, q: GridQuery, enabled = true) {
  return useQuery({
    queryKey: tableKeys.rows(table, q),
    queryFn: ({ signal }) => api<RowsPage>(rowsPath(table, q), { signal }),
    // keep the previous page on screen while the next one loads (no flash)
    placeholderData: keepPreviousData,
    retry: retryUnlessClientError,
    staleTime: 0,
    enabled,
  });
}

export const isNotFound = (e: unknown): e is ApiError => e instanceof ApiError && e.status === 404;
