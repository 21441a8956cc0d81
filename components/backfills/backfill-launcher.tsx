"use client";
// Launch a backfill of one UDF column: choose the rows (fill gaps, recompute
// all, or a custom where validated live), see the dry-run plan for exactly
// those inputs (refreshed as they change), set concurrency, checkpoint size
// and runner, read the UDF's error policy, then launch and go to the job.
import { useCan } from "@/components/auth/use-me";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api, ApiError, enc, tableKeys, type DryRunPlan, type TableInfo } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { ConflictNotice } from "@/components/jobs/conflict-notice";
import { retryUnlessClientError, useJobs } from "@/components/jobs/job-queries";
import { Badge, Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { isTerminal } from "@/server/jobs/job-status";
import { backfillBody, parseIntField, RECOMPUTE_ALL_WHERE, SCOPES, type Scope } from "./backfill-scope";
import { DryRunPlanView } from "./dry-run-plan";
import { describePolicy } from "./error-policy";
import { ClusterConfigCheck } from "@/components/cluster-configs/config-check";
import type { KubeOverview } from "@/components/cluster-configs/queries";
import { useClusters } from "@/components/clusters/cluster-queries";
import type { ExitMode } from "@/server/kubernetes/kube-store";
import { choose, describeNeeds, groupValue, LOCAL, runnerOptions, runnerValue, workerGroupOptions, type RunnerChoice } from "./runners";

/** The dry run follows the inputs this long after the last keystroke. */
const PLAN_DEBOUNCE_MS = 350;

export const planKey = (table: string, body: string | null) => [...tableKeys.detail(table), "backfill-plan", body] as const;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function BackfillLauncher({ table, column }: { table: string; column: string }) {
  const info = useQuery({
    queryKey: tableKeys.detail(table),
    queryFn: ({ signal }) => api<TableInfo>(`/api/tables/${enc(table)}`, { signal }),
    retry: retryUnlessClientError,
  });
  if (info.isPending) return <Loading label={`Loading ${table}…`} />;
  if (info.isError) {
    return (
      <ErrorState
        title={`Could not load table ${table}`}
        error={info.error}
        action={
          <Link href="/" className="text-sky-400 hover:underline">
            All tables
          </Link>
        }
      />
    );
  }
  const col = info.data.columns.find((c) => c.name === column);
  if (!col) {
    return (
      <Empty title={`Table ${table} has no column ${column}`}>
        <Link href={`/tables/${enc(table)}`} className="text-sky-400 hover:underline">
          Back to {table}
        </Link>
      </Empty>
    );
  }
  if (!col.udf) {
    return (
      <Empty title={`${column} is not a UDF column`}>
        Only columns defined by a UDF can be backfilled.{" "}
        <Link href={`/tables/${enc(table)}/udf/new`} className="text-sky-400 hover:underline">
          Add a UDF column
        </Link>
      </Empty>
    );
  }
  return <LauncherForm table={info.data} column={column} />;
}

function LauncherForm({ table: t, column }: { table: TableInfo; column: string }) {
  const table = t.name;
  const col = t.columns.find((c) => c.name === column)!;
  const udf = col.udf!;
  const router = useRouter();
  const qc = useQueryClient();
  const whereBox = useRef<HTMLTextAreaElement>(null);

  const [scope, setScope] = useState<Scope>("gaps");
  const [customWhere, setCustomWhere] = useState("");
  const [concurrency, setConcurrency] = useState("");
  const [checkpointSize, setCheckpointSize] = useState("");
  const [runner, setRunner] = useState<RunnerChoice>(LOCAL);
  // the list is needed for the select; live health only once a cluster is chosen
  const clusters = useClusters(runner.runner === "ray");
  const runnerChoices = runnerOptions(clusters.data);
  const cluster = runner.runner === "ray" ? clusters.data?.find((c) => c.name === runner.cluster) : undefined;
  const groups = workerGroupOptions(cluster);
  const [clusterConfig, setClusterConfig] = useState<string | null>(null);
  const [exitMode, setExitMode] = useState<ExitMode | "">("");
  // clusters created on Kubernetes from a design can be deleted or kept when the job ends
  const kube = useQuery({ queryKey: ["kubernetes"], queryFn: ({ signal }) => api<KubeOverview>("/api/kubernetes", { signal }), enabled: runner.runner === "ray", retry: false });
  const onKube = runner.runner === "ray" && !!kube.data?.rayclusters.some((r) => r.cluster === runner.cluster);

  const form = { column, scope, customWhere, concurrency, checkpointSize, runner };
  // the plan does not depend on concurrency
  const dryBody = backfillBody({ ...form, concurrency: "", dryRun: true });
  const bodyKey = dryBody ? JSON.stringify(dryBody) : null;
  const debouncedKey = useDebounced(bodyKey, PLAN_DEBOUNCE_MS);
  const url = `/api/tables/${enc(table)}/backfills`;
  const plan = useQuery({
    queryKey: planKey(table, debouncedKey),
    queryFn: ({ signal }) => api<DryRunPlan>(url, { body: JSON.parse(debouncedKey!), signal }),
    enabled: debouncedKey !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });
  // the plan shown is for exactly the current inputs
  const current = bodyKey !== null && debouncedKey === bodyKey && !plan.isPlaceholderData && !plan.isFetching && plan.isSuccess;
  const updating = bodyKey !== null && !current && !plan.isError;
  const whereError =
    scope === "custom" && debouncedKey === bodyKey && plan.error instanceof ApiError && plan.error.status === 400 ? plan.error.message : null;

  const baseLaunch = backfillBody({ ...form, dryRun: false });
  const launchBody = baseLaunch && runner.runner === "ray"
    ? { ...baseLaunch, ...(clusterConfig ? { clusterConfig } : {}), ...(onKube && exitMode ? { exitMode } : {}) }
    : baseLaunch;
  const launch = useMutation({
    mutationFn: () => api<{ jobId: string }>(url, { body: launchBody }),
    onSuccess: ({ jobId }) => {
      void qc.invalidateQueries({ queryKey: ["jobs", "list"] });
      router.push(`/jobs/${enc(jobId)}`);
    },
    // a 409 means a job started elsewhere: refresh the active-job notice too
    onError: () => void qc.invalidateQueries({ queryKey: ["jobs", "list"] }),
  });
  const active = useJobs({ table, column }).data?.find((j) => !isTerminal(j.state));
  const canOperate = useCan("operator");
  const canLaunch = canOperate.ok && !!launchBody && current && plan.data!.rowsToCompute > 0 && !launch.isPending && !launch.isSuccess;

  const concurrencyCheck = parseIntField(concurrency, 1, 64);
  const checkpointCheck = parseIntField(checkpointSize, 1, 1_000_000);

  const insertColumn = (name: string) => {
    const el = whereBox.current;
    const at = el ? el.selectionStart : customWhere.length;
    const end = el ? el.selectionEnd : customWhere.length;
    const next = customWhere.slice(0, at) + name + customWhere.slice(end);
    setCustomWhere(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + name.length, at + name.length);
    });
  };

  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <nav className="text-sm text-neutral-500">
          <Link href="/" className="hover:text-neutral-200">
            Tables
          </Link>{" "}
          /{" "}
          <Link href={`/tables/${enc(table)}`} className="hover:text-neutral-200">
            {table}
          </Link>{" "}
          /{" "}
          <Link href={`/tables/${enc(table)}/columns/${enc(column)}`} className="hover:text-neutral-200">
            {column}
          </Link>{" "}
          / <span className="text-neutral-300">backfill</span>
        </nav>
        <h1 className="text-xl font-semibold">
          Backfill {table}.{column}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-neutral-400">
          <span className="font-mono text-neutral-200">{udf.name}</span>
          <Badge>v{udf.version}</Badge>
          {udf.kind && <Badge>{udf.kind}</Badge>}
          <span>
            inputs <span className="font-mono text-neutral-300">{udf.inputColumns.join(", ")}</span> → <span className="font-mono text-neutral-300">{udf.dataType}</span>
          </span>
          {col.filled != null && <span>· {Math.round(col.filled * 100)}% filled</span>}
          <Link href={`/tables/${enc(table)}/columns/${enc(column)}`} className="text-sky-400 hover:underline">
            view / edit UDF
          </Link>
        </p>
      </header>

      {active && (
        <div role="status" className="rounded-md border border-sky-900/60 bg-sky-950/30 p-3 text-sm text-sky-200" data-testid="active-job">
          A backfill of this column is {active.state}:{" "}
          <Link href={`/jobs/${enc(active.id)}`} className="font-medium text-sky-400 hover:underline">
            {active.id}
          </Link>
          . A new one can start when it has finished.
        </div>
      )}

      <div className="grid items-start gap-4 lg:grid-cols-5">
        <div className="space-y-4 lg:col-span-3">
          <Card title="Rows">
            <fieldset className="space-y-2" aria-label="Which rows to compute">
              {SCOPES.map((s) => (
                <label
                  key={s.id}
                  className={`flex cursor-pointer gap-3 rounded-md border px-3 py-2 text-sm ${scope === s.id ? "border-sky-700 bg-sky-950/30" : "border-neutral-800 hover:border-neutral-700"}`}
                >
                  <input
                    type="radio"
                    name="scope"
                    value={s.id}
                    checked={scope === s.id}
                    onChange={() => {
                      setScope(s.id);
                      if (s.id === "custom") requestAnimationFrame(() => whereBox.current?.focus());
                    }}
                    className="mt-0.5 accent-sky-500"
                    data-testid={`scope-${s.id}`}
                  />
                  <span>
                    <span className="font-medium text-neutral-100">{s.label}</span>
                    {s.id === "all" && <code className="ml-2 text-xs text-neutral-400">where {RECOMPUTE_ALL_WHERE}</code>}
                    <span className="block text-xs text-neutral-500">{s.hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {scope === "custom" && (
              <div className="mt-3 space-y-2">
                <Field label="where" error={whereError} hint={customWhere.trim() ? "checked against the table as you type" : "a Lance SQL filter, e.g. rating >= 4 AND category = 'macro'"}>
                  <textarea
                    ref={whereBox}
                    rows={2}
                    spellCheck={false}
                    value={customWhere}
                    onChange={(e) => setCustomWhere(e.target.value)}
                    placeholder="rating >= 4"
                    aria-invalid={!!whereError}
                    className={`${inputClass} font-mono ${whereError ? "border-red-700 focus:border-red-600" : ""}`}
                    data-testid="where-input"
                  />
                </Field>
                <div className="flex flex-wrap gap-1.5 text-xs" aria-label="Columns (click to insert)">
                  {t.columns.map((c) => (
                    <button
                      key={c.name}
                      type="button"
                      onClick={() => insertColumn(c.name)}
                      className="rounded border border-neutral-800 bg-neutral-900 px-1.5 py-0.5 font-mono text-neutral-300 hover:border-neutral-600"
                      title={`insert ${c.name} (${c.type})`}
                    >
                      {c.name} <span className="text-neutral-500">{c.type}</span>
                    </button>
                  ))}
                </div>
              </div>
            )}
          </Card>

          <Card title="Run">
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Concurrency" error={concurrencyCheck.error} hint={runner.runner === "ray" ? "Ray workers (actors) at once; empty: the dashboard machine's CPU count (≤ 8)" : "worker processes; empty: the server's CPU count (≤ 8)"}>
                <input inputMode="numeric" className={inputClass} value={concurrency} onChange={(e) => setConcurrency(e.target.value)} placeholder="auto" data-testid="concurrency-input" />
              </Field>
              <Field label="Checkpoint size" error={checkpointCheck.error} hint="rows per batch; each batch is checkpointed durably">
                <input
                  inputMode="numeric"
                  className={inputClass}
                  value={checkpointSize}
                  onChange={(e) => setCheckpointSize(e.target.value)}
                  placeholder={udf.checkpointSize ? `${udf.checkpointSize} (from the UDF)` : plan.data ? `${plan.data.checkpointSize} (default)` : "default"}
                  data-testid="checkpoint-input"
                />
              </Field>
              <Field
                label="Runner"
                hint={
                  <>
                    {runnerChoices.find((r) => r.value === runnerValue(runner))?.detail}
                    {runnerChoices.length === 1 && " · "}
                    {runnerChoices.length === 1 && (
                      <Link href="/clusters" className="text-sky-400 hover:underline">
                        add a Ray cluster
                      </Link>
                    )}
                  </>
                }
              >
                <select className={inputClass} value={runnerValue(runner)} onChange={(e) => setRunner(choose(e.target.value, runner))} data-testid="runner-select">
                  {runnerChoices.map((r) => (
                    <option key={r.value} value={r.value} disabled={!r.available}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            {runner.runner === "ray" && (
              <div className="mt-4 grid gap-4 sm:grid-cols-3">
                <div>
                  <ClusterConfigCheck table={table} column={column} value={clusterConfig} onChange={setClusterConfig} workerGroup={runner.workerGroup ?? undefined} />
                </div>
                {onKube && (
                  <Field label="When the job ends" hint="this cluster was created on Kubernetes from a design">
                    <select className={inputClass} value={exitMode} onChange={(e) => setExitMode(e.target.value as ExitMode | "")} data-testid="exit-mode-select">
                      <option value="">keep it (default)</option>
                      <option value="delete">delete the RayCluster</option>
                      <option value="retain-on-failure">delete it unless the job failed</option>
                    </select>
                  </Field>
                )}
                <div className="sm:col-span-2">
                  <Field label="Worker group" hint={<>each worker asks a node for {describeNeeds(udf)} (from the UDF&apos;s <code>@udf</code> arguments) · <Link href={`/clusters/${enc(runner.cluster)}`} className="text-sky-400 hover:underline">cluster health</Link></>}>
                    <select
                      className={inputClass}
                      value={groupValue(runner.workerGroup)}
                      onChange={(e) => setRunner({ ...runner, workerGroup: groups.find((g) => g.value === e.target.value)?.group ?? null })}
                      data-testid="worker-group-select"
                    >
                      {groups.map((g) => (
                        <option key={g.value} value={g.value}>
                          {g.label} ({g.nodes} alive)
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
              </div>
            )}
          </Card>

          <Card
            title="Error policy"
            actions={
              <Link href={`/tables/${enc(table)}/columns/${enc(column)}`} className="text-xs text-sky-400 hover:underline">
                edit in the UDF
              </Link>
            }
          >
            <p className="mb-2 text-sm">
              <code className="rounded bg-neutral-950 px-1.5 py-0.5 text-neutral-200" data-testid="on-error">
                on_error: {udf.onError ?? "fail"}
              </code>
            </p>
            <ul className="list-disc space-y-0.5 pl-5 text-sm text-neutral-300">
              {describePolicy(udf.onError).map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
            <p className="mt-2 text-xs text-neutral-500">
              The policy is part of the UDF (<code>@udf(on_error=…)</code>), so every run of this column uses it. Failed and skipped rows are listed on the job page, where they can be re-run.
            </p>
          </Card>
        </div>

        <div className="lg:sticky lg:top-4 lg:col-span-2">
          <Card
            title="Dry-run plan"
            actions={updating ? <span className="flex items-center gap-1.5 text-xs text-neutral-400" data-testid="plan-updating"><span className="h-2.5 w-2.5 animate-spin rounded-full border-2 border-neutral-600 border-t-sky-400" />updating…</span> : current ? <span className="text-xs text-neutral-500">for the inputs shown</span> : null}
          >
            {bodyKey === null ? (
              <p className="text-sm text-neutral-500" data-testid="plan-waiting">
                {scope === "custom" && !customWhere.trim() ? "Type a where to see which rows it selects." : "Fix the fields marked in red to see the plan."}
              </p>
            ) : plan.isError ? (
              whereError ? (
                <p className="text-sm text-red-300" data-testid="plan-invalid">The where is not valid (see the message under it): no plan.</p>
              ) : (
                <ErrorState title="The dry run failed" error={plan.error} />
              )
            ) : !plan.data ? (
              <Loading label="Planning…" />
            ) : (
              <div className={updating ? "opacity-50 transition-opacity" : "transition-opacity"}>
                <DryRunPlanView plan={plan.data} scope={scope} />
              </div>
            )}
            <div className="mt-4 space-y-2 border-t border-neutral-800 pt-4">
              <Button variant="primary" className="w-full justify-center" disabled={!canLaunch} onClick={() => launch.mutate()} data-testid="launch">
                {launch.isPending || launch.isSuccess
                  ? "Launching…"
                  : current && plan.data
                    ? `Launch backfill of ${fmtInt(plan.data.rowsToCompute)} rows`
                    : "Launch backfill"}
              </Button>
              {canOperate.why && <p className="text-xs text-amber-300" data-testid="launch-not-allowed">{canOperate.why}</p>}
              {launch.error && <ConflictNotice error={launch.error} what="Could not launch the backfill" />}
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
