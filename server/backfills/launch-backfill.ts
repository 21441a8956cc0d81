// Validate, plan, create the job, hand it to the runner. A dry run stops after
// planning. Planning happens before the job exists, so a bad where is a 400
// and never a failed job.
import fs from "node:fs";
import path from "node:path";
import { badRequest, conflict } from "../errors";
import type { JobService } from "../jobs/job-service";
import { JobStore } from "../jobs/job-store";
import type { Job, PlanCounts } from "../jobs/job-types";
import type { PythonPool } from "../python/python-process";
import type { TableService, UdfInfo } from "../tables/table-service";
import { parseBackfillRequest, type BackfillRequest } from "./backfill-request";
import type { ClusterService } from "../clusters/cluster-service";
import { workerRequest } from "../clusters/cluster-service";
import type { RayRunner } from "../runners/ray/ray-runner";
import { parseDesignOptions, type LaunchDesigns } from "../kubernetes/launch-designs";

export interface LaunchDeps {
  tables: TableService;
  pool: PythonPool;
  store: JobStore;
  jobs: JobService;
  dbUri: string;
  stateDir: string;
  defaultConcurrency: number;
  clusters: ClusterService;
  rayRunner: RayRunner;
  /** Cluster designs: check the UDF against a design, exit modes of Kubernetes clusters. */
  designs?: LaunchDesigns;
}

type PlanResult = PlanCounts & { checkpointSize: number; readVersion: number; udfSpec?: UdfInfo & Record<string, unknown> };

const PLAN_TIMEOUT_MS = 10 * 60_000;
const launching = new Set<string>(); // (table, column) keys between check and create

export async function launchBackfill(deps: LaunchDeps, table: string, body: unknown) {
  const req = parseBackfillRequest(body, deps.defaultConcurrency);
  const design = parseDesignOptions(body, req.runner);
  const udf = await deps.tables.udfOf(table, req.column); // 404s for table / column
  if (!udf) throw badRequest(`column '${req.column}' has no UDF: add it as a UDF column first`);
  if (design.clusterConfig) deps.designs?.checkConfig(design.clusterConfig, design.clusterConfigVersion, needsOf(udf), req.workerGroup);
  if (req.runner === "ray") await checkCluster(deps, req, udf);
  deps.designs?.checkExit(req.cluster, design.exitMode);
  if (req.failedRowsOf) req.where = failedRowsWhere(deps, table, req.column, req.failedRowsOf, req.where);
  const planParams = { dbUri: deps.dbUri, stateDir: deps.stateDir, table, column: req.column, where: req.where, checkpointSize: req.checkpointSize };

  if (req.dryRun) {
    const plan = await deps.pool.request<PlanResult>("plan", planParams, PLAN_TIMEOUT_MS);
    return { status: 200, body: planView(plan) };
  }

  const key = JSON.stringify([table, req.column]);
  const active = deps.store.activeFor(table, req.column);
  if (active || launching.has(key)) {
    const who = active ? `job '${active.id}'` : "another launch";
    throw conflict(`${who} is already running a backfill of ${table}.${req.column}`, active ? { jobId: active.id } : undefined);
  }
  launching.add(key);
  const id = JobStore.newId();
  const dir = deps.store.dir(id);
  try {
    const plan = await deps.pool.request<PlanResult>("plan", { ...planParams, jobDir: dir }, PLAN_TIMEOUT_MS);
    const spec = plan.udfSpec!;
    fs.writeFileSync(path.join(dir, "params.json"), JSON.stringify({
      jobId: id, dbUri: deps.dbUri, stateDir: deps.stateDir, table, column: req.column,
      source: spec.source, udfVersion: spec.version, inputColumns: spec.inputColumns,
      concurrency: req.concurrency, checkpointSize: plan.checkpointSize, where: req.where,
      ...(req.runner === "ray" ? { executor: "ray", ray: rayParams(req, spec) } : {}),
    }));
    const now = new Date().toISOString();
    const job: Job = {
      id, table, column: req.column, where: req.where, udfName: spec.name, udfVersion: spec.version, runner: req.runner,
      state: "queued", concurrency: req.concurrency, checkpointSize: plan.checkpointSize,
      rowsPlanned: plan.rowsToCompute, rowsCheckpointed: 0, rowsCommitted: 0, rowsFailed: 0,
      batches: plan.batches, batchesDone: 0, fragments: plan.fragments, fragmentsCommitted: 0, attempts: 0,
      plan: planView(plan), createdAt: now, startedAt: null, finishedAt: null, updatedAt: now, error: null,
      events: [{ ts: now, type: "planned", message: planMessage(plan, req.where) }],
      ...(req.runner === "ray" ? { cluster: req.cluster, workerGroup: req.workerGroup, pip: req.pip } : {}),
    };
    // Ray: submit before the job exists, so a driver Ray cannot start is a 400 with Ray's message.
    if (req.runner === "ray") await deps.rayRunner.presubmit(job, dir);
    deps.store.create(job);
    const where = req.runner === "ray" ? ` (cluster '${req.cluster}')` : "";
    deps.jobs.run(job, `Launched on the ${req.runner} runner${where} with concurrency ${req.concurrency}`);
    if (design.exitMode) deps.designs?.planExit(id, req.cluster!, design.exitMode);
    return { status: 202, body: { jobId: id } };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    launching.delete(key);
  }
}

/** A where selecting the rows that failed or were skipped in an earlier job of this column. */
function failedRowsWhere(deps: LaunchDeps, table: string, column: string, jobId: string, where: string | null): string {
  const job = deps.jobs.get(jobId);
  if (job.table !== table || job.column !== column) {
    throw badRequest(`job '${jobId}' backfilled ${job.table}.${job.column}, not ${table}.${column}`);
  }
  const addrs = [...new Set(deps.jobs.errors(jobId, Number.MAX_SAFE_INTEGER).map((e) => e.rowAddress).filter((a) => a !== null))];
  if (!addrs.length) throw badRequest(`job '${jobId}' has no failed rows to re-run`);
  const rows = `_rowaddr IN (${addrs.join(", ")})`;
  return where ? `(${where}) AND ${rows}` : rows;
}

function planView(p: PlanResult): PlanCounts & { checkpointSize: number; readVersion: number } {
  return {
    rowsMatching: p.rowsMatching, rowsDone: p.rowsDone, rowsToCompute: p.rowsToCompute, fragments: p.fragments,
    batches: p.batches, rowsNull: p.rowsNull, rowsStale: p.rowsStale, staleReasons: p.staleReasons,
    checkpointSize: p.checkpointSize, readVersion: p.readVersion,
  };
}

function planMessage(p: PlanResult, where: string | null): string {
  const scope = where ? `where ${where}` : "default (NULL or stale rows)";
  return `Planned ${p.rowsToCompute} of ${p.rowsMatching} matching rows (${scope}): ${p.fragments} fragments, ${p.batches} batches of ≤${p.checkpointSize}`;
}

/** Before planning: the cluster exists, answers, and has a node that can host a worker. */
async function checkCluster(deps: LaunchDeps, req: BackfillRequest, udf: UdfInfo): Promise<void> {
  const name = req.cluster!;
  try {
    deps.clusters.record(name);
  } catch {
    throw badRequest(`unknown cluster '${name}': register it first with POST /api/clusters`);
  }
  // a cluster made from a design is checked against it; an autoscaling one may have no worker node yet
  const { checkLiveNodes } = deps.designs?.checkCluster(name, needsOf(udf), req.workerGroup) ?? { checkLiveNodes: true };
  if (checkLiveNodes) await deps.clusters.checkResources(name, needsOf(udf), req.workerGroup);
}

const needsOf = (udf: UdfInfo) => ({ numCpus: udf.numCpus, numGpus: udf.numGpus, memory: udf.memory });

function rayParams(req: BackfillRequest, spec: UdfInfo) {
  const { custom, labelSelector } = workerRequest({ numCpus: spec.numCpus, numGpus: spec.numGpus, memory: spec.memory }, req.workerGroup);
  return { resources: Object.keys(custom).length ? custom : null, labelSelector };
}
