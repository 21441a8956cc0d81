"use client";
// The dry-run plan of a backfill: what matches, what is already done, what
// will be computed (NULL vs stale, with the reasons), and how it is cut up.
import type { DryRunPlan } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import type { Scope } from "./backfill-scope";

const STALE_REASONS: Record<string, string> = {
  versionChanged: "computed by another UDF version",
  inputsChanged: "input values changed since",
  rewritten: "rows rewritten (no provenance)",
};

function Row({ label, value, hint, strong, indent, testId }: { label: string; value: number; hint?: string; strong?: boolean; indent?: number; testId?: string }) {
  return (
    <div className={`flex items-baseline justify-between gap-3 py-0.5 ${strong ? "text-neutral-100" : "text-neutral-300"}`} style={{ paddingLeft: (indent ?? 0) * 14 }}>
      <dt className={indent ? "text-neutral-400" : undefined}>
        {label}
        {hint && <span className="ml-1.5 text-xs text-neutral-500">{hint}</span>}
      </dt>
      <dd className={`tabular-nums ${strong ? "font-semibold" : ""}`} data-testid={testId}>
        {fmtInt(value)}
      </dd>
    </div>
  );
}

export function DryRunPlanView({ plan, scope }: { plan: DryRunPlan; scope: Scope }) {
  const explicit = scope !== "gaps";
  const m = Math.max(plan.rowsMatching, 1);
  const reasons = Object.entries(plan.staleReasons ?? {});
  return (
    <div className="space-y-4" data-testid="dry-run-plan">
      <div>
        <div className="text-3xl font-semibold tabular-nums text-sky-300">
          <span data-testid="plan-to-compute">{fmtInt(plan.rowsToCompute)}</span>
          <span className="ml-2 text-base font-normal text-neutral-400">rows to compute</span>
        </div>
        <div className="text-sm text-neutral-500">
          of <span data-testid="plan-matching">{fmtInt(plan.rowsMatching)}</span> matching rows
        </div>
      </div>
      {plan.rowsMatching > 0 && (
        <div className="space-y-1">
          <div className="flex h-2.5 w-full overflow-hidden rounded bg-neutral-800" aria-hidden>
            <div className="h-full bg-emerald-600" style={{ width: `${(plan.rowsDone / m) * 100}%` }} title="already done" />
            <div className="h-full bg-amber-500" style={{ width: `${(plan.rowsStale / m) * 100}%` }} title="stale" />
            <div className="h-full bg-sky-500" style={{ width: `${(plan.rowsNull / m) * 100}%` }} title="NULL" />
          </div>
          <div className="flex gap-3 text-xs text-neutral-500">
            <span><span className="mr-1 inline-block h-2 w-2 rounded-sm bg-emerald-600" />done</span>
            <span><span className="mr-1 inline-block h-2 w-2 rounded-sm bg-amber-500" />stale</span>
            <span><span className="mr-1 inline-block h-2 w-2 rounded-sm bg-sky-500" />NULL</span>
          </div>
        </div>
      )}
      <dl className="divide-y divide-neutral-800/70 text-sm">
        <div className="pb-2">
          <Row label="Rows matching" value={plan.rowsMatching} strong testId="plan-rows-matching" />
          <Row label="already done" value={plan.rowsDone} indent={1} hint={explicit ? "recomputed: an explicit where takes every matching row" : "skipped"} testId="plan-rows-done" />
          <Row label="NULL" value={plan.rowsNull} indent={1} testId="plan-rows-null" />
          <Row label="stale" value={plan.rowsStale} indent={1} testId="plan-rows-stale" />
          {reasons.map(([k, v]) => (
            <Row key={k} label={STALE_REASONS[k] ?? k} value={v} indent={2} />
          ))}
        </div>
        <div className="pt-2">
          <Row label="Fragments" value={plan.fragments} testId="plan-fragments" />
          <Row label="Batches" value={plan.batches} hint={`of ≤${fmtInt(plan.checkpointSize)} rows, each checkpointed`} testId="plan-batches" />
          <Row label="Table version read" value={plan.readVersion} />
        </div>
      </dl>
      {plan.rowsToCompute === 0 && (
        <p className="rounded-md border border-emerald-900/60 bg-emerald-950/30 p-2 text-sm text-emerald-200" data-testid="plan-nothing">
          {plan.rowsMatching === 0 ? "No row matches: nothing to compute." : "Every matching row is up to date: nothing to compute."}
        </p>
      )}
    </div>
  );
}
