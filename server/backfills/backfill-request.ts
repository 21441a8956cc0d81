// Parse and check the body of POST /api/tables/:table/backfills.
import { badRequest } from "../errors";

export interface BackfillRequest {
  column: string;
  where: string | null;
  concurrency: number;
  checkpointSize: number | null;
  dryRun: boolean;
  runner: "local";
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
  const runner = b.runner ?? "local";
  if (runner !== "local") throw badRequest(`runner '${String(runner)}' is not available; use "local"`);
  if (b.failedRowsOf !== undefined && b.failedRowsOf !== null && (typeof b.failedRowsOf !== "string" || !b.failedRowsOf)) {
    throw badRequest("failedRowsOf must be a job id");
  }
  const where = typeof b.where === "string" && b.where.trim() ? b.where.trim() : null;
  return {
    column: b.column,
    where,
    concurrency: int(b, "concurrency", 1, MAX_CONCURRENCY) ?? defaultConcurrency,
    checkpointSize: int(b, "checkpointSize", 1, MAX_CHECKPOINT_SIZE),
    dryRun: b.dryRun === true,
    runner: "local",
    failedRowsOf: typeof b.failedRowsOf === "string" ? b.failedRowsOf : null,
  };
}
