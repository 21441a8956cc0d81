"use client";
// TanStack Query hooks for jobs. Nothing here polls on its own once a job is
// final: every interval is conditional on work being in progress.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api, enc, jobKeys, type FragmentsView, type Job, type RowError } from "@/components/api-client";
import { isTerminal, type JobState } from "@/server/jobs/job-status";

export interface JobFilter {
  table?: string;
  column?: string;
  state?: JobState;
}

/** How often the jobs list refreshes while one of its jobs is active. */
export const LIST_REFRESH_MS = 2000;
/** Fragments and row errors refresh at most this often while a job runs (and only when its counters moved). */
export const DETAIL_REFRESH_MS = 2000;
/** The most row errors the errors panel reads (the API's cap is 100,000). */
export const ERRORS_LIMIT = 10_000;

/** Retry a failed read twice, except a 4xx: the answer will not change. */
export const retryUnlessClientError = (failures: number, e: Error) => {
  const status = (e as { status?: number }).status ?? 0;
  return !(status >= 400 && status < 500) && failures < 2;
};

export const jobLogsKey = (id: string) => [...jobKeys.detail(id), "logs"] as const;

export function jobsQueryString(f: JobFilter): string {
  const q = new URLSearchParams();
  if (f.table) q.set("table", f.table);
  if (f.column) q.set("column", f.column);
  if (f.state) q.set("state", f.state);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function useJobs(filter: JobFilter) {
  return useQuery({
    queryKey: jobKeys.list(filter),
    queryFn: ({ signal }) => api<Job[]>(`/api/jobs${jobsQueryString(filter)}`, { signal }),
    // live only while some listed job is active
    refetchInterval: (q) => (q.state.data?.some((j) => !isTerminal(j.state)) ? LIST_REFRESH_MS : false),
    retry: retryUnlessClientError,
  });
}

/** Polled only as the stream's fallback: while the job is not final and its stream is not open. */
export const FALLBACK_POLL_MS = 5000;

export function useJob(id: string, streamOpen: boolean) {
  return useQuery({
    queryKey: jobKeys.detail(id),
    queryFn: ({ signal }) => api<Job>(`/api/jobs/${enc(id)}`, { signal }),
    refetchInterval: (q) => {
      const s = q.state.data?.state;
      return s !== undefined && !isTerminal(s) && !streamOpen ? FALLBACK_POLL_MS : false;
    },
    retry: retryUnlessClientError,
  });
}

/**
 * Refetch `query` when `change` changes, at most once per `minMs` (a burst of
 * changes leads to one fetch, `minMs` after the previous one). Nothing is
 * fetched while nothing changes, and nothing once `enabled` is false.
 */
export function useRefetchOnChange(query: { refetch: () => Promise<unknown>; dataUpdatedAt: number; isFetching: boolean }, change: string | number, enabled: boolean, minMs = DETAIL_REFRESH_MS) {
  const seen = useRef(change);
  const { refetch, dataUpdatedAt, isFetching } = query;
  useEffect(() => {
    // a fetch in flight: decide again when it has landed
    if (!enabled || isFetching || seen.current === change) return;
    const t = setTimeout(() => {
      seen.current = change;
      void refetch();
    }, Math.max(0, dataUpdatedAt + minMs - Date.now()));
    return () => clearTimeout(t);
  }, [change, enabled, isFetching, dataUpdatedAt, refetch, minMs]);
}

/** Per-fragment states; while the job runs, read again when its batch or commit counts move. */
export function useJobFragments(job: Job) {
  const running = !isTerminal(job.state);
  const q = useQuery({
    queryKey: jobKeys.fragments(job.id),
    queryFn: ({ signal }) => api<FragmentsView>(`/api/jobs/${enc(job.id)}/fragments`, { signal }),
    staleTime: Infinity,
    retry: retryUnlessClientError,
  });
  useRefetchOnChange(q, `${job.batchesDone}/${job.fragmentsCommitted}/${job.failedFragments?.length ?? 0}/${job.attempts}`, running);
  return q;
}

/** Row errors; while the job runs, read again when its failed-row count moves. */
export function useJobErrors(job: Job) {
  const running = !isTerminal(job.state);
  const q = useQuery({
    queryKey: jobKeys.errors(job.id),
    queryFn: ({ signal }) => api<RowError[]>(`/api/jobs/${enc(job.id)}/errors?limit=${ERRORS_LIMIT}`, { signal }),
    staleTime: Infinity,
    retry: retryUnlessClientError,
  });
  // the first failures show at once; later ones at most every DETAIL_REFRESH_MS
  useRefetchOnChange(q, Math.min(job.rowsFailed, ERRORS_LIMIT), running, (q.data?.length ?? 0) === 0 ? 0 : DETAIL_REFRESH_MS);
  return q;
}

export function useJobLogs(id: string) {
  return useQuery({
    queryKey: jobLogsKey(id),
    queryFn: ({ signal }) => api<{ lines: string[] }>(`/api/jobs/${enc(id)}/logs?tail=300`, { signal }),
    // later lines arrive over the stream; refetched once when the job ends
    staleTime: Infinity,
    retry: retryUnlessClientError,
  });
}
