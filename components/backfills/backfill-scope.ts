// What a backfill recomputes, as the launcher's choice, and the request body
// it becomes. Pure, so the rules are unit-tested without a browser.

import type { WorkerGroup } from "@/server/clusters/cluster-types";
import type { RunnerChoice } from "./runners";

export type Scope = "gaps" | "all" | "custom";

export const SCOPES: { id: Scope; label: string; hint: string }[] = [
  { id: "gaps", label: "Fill gaps", hint: "default: rows whose value is NULL or stale (computed by another UDF version or from changed inputs)" },
  { id: "all", label: "Recompute all", hint: "every row (where 1=1), even rows that are already up to date" },
  { id: "custom", label: "Custom where", hint: "the rows matching a Lance SQL filter, recomputed even when already done" },
];

export const RECOMPUTE_ALL_WHERE = "1=1";

/** The where sent for a scope: undefined means the server's default (NULL or stale rows); null means "not ready" (an empty custom where). */
export function whereFor(scope: Scope, customWhere: string): string | undefined | null {
  if (scope === "gaps") return undefined;
  if (scope === "all") return RECOMPUTE_ALL_WHERE;
  const w = customWhere.trim();
  return w ? w : null;
}

/** A number field: empty means "server default"; otherwise an integer within bounds. */
export function parseIntField(text: string, min: number, max: number): { value: number | undefined; error: string | null } {
  const t = text.trim();
  if (!t) return { value: undefined, error: null };
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) return { value: undefined, error: `an integer from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}` };
  return { value: n, error: null };
}

export interface BackfillBody {
  column: string;
  where?: string;
  concurrency?: number;
  checkpointSize?: number;
  runner: "local" | "ray";
  cluster?: string;
  workerGroup?: WorkerGroup;
  dryRun?: boolean;
}

/** The POST body, or null while the form is not complete (empty custom where, a bad number). */
export function backfillBody(input: {
  column: string;
  scope: Scope;
  customWhere: string;
  concurrency: string;
  checkpointSize: string;
  runner: RunnerChoice;
  dryRun: boolean;
}): BackfillBody | null {
  const where = whereFor(input.scope, input.customWhere);
  if (where === null) return null;
  const concurrency = parseIntField(input.concurrency, 1, 64);
  const checkpointSize = parseIntField(input.checkpointSize, 1, 1_000_000);
  if (concurrency.error || checkpointSize.error) return null;
  const body: BackfillBody = { column: input.column, runner: input.runner.runner };
  if (input.runner.runner === "ray") {
    body.cluster = input.runner.cluster;
    if (input.runner.workerGroup) body.workerGroup = input.runner.workerGroup;
  }
  if (where !== undefined) body.where = where;
  if (concurrency.value !== undefined) body.concurrency = concurrency.value;
  if (checkpointSize.value !== undefined) body.checkpointSize = checkpointSize.value;
  if (input.dryRun) body.dryRun = true;
  return body;
}
