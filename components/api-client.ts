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

/** The CSRF token the server gave this browser session (readable cookie; the session cookie itself is httpOnly). */
function csrfToken(): string | null {
  if (typeof document === "undefined") return null;
  const m = /(?:^|;\s*)bfs_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : null;
}

export async function api<T>(path: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  let res: Response;
  const method = init?.method ?? (init?.body !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = {};
  if (init?.body !== undefined) headers["content-type"] = "application/json";
  const csrf = method !== "GET" ? csrfToken() : null;
  if (csrf) headers["x-bfs-csrf"] = csrf;
  try {
    res = await fetch(path, {
      method,
      headers,
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
  if (res.status === 401 && typeof window !== "undefined" && window.location.pathname !== "/login" && !path.startsWith("/api/auth/")) {
    // the session ended (expired, signed out elsewhere): sign in again and come back here
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
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
