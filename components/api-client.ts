// Typed calls to our REST API from the browser, and TanStack Query keys.
// A failed request throws ApiError whose message says what failed.
import type { Job, PlanCounts, RowError } from "@/server/jobs/job-types";
import type { FragmentsView } from "@/server/jobs/fragment-tracker";
import type { TableInfo, UdfInfo } from "@/server/tables/table-service";

export type { Job, PlanCounts, RowError, FragmentsView, TableInfo, UdfInfo };

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? (init?.body !== undefined ? "POST" : "GET"),
      headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: init?.signal,
    });
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, `cannot reach the server (${(e as Error).message})`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const b = body as { error?: string; details?: unknown } | null;
    throw new ApiError(res.status, b?.error ?? `${init?.method ?? "GET"} ${path} failed with HTTP ${res.status}`, b?.details);
  }
  return body as T;
}

export interface PreviewRow {
  rowAddress: number;
  input: Record<string, unknown>;
  output: unknown;
  error?: { type: string; message: string; traceback: string };
}

export interface PreviewResult {
  rows: PreviewRow[];
  outputType: string;
  declaredType: string;
  elapsedMs: number;
  udfMs: number;
  logs: string;
  udf: UdfInfo & { kind: string };
}

export interface UdfDiagnostic {
  kind: string;
  message: string;
  line: number | null;
  column: number | null;
}

export type DryRunPlan = PlanCounts & { checkpointSize: number; readVersion: number };

export const tableKeys = {
  all: ["tables"] as const,
  detail: (t: string) => ["tables", t] as const,
  rows: (t: string, q: object) => ["tables", t, "rows", q] as const,
};

export const jobKeys = {
  all: ["jobs"] as const,
  list: (filter: object) => ["jobs", "list", filter] as const,
  detail: (id: string) => ["jobs", id] as const,
  fragments: (id: string) => ["jobs", id, "fragments"] as const,
  errors: (id: string) => ["jobs", id, "errors"] as const,
};

export const enc = encodeURIComponent;
