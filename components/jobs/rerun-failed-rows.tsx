"use client";
// "Re-run failed rows": a backfill of the same column restricted to the rows
// that failed or were skipped in this job. Its dry-run count comes first.
import { useCan } from "@/components/auth/use-me";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { api, enc, type DryRunPlan, type Job } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { Button } from "@/components/ui/primitives";
import { isTerminal } from "@/server/jobs/job-status";
import { ConflictNotice } from "./conflict-notice";

export function RerunFailedRows({ job }: { job: Job }) {
  const router = useRouter();
  const url = `/api/tables/${enc(job.table)}/backfills`;
  const dry = useMutation({ mutationFn: () => api<DryRunPlan>(url, { body: { column: job.column, failedRowsOf: job.id, dryRun: true } }) });
  const launch = useMutation({
    mutationFn: () => api<{ jobId: string }>(url, { body: { column: job.column, failedRowsOf: job.id } }),
    onSuccess: ({ jobId }) => router.push(`/jobs/${enc(jobId)}`),
  });
  const final = isTerminal(job.state);
  const can = useCan("operator");

  if (!dry.data && !dry.isPending) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button onClick={() => dry.mutate()} disabled={!final || !can.ok} title={can.why ?? (final ? undefined : "available once the job has finished")} data-testid="rerun-failed">
          Re-run failed rows…
        </Button>
        {dry.error && <span className="text-xs text-red-400">Dry run failed: {(dry.error as Error).message}</span>}
      </div>
    );
  }
  if (dry.isPending) return <span className="text-sm text-neutral-400">Counting failed rows…</span>;
  const plan = dry.data!;
  return (
    <div className="w-full space-y-2 rounded-md border border-sky-900/60 bg-sky-950/30 p-3 text-sm" data-testid="rerun-plan">
      <div>
        Dry run: <strong className="tabular-nums text-neutral-100" data-testid="rerun-count">{fmtInt(plan.rowsToCompute)}</strong> rows to recompute
        <span className="text-neutral-400"> in {fmtInt(plan.fragments)} fragment(s), {fmtInt(plan.batches)} batch(es)</span>
      </div>
      <div className="text-xs text-neutral-400">
        They run with the column&apos;s current UDF.{" "}
        <Link className="text-sky-400 hover:underline" href={`/tables/${enc(job.table)}/columns/${enc(job.column)}`}>
          Fix the UDF first
        </Link>{" "}
        if the same rows would fail again.
      </div>
      <div className="flex gap-2">
        <Button variant="primary" onClick={() => launch.mutate()} disabled={launch.isPending || plan.rowsToCompute === 0} data-testid="rerun-launch">
          {launch.isPending ? "Launching…" : `Launch re-run of ${fmtInt(plan.rowsToCompute)} rows`}
        </Button>
        <Button variant="ghost" onClick={() => { dry.reset(); launch.reset(); }}>
          Not now
        </Button>
      </div>
      {launch.error && <ConflictNotice error={launch.error} what="Launch failed" />}
    </div>
  );
}
