"use client";
// The live job page: header and actions, stage counters with progress, rows/s
// and ETA, the fragment grid, row errors, the event log and the log tail.
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { ApiError, enc, type Job } from "@/components/api-client";
import { fmtDuration, fmtInt, fmtRate, fmtTime } from "@/components/format";
import { Card } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { isTerminal } from "@/server/jobs/job-status";
import { FragmentGrid } from "./fragment-grid";
import { JobActions } from "./job-actions";
import { JobErrorsPanel } from "./job-errors-panel";
import { describeWhere, jobDurationMs, jobFractions } from "./job-format";
import { JobEventLog, JobLogTail } from "./job-logs";
import { useJobFragments } from "./job-queries";
import { averageRate, etaMs, mergeSamples, ratePoints, recentRate, type Sample } from "./job-rate";
import { JobStatusBadge } from "./job-status-badge";
import { ThroughputChart } from "./throughput-chart";
import { useJobLive, type StreamState } from "./use-job-live";

export function JobView({ id }: { id: string }) {
  const { job, stream, watching, liveSamples, streamLines, clearStreamLines } = useJobLive(id);

  if (job.isPending) return <Loading label={`Loading job ${id}…`} />;
  if (job.isError) {
    const missing = job.error instanceof ApiError && job.error.status === 404;
    return missing ? (
      <Empty title={`No job ${id}`}>
        It may have been launched against another database.{" "}
        <Link href="/jobs" className="text-sky-400 hover:underline">
          All jobs
        </Link>
      </Empty>
    ) : (
      <ErrorState title={`Could not load job ${id}`} error={job.error} />
    );
  }
  const j = job.data;
  return (
    <div className="space-y-4">
      <JobHeader job={j} stream={stream} watching={watching} />
      {j.state === "failed" && j.error && <ErrorState title="The job failed" error={j.error} />}
      <div className="grid gap-4 lg:grid-cols-2">
        <JobCounters job={j} liveSamples={liveSamples} />
        <ThroughputCard job={j} liveSamples={liveSamples} />
      </div>
      <FragmentsCard job={j} />
      <JobErrorsPanel job={j} />
      <div className="grid gap-4 lg:grid-cols-2">
        <JobEventLog events={j.events} />
        <JobLogTail id={j.id} streamLines={streamLines} onReload={clearStreamLines} />
      </div>
    </div>
  );
}

function StreamIndicator({ stream, watching }: { stream: StreamState; watching: boolean }) {
  if (!watching) return null;
  const [dot, label] =
    stream === "open" ? ["bg-emerald-400 animate-pulse", "live"] : stream === "reconnecting" ? ["bg-amber-400", "reconnecting… (polling every 5 s)"] : ["bg-neutral-500", "connecting…"];
  return (
    <span className="flex items-center gap-1.5 text-xs text-neutral-400" data-testid="stream-state" data-state={stream}>
      <span className={`h-2 w-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}

function JobHeader({ job, stream, watching }: { job: Job; stream: StreamState; watching: boolean }) {
  const tableHref = `/tables/${enc(job.table)}`;
  const now = useNow(watching ? 1000 : null);
  const where = describeWhere(job.where);
  return (
    <header className="space-y-3">
      <nav className="text-sm text-neutral-500">
        <Link href="/jobs" className="hover:text-neutral-200">
          Jobs
        </Link>{" "}
        / <span className="font-mono text-neutral-300">{job.id}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">
          Backfill{" "}
          <Link href={tableHref} className="text-sky-400 hover:underline">
            {job.table}
          </Link>
          .
          <Link href={`${tableHref}/columns/${enc(job.column)}`} className="text-sky-400 hover:underline">
            {job.column}
          </Link>
        </h1>
        <span data-testid="job-state">
          <JobStatusBadge state={job.state} />
        </span>
        <StreamIndicator stream={stream} watching={watching} />
        <div className="ml-auto">
          <JobActions job={job} />
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        <Meta label="rows">
          <span className={job.where ? "font-mono text-neutral-200" : undefined} title={where.full ?? undefined} data-testid="job-where">
            {where.label}
          </span>
        </Meta>
        <Meta label="UDF">
          <span className="font-mono">
            {job.udfName} <span className="text-neutral-500">v{job.udfVersion}</span>
          </span>
        </Meta>
        <Meta label="runner">
          {job.runner === "ray" && job.cluster ? (
            <span data-testid="job-cluster">
              Ray ·{" "}
              <Link href={`/clusters/${enc(job.cluster)}`} className="text-sky-400 hover:underline">
                {job.cluster}
              </Link>
              {job.workerGroup && <> · group {"resource" in job.workerGroup ? job.workerGroup.resource : Object.entries(job.workerGroup.labels).map(([k, v]) => `${k}=${v}`).join(",")}</>}
              {job.ray?.submissionId && <span className="ml-1 font-mono text-xs text-neutral-500">({job.ray.submissionId})</span>}
            </span>
          ) : (
            job.runner
          )}{" "}
          · concurrency {job.concurrency} · batches of ≤{fmtInt(job.checkpointSize)}
        </Meta>
        <Meta label="attempts">{job.attempts}</Meta>
        <Meta label="created">{fmtTime(job.createdAt)}</Meta>
        <Meta label="started">{fmtTime(job.startedAt)}</Meta>
        <Meta label="finished">{fmtTime(job.finishedAt)}</Meta>
        <Meta label="duration">{fmtDuration(jobDurationMs(job, now))}</Meta>
      </dl>
    </header>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-neutral-500">{label}</dt>
      <dd className="truncate text-neutral-300">{children}</dd>
    </div>
  );
}

/** The time, ticking every `ms` while given (for running durations), else fixed. */
function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ms == null) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function Counter({ label, value, tone = "text-neutral-100", testId }: { label: string; value: number; tone?: string; testId: string }) {
  return (
    <div className="rounded-md border border-neutral-800 bg-neutral-950/60 px-3 py-2">
      <div className="text-xs text-neutral-500">{label}</div>
      <div className={`text-2xl font-semibold tabular-nums ${tone}`} data-testid={testId}>
        {fmtInt(value)}
      </div>
    </div>
  );
}

function JobCounters({ job, liveSamples }: { job: Job; liveSamples: Sample[] }) {
  const f = jobFractions(job);
  const samples = useMemo(() => mergeSamples(job.series, liveSamples), [job.series, liveSamples]);
  const running = job.state === "running";
  const rate = running ? recentRate(samples) : null;
  const eta = running ? etaMs(job.rowsPlanned - job.rowsCheckpointed, rate) : null;
  const avg = averageRate(job.rowsCheckpointed, job.startedAt, job.finishedAt ?? (running ? Date.now() : null));
  return (
    <Card title="Progress">
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Counter label="planned" value={job.rowsPlanned} testId="count-planned" />
        <Counter label="checkpointed" value={job.rowsCheckpointed} tone="text-violet-300" testId="count-checkpointed" />
        <Counter label="committed" value={job.rowsCommitted} tone="text-emerald-300" testId="count-committed" />
        <Counter label="failed or skipped" value={job.rowsFailed} tone={job.rowsFailed ? "text-red-300" : "text-neutral-100"} testId="count-failed" />
      </div>
      <div className="mt-4 space-y-1.5">
        <div
          role="progressbar"
          aria-label="rows committed"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(f.committed * 100)}
          className="relative h-2.5 w-full overflow-hidden rounded bg-neutral-800"
        >
          <div className="absolute inset-y-0 left-0 bg-violet-500/50 transition-[width] duration-300" style={{ width: `${f.checkpointed * 100}%` }} />
          <div className="absolute inset-y-0 left-0 bg-emerald-500 transition-[width] duration-300" style={{ width: `${f.committed * 100}%` }} />
        </div>
        <div className="flex flex-wrap justify-between gap-2 text-xs text-neutral-400">
          <span>
            <span className="text-emerald-300">{Math.floor(f.committed * 100)}% committed</span> ·{" "}
            <span className="text-violet-300">{Math.floor(f.checkpointed * 100)}% checkpointed</span>
          </span>
          <span>
            {fmtInt(job.batchesDone)} / {fmtInt(job.batches)} batches · {fmtInt(job.fragmentsCommitted)} / {fmtInt(job.fragments)} fragments committed
          </span>
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-neutral-500">now</dt>
          <dd className="tabular-nums text-neutral-200" data-testid="rate-now">{running ? fmtRate(rate) : "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-neutral-500">average</dt>
          <dd className="tabular-nums text-neutral-200">{fmtRate(avg)}</dd>
        </div>
        <div>
          <dt className="text-xs text-neutral-500">ETA</dt>
          <dd className="tabular-nums text-neutral-200" data-testid="eta">
            {running ? (eta == null ? "estimating…" : fmtDuration(eta)) : job.state === "succeeded" ? "done" : "—"}
          </dd>
        </div>
      </dl>
    </Card>
  );
}

function ThroughputCard({ job, liveSamples }: { job: Job; liveSamples: Sample[] }) {
  const samples = useMemo(() => mergeSamples(job.series, liveSamples), [job.series, liveSamples]);
  const points = useMemo(() => ratePoints(samples), [samples]);
  const start = job.startedAt ? Date.parse(job.startedAt) : (points[0]?.t ?? 0);
  const series = job.series ?? [];
  const span = series.length ? series[series.length - 1][0] - series[0][0] : 0;
  const empty = isTerminal(job.state)
    ? series.length && job.rowsCheckpointed > 0
      ? `The batches were checkpointed within ${span < 1000 ? `${Math.max(1, Math.round(span))} ms` : fmtDuration(span)}: too short to plot rows/s.`
      : "No batch was checkpointed."
    : undefined;
  return (
    <Card title="Rows/s">
      <ThroughputChart points={points} start={start} emptyText={empty} />
    </Card>
  );
}

function FragmentsCard({ job }: { job: Job }) {
  const frags = useJobFragments(job);
  return (
    <Card title="Fragments" actions={<span className="text-xs text-neutral-500">hover a square for details</span>}>
      {frags.isPending ? (
        <Loading label="Loading fragments…" />
      ) : frags.isError ? (
        <ErrorState title="Could not load the job's fragments" error={frags.error} />
      ) : frags.data.ids.length === 0 ? (
        <p className="text-sm text-neutral-500">This job planned no fragments.</p>
      ) : (
        <FragmentGrid view={frags.data} />
      )}
    </Card>
  );
}
