"use client";
import { useQuery } from "@tanstack/react-query";
import { api, ApiError, enc, tableKeys, type TableInfo } from "@/components/api-client";

/** GET /api/tables/:table (schema with UDF columns and fill). A 4xx (unknown table) is final: no retries. */
export function useTable(table: string) {
  return useQuery({
    queryKey: tableKeys.detail(table),
    queryFn: ({ signal }) => api<TableInfo>(`/api/tables/${enc(table)}`, { signal }),
    retry: (failures, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
  });
}
