"use client";
// TanStack Query hooks for jobs. Nothing here polls on its own once a job is
// final: every interval is conditional on work being in progress.
import { useQuery } from "@tanstack/react-query";
import { api, enc, jobKeys, type FragmentsView, type Job, type RowError } from "@/components/api-client";
import { isTerminal, type JobState } from "@/server/jobs/job-status";

export interface JobFilter {
  table?: string;
  column?: string;
  state?: JobState;
}

/** How often the jobs list refreshes while one of its jobs is active. */
export const LIST_REFRESH_MS = 2000;
/** Fragments refresh at most this often while a job runs. */
export const FRAGMENTS_REFRESH_MS = 2000;
/** The most row errors the errors panel reads (the API's cap is 100,000). */
export const ERRORS_LIMIT = 10_000;

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
    retry: (n, e) => (e as { status?: number }).status !== 404 && n < 2,
  });
}

export function useJobFragments(id: string, running: boolean) {
  return useQuery({
    queryKey: jobKeys.fragments(id),
    queryFn: ({ signal }) => api<FragmentsView>(`/api/jobs/${enc(id)}/fragments`, { signal }),
    refetchInterval: running ? FRAGMENTS_REFRESH_MS : false,
    staleTime: running ? 0 : Infinity,
  });
}

/** While a job runs, row errors refresh this often, and only until all its failed rows (as counted so far) have been read. */
export const ERRORS_REFRESH_MS = 2000;

export function useJobErrors(id: string, running: boolean, rowsFailed: number) {
  const want = Math.min(rowsFailed, ERRORS_LIMIT);
  return useQuery({
    queryKey: jobKeys.errors(id),
    queryFn: ({ signal }) => api<RowError[]>(`/api/jobs/${enc(id)}/errors?limit=${ERRORS_LIMIT}`, { signal }),
    refetchInterval: (q) => (running && (q.state.data?.length ?? 0) < want ? ERRORS_REFRESH_MS : false),
    staleTime: running ? 0 : Infinity,
  });
}

export function useJobLogs(id: string) {
  return useQuery({
    queryKey: jobLogsKey(id),
    queryFn: ({ signal }) => api<{ lines: string[] }>(`/api/jobs/${enc(id)}/logs?tail=300`, { signal }),
    // later lines arrive over the stream; refetched once when the job ends
    staleTime: Infinity,
  });
}
