"use client";
import { useQuery } from "@tanstack/react-query";
import { api, enc, tableKeys, type TableInfo } from "@/components/api-client";

/** GET /api/tables/:table (schema with UDF columns and fill). */
export function useTable(table: string) {
  return useQuery({ queryKey: tableKeys.detail(table), queryFn: ({ signal }) => api<TableInfo>(`/api/tables/${enc(table)}`, { signal }) });
}
