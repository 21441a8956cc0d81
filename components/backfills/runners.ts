// Where a backfill runs: the local runner, or a registered Ray cluster with an
// optional worker group (node labels or a custom resource found on its alive
// nodes). Pure, so the choices are unit-tested without a browser.
import type { ClusterView, WorkerGroup } from "@/server/clusters/cluster-types";

export type RunnerChoice = { runner: "local" } | { runner: "ray"; cluster: string; workerGroup: WorkerGroup | null };

export const LOCAL: RunnerChoice = { runner: "local" };

export interface RunnerOption {
  /** The select's value: "local" or "ray:<cluster>". */
  value: string;
  label: string;
  detail: string;
  available: boolean;
}

export const runnerValue = (c: RunnerChoice) => (c.runner === "local" ? "local" : `ray:${c.cluster}`);

export function runnerOptions(clusters: ClusterView[] | undefined): RunnerOption[] {
  const local: RunnerOption = { value: "local", label: "Local", detail: "worker processes on the dashboard's machine", available: true };
  return [local, ...(clusters ?? []).map(clusterOption)];
}

function clusterOption(c: ClusterView): RunnerOption {
  const alive = c.nodes?.filter((n) => n.alive).length ?? 0;
  const up = c.status === "up";
  return {
    value: `ray:${c.name}`,
    label: `Ray · ${c.name}${up ? "" : " (down)"}`,
    detail: up ? `Ray ${c.rayVersion ?? "?"} at ${c.address} · ${alive} node${alive === 1 ? "" : "s"} alive` : `${c.address} does not answer: ${c.error ?? "down"}`,
    available: up,
  };
}

/** Ray's own labels and resources are not worker groups a user designed. */
const BUILTIN_RESOURCE = /^(CPU|GPU|memory|object_store_memory|node:.*|accelerator_type:.*)$/;
const BUILTIN_LABEL = /^ray\.io\//;

export interface GroupOption {
  value: string;
  label: string;
  group: WorkerGroup | null;
  /** Alive nodes in the group. */
  nodes: number;
}

/** "Any node", then every label key=value and custom resource seen on alive nodes. */
export function workerGroupOptions(cluster: ClusterView | undefined): GroupOption[] {
  const alive = (cluster?.nodes ?? []).filter((n) => n.alive);
  const labels = new Map<string, number>();
  const resources = new Map<string, number>();
  for (const n of alive) {
    for (const [k, v] of Object.entries(n.labels)) if (!BUILTIN_LABEL.test(k)) labels.set(`${k}=${v}`, (labels.get(`${k}=${v}`) ?? 0) + 1);
    for (const r of Object.keys(n.resources)) if (!BUILTIN_RESOURCE.test(r)) resources.set(r, (resources.get(r) ?? 0) + 1);
  }
  const out: GroupOption[] = [{ value: "any", label: "Any node", group: null, nodes: alive.length }];
  for (const [kv, count] of [...labels].sort()) {
    const [k, ...rest] = kv.split("=");
    out.push({ value: `label:${kv}`, label: `nodes labelled ${kv}`, group: { labels: { [k]: rest.join("=") } }, nodes: count });
  }
  for (const [r, count] of [...resources].sort()) out.push({ value: `resource:${r}`, label: `nodes with resource ${r}`, group: { resource: r }, nodes: count });
  return out;
}

export const groupValue = (g: WorkerGroup | null): string =>
  !g ? "any" : "resource" in g ? `resource:${g.resource}` : `label:${Object.entries(g.labels).map(([k, v]) => `${k}=${v}`).join(",")}`;

/** The choice for a select value, keeping the worker group when the cluster stays the same. */
export function choose(value: string, previous: RunnerChoice): RunnerChoice {
  if (!value.startsWith("ray:")) return LOCAL;
  const cluster = value.slice(4);
  return { runner: "ray", cluster, workerGroup: previous.runner === "ray" && previous.cluster === cluster ? previous.workerGroup : null };
}

/** What each worker asks of a node, in words ("1 CPU, 1 GPU, 2 GiB memory"). */
export function describeNeeds(udf: { numCpus?: number | null; numGpus?: number | null; memory?: number | null }): string {
  const parts = [`${udf.numCpus ?? 1} CPU`];
  if (udf.numGpus) parts.push(`${udf.numGpus} GPU`);
  if (udf.memory) parts.push(`${(udf.memory / 2 ** 30).toFixed(udf.memory % 2 ** 30 ? 1 : 0)} GiB memory`);
  return parts.join(", ");
}
