"use client";
// All jobs, newest first, filtered by table, column and state (kept in the
// URL, so a filtered list is a link). Refreshes only while a listed job is
// active.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { api, enc, tableKeys, type Job, type TableInfo } from "@/components/api-client";
import { fmtDuration, fmtInt, fmtTime } from "@/components/format";
import { inputClass } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { isJobState, isTerminal, JOB_STATES, type JobState } from "@/server/jobs/job-status";
import { jobDurationMs, jobFractions } from "./job-format";
import { useJobs, type JobFilter } from "./job-queries";
import { JobStatusBadge } from "./job-status-badge";

const selectClass = `${inputClass} w-auto min-w-40`;

export function JobsList() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = params.get("state");
  const filter: JobFilter = {
    table: params.get("table") || undefined,
    column: params.get("column") || undefined,
    state: isJobState(state) ? state : undefined,
  };
  const jobs = useJobs(filter);
  const tables = useQuery({ queryKey: tableKeys.all, queryFn: ({ signal }) => api<{ name: string; numRows: number }[]>("/api/tables", { signal }) });
  const table = useQuery({
    queryKey: tableKeys.detail(filter.table ?? ""),
    queryFn: ({ signal }) => api<TableInfo>(`/api/tables/${enc(filter.table!)}`, { signal }),
    enabled: !!filter.table,
  });

  const setParam = (patch: Record<string, string | undefined>) => {
    const q = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) q.set(k, v);
      else q.delete(k);
    }
    const s = q.toString();
    router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const udfColumns = table.data?.columns.filter((c) => c.udf).map((c) => c.name) ?? [];
  if (filter.column && !udfColumns.includes(filter.column)) udfColumns.push(filter.column);
  const tableNames = tables.data?.map((t) => t.name) ?? [];
  if (filter.table && !tableNames.includes(filter.table)) tableNames.push(filter.table);
  const filtered = !!(filter.table || filter.column || filter.state);
  const active = jobs.data?.filter((j) => !isTerminal(j.state)).length ?? 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Jobs</h1>
          <p className="text-sm text-neutral-500">
            Backfills, newest first.{" "}
            {active > 0 && <span className="text-sky-300">{active} active: refreshing every 2 s.</span>}
          </p>
        </div>
        <form className="flex flex-wrap items-end gap-2 text-sm" onSubmit={(e) => e.preventDefault()} aria-label="Filter jobs">
          <label className="space-y-1">
            <span className="block text-xs text-neutral-500">table</span>
            <select className={selectClass} value={filter.table ?? ""} onChange={(e) => setParam({ table: e.target.value || undefined, column: undefined })} data-testid="filter-table">
              <option value="">all tables</option>
              {tableNames.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs text-neutral-500">column</span>
            <select
              className={selectClass}
              value={filter.column ?? ""}
              onChange={(e) => setParam({ column: e.target.value || undefined })}
              disabled={!filter.table && !filter.column}
              title={!filter.table ? "choose a table first" : undefined}
              data-testid="filter-column"
            >
              <option value="">all columns</option>
              {udfColumns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="space-y-1">
            <span className="block text-xs text-neutral-500">state</span>
            <select className={selectClass} value={filter.state ?? ""} onChange={(e) => setParam({ state: e.target.value || undefined })} data-testid="filter-state">
              <option value="">any state</option>
              {JOB_STATES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {filtered && (
            <button type="button" className="px-2 py-1.5 text-sky-400 hover:underline" onClick={() => router.replace(pathname, { scroll: false })}>
              clear filters
            </button>
          )}
        </form>
      </div>

      {jobs.isPending ? (
        <Loading label="Loading jobs…" />
      ) : jobs.isError ? (
        <ErrorState title="Could not load the jobs" error={jobs.error} />
      ) : jobs.data.length === 0 ? (
        filtered ? (
          <Empty title="No jobs match these filters">
            <button type="button" className="text-sky-400 hover:underline" onClick={() => router.replace(pathname)}>
              Show all jobs
            </button>
          </Empty>
        ) : (
          <Empty title="No jobs yet">
            Launch a backfill from a UDF column of a{" "}
            <Link href="/" className="text-sky-400 hover:underline">
              table
            </Link>
            ; its job shows up here.
          </Empty>
        )
      ) : (
        <JobsTable jobs={jobs.data} />
      )}
    </div>
  );
}

function JobsTable({ jobs }: { jobs: Job[] }) {
  const now = Date.now();
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-800">
      <table className="w-full text-left text-sm" data-testid="jobs-table">
        <thead className="bg-neutral-900/80 text-xs text-neutral-500">
          <tr>
            <th className="px-3 py-2 font-medium">job</th>
            <th className="px-3 py-2 font-medium">table</th>
            <th className="px-3 py-2 font-medium">column</th>
            <th className="px-3 py-2 font-medium">state</th>
            <th className="w-48 px-3 py-2 font-medium">progress</th>
            <th className="px-3 py-2 text-right font-medium">rows committed / planned</th>
            <th className="px-3 py-2 font-medium">started</th>
            <th className="px-3 py-2 text-right font-medium">duration</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <JobRow key={j.id} job={j} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRow({ job, now }: { job: Job; now: number }) {
  const f = jobFractions(job);
  const tone = job.state === "failed" ? "bg-red-500" : job.state === "cancelled" ? "bg-amber-500" : job.state === "succeeded" ? "bg-emerald-500" : "bg-sky-500";
  return (
    <tr className="border-t border-neutral-800 hover:bg-neutral-900/60" data-testid="job-row" data-job-id={job.id}>
      <td className="px-3 py-2">
        <Link href={`/jobs/${enc(job.id)}`} className="font-mono text-xs text-sky-400 hover:underline">
          {job.id}
        </Link>
        {job.where && <div className="max-w-xs truncate font-mono text-xs text-neutral-500" title={`where ${job.where}`}>where {job.where}</div>}
      </td>
      <td className="px-3 py-2">
        <Link href={`/tables/${enc(job.table)}`} className="text-sky-400 hover:underline">
          {job.table}
        </Link>
      </td>
      <td className="px-3 py-2">
        <Link href={`/tables/${enc(job.table)}/columns/${enc(job.column)}`} className="text-neutral-200 hover:underline">
          {job.column}
        </Link>
      </td>
      <td className="px-3 py-2">
        <JobStatusBadge state={job.state as JobState} />
      </td>
      <td className="px-3 py-2">
        <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(f.committed * 100)} aria-label={`job ${job.id} committed`} className="h-2 w-full overflow-hidden rounded bg-neutral-800">
          <div className={`h-full ${tone}`} style={{ width: `${f.committed * 100}%` }} />
        </div>
      </td>
      <td className="px-3 py-2 text-right tabular-nums text-neutral-300">
        {fmtInt(job.rowsCommitted)} / {fmtInt(job.rowsPlanned)}
        {job.rowsFailed > 0 && <div className="text-xs text-red-300">{fmtInt(job.rowsFailed)} failed</div>}
      </td>
      <td className="whitespace-nowrap px-3 py-2 text-neutral-400">{fmtTime(job.startedAt ?? job.createdAt)}</td>
      <td className="px-3 py-2 text-right tabular-nums text-neutral-400">{fmtDuration(jobDurationMs(job, now))}</td>
    </tr>
  );
}
