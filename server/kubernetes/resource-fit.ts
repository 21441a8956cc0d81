// Can a design run a UDF's workers? Each worker asks Ray for the UDF's
// num_cpus / num_gpus / memory (and the chosen worker group: node labels or a
// custom resource), exactly as the Ray runner will; a group fits when one of
// its nodes could hold one worker. Checked before a backfill launches, so "the
// UDF asks for 1 GPU; no worker group has GPUs" is a 400, not a job that waits
// forever for a node the autoscaler can never make.
import { labelMatches, workerRequest, type ResourceNeeds } from "../clusters/cluster-service";
import type { WorkerGroup } from "../clusters/cluster-types";
import { HEAD_GROUP_NAME, rayLabelsOf, type ClusterConfig, type GroupSpec } from "./cluster-config";
import { formatBytes, rayInteger } from "./quantity";

export interface GroupFit {
  group: string;
  /** What one Ray node of this group offers. */
  offers: Record<string, number>;
  labels: Record<string, string>;
  fits: boolean;
  /** Why not, in words ("8 CPUs, needs 16"). */
  reasons: string[];
}

export interface FitResult {
  ok: boolean;
  /** The one-line answer when it does not fit. */
  message: string | null;
  groups: GroupFit[];
}

/** The Ray resources KubeRay gives a node of this group (limits rounded up, like Quantity.Value()). */
export function rayResourcesOf(g: GroupSpec, isHead: boolean, runTasks: boolean): Record<string, number> {
  const out: Record<string, number> = { CPU: isHead && !runTasks ? 0 : rayInteger(g.cpus) ?? 0, GPU: g.gpus ?? 0, memory: rayInteger(g.memory) ?? 0 };
  for (const [k, v] of Object.entries(g.resources ?? {})) out[k] = v;
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function amount(key: string, n: number): string {
  if (key === "CPU") return plural(n, "CPU");
  if (key === "GPU") return plural(n, "GPU");
  if (key === "memory") return `${formatBytes(n)} of memory`;
  return `${n} of the custom resource ${key}`;
}

export function checkNeeds(config: ClusterConfig, needs: ResourceNeeds, group: WorkerGroup | null): FitResult {
  const { resources, labelSelector } = workerRequest(needs, group);
  const candidates: { name: string; spec: GroupSpec & { name?: string }; isHead: boolean; max: number }[] = [
    { name: HEAD_GROUP_NAME, spec: config.head, isHead: true, max: 1 },
    ...config.workerGroups.map((w) => ({ name: w.name, spec: w, isHead: false, max: w.maxReplicas })),
  ];
  const groups: GroupFit[] = candidates.map((c) => {
    const offers = rayResourcesOf(c.spec, c.isHead, config.head.runTasks === true);
    const labels = rayLabelsOf(c.spec, c.isHead);
    const reasons: string[] = [];
    if (labelSelector) {
      for (const [k, v] of Object.entries(labelSelector)) if (!labelMatches(labels, k, v)) reasons.push(`label ${k} is ${labels[k] ?? "unset"}, not ${v}`);
    }
    for (const [k, need] of Object.entries(resources)) {
      const have = offers[k] ?? 0;
      if (have < need) reasons.push(k in offers || ["CPU", "GPU", "memory"].includes(k) ? `${amount(k, have)}, needs ${k === "memory" ? formatBytes(need) : need}` : `no ${k} resource`);
    }
    if (c.isHead && !config.head.runTasks) reasons.unshift("the head runs no tasks");
    else if (c.max === 0) reasons.push("maxReplicas is 0");
    return { group: c.name, offers, labels, fits: reasons.length === 0, reasons };
  });
  if (groups.some((g) => g.fits)) return { ok: true, message: null, groups };
  return { ok: false, message: explain(config, resources, labelSelector, groups), groups };
}

/** The most useful single sentence: the first requirement no usable group meets. */
function explain(config: ClusterConfig, resources: Record<string, number>, labelSelector: Record<string, string> | null, groups: GroupFit[]): string {
  const usable = groups.filter((g) => !(g.group === HEAD_GROUP_NAME && !config.head.runTasks));
  if (!usable.length) return "the design has no worker group and the head runs no tasks: nothing can run the UDF's workers";
  const wants = (k: string) => `the UDF asks for ${amount(k, resources[k])}`;
  let pool = usable;
  if (labelSelector) {
    const sel = Object.entries(labelSelector).map(([k, v]) => `${k}=${v}`).join(",");
    pool = usable.filter((g) => Object.entries(labelSelector).every(([k, v]) => labelMatches(g.labels, k, v)));
    if (!pool.length) return `no worker group has the labels ${sel} (set them in a group's Ray labels, or pick ray.io/node-group=<group>)`;
  }
  for (const k of ["GPU", "CPU", "memory", ...Object.keys(resources).filter((k) => !["GPU", "CPU", "memory"].includes(k))]) {
    if (!(k in resources)) continue;
    const have = pool.map((g) => ({ g: g.group, n: g.offers[k] ?? 0 }));
    const best = have.reduce((a, b) => (b.n > a.n ? b : a), { g: "", n: 0 });
    if (best.n >= resources[k]) continue;
    const where = labelSelector ? "matching worker group" : "worker group";
    if (best.n === 0) {
      if (k === "GPU") return `${wants(k)}; no ${where} has GPUs`;
      if (k === "CPU" || k === "memory") return `${wants(k)}; no ${where} has any`;
      return `${wants(k)}; no ${where} has it`;
    }
    return `${wants(k)}; the most a ${where} has is ${k === "memory" ? formatBytes(best.n) : best.n} (${best.g})`;
  }
  const zero = pool.filter((g) => g.reasons.length === 1 && g.reasons[0] === "maxReplicas is 0").map((g) => g.group);
  if (zero.length) return `worker group ${zero.join(", ")} could run it, but its maxReplicas is 0`;
  return `no single worker group has all of ${Object.entries(resources).map(([k, v]) => amount(k, v)).join(", ")} at once: ${pool.map((g) => `${g.group}: ${g.reasons.join(", ")}`).join("; ")}`;
}
