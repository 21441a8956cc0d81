// Parse and check the body of POST /api/tables/:table/backfills.
import { badRequest } from "../errors";
import type { WorkerGroup } from "../clusters/cluster-types";
import { checkWhere } from "../tables/where-guard";

export interface BackfillRequest {
  column: string;
  where: string | null;
  concurrency: number;
  checkpointSize: number | null;
  dryRun: boolean;
  runner: "local" | "ray";
  /** Ray runner: a registered cluster's name. */
  cluster: string | null;
  /** Ray runner: node labels (`{"group": "gpu-sim"}`) or a custom resource's name. */
  workerGroup: WorkerGroup | null;
  /** Ray runner: extra pip requirements of the UDF (runtime_env.pip). */
  pip: string[];
  /** Re-run the rows that failed (or were skipped) in this job. */
  failedRowsOf: string | null;
}

export const MAX_CONCURRENCY = 64;
export const MAX_CHECKPOINT_SIZE = 1_000_000;

function int(body: Record<string, unknown>, key: string, min: number, max: number): number | null {
  const v = body[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw badRequest(`${key} must be an integer between ${min} and ${max}`);
  }
  return v;
}

export function parseBackfillRequest(body: unknown, defaultConcurrency: number): BackfillRequest {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (typeof b.column !== "string" || !b.column) throw badRequest("column is required (the UDF column to backfill)");
  if (b.where !== undefined && b.where !== null && typeof b.where !== "string") throw badRequest("where must be a string");
  if (b.dryRun !== undefined && typeof b.dryRun !== "boolean") throw badRequest("dryRun must be a boolean");
  const runner = b.runner ?? (b.cluster ? "ray" : "local");
  if (runner !== "local" && runner !== "ray") throw badRequest(`runner '${String(runner)}' is not available; use "local" or "ray"`);
  if (runner === "ray" && (typeof b.cluster !== "string" || !b.cluster)) throw badRequest("cluster is required with runner \"ray\": the name of a registered cluster (GET /api/clusters)");
  if (runner === "local" && (b.cluster !== undefined || b.workerGroup !== undefined || b.pip !== undefined)) {
    throw badRequest("cluster, workerGroup and pip apply to runner \"ray\" only");
  }
  const workerGroup = parseWorkerGroup(b.workerGroup);
  if (b.pip !== undefined && (!Array.isArray(b.pip) || b.pip.some((x) => typeof x !== "string" || !x.trim()))) {
    throw badRequest("pip must be a list of requirement strings, e.g. [\"pillow==11.0.0\"]");
  }
  if (b.failedRowsOf !== undefined && b.failedRowsOf !== null && (typeof b.failedRowsOf !== "string" || !b.failedRowsOf)) {
    throw badRequest("failedRowsOf must be a job id");
  }
  const where = typeof b.where === "string" && b.where.trim() ? b.where.trim() : null;
  if (where) checkWhere(where);
  return {
    column: b.column,
    where,
    concurrency: int(b, "concurrency", 1, MAX_CONCURRENCY) ?? defaultConcurrency,
    checkpointSize: int(b, "checkpointSize", 1, MAX_CHECKPOINT_SIZE),
    dryRun: b.dryRun === true,
    runner,
    cluster: runner === "ray" ? (b.cluster as string) : null,
    workerGroup,
    pip: Array.isArray(b.pip) ? (b.pip as string[]).map((x) => x.trim()) : [],
    failedRowsOf: typeof b.failedRowsOf === "string" ? b.failedRowsOf : null,
  };
}

const LABEL_KEY = /^[A-Za-z0-9]([A-Za-z0-9._/-]{0,252})$/;

export function parseWorkerGroup(v: unknown): WorkerGroup | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(v)) throw badRequest("workerGroup as a string is a custom resource name (letters, digits, '_', '.', ':' or '-')");
    if (["CPU", "GPU", "memory", "object_store_memory"].includes(v)) throw badRequest(`workerGroup '${v}' is a built-in resource; name a custom resource or give node labels`);
    return { resource: v };
  }
  if (typeof v === "object" && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.length) throw badRequest("workerGroup labels must not be empty");
    for (const [k, val] of entries) {
      if (!LABEL_KEY.test(k) || typeof val !== "string" || !val) {
        throw badRequest(`workerGroup must map node label keys to values (e.g. {"group": "gpu-sim"}); '${k}' is not valid`);
      }
    }
    return { labels: Object.fromEntries(entries) as Record<string, string> };
  }
  throw badRequest('workerGroup must be node labels ({"group": "gpu-sim"}) or a custom resource name');
}
