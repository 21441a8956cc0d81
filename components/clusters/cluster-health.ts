// A cluster's health in numbers and words: nodes alive/dead, resources summed
// over alive nodes, one node's resources as short labels. Pure (unit-tested).
import type { ClusterNode, ClusterView } from "@/server/clusters/cluster-types";

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export function bytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(n % GiB ? 1 : 0)} GiB`;
  return `${Math.round(n / MiB)} MiB`;
}

/** Ray's per-node bookkeeping resources say nothing to a user. */
const HIDDEN = /^(node:.*|accelerator_type:.*)$/;

/** "2 CPU", "1 GPU", "3.5 GiB memory", "object store 512 MiB", then custom resources. */
export function resourceLabels(resources: Record<string, number>): string[] {
  const out: string[] = [];
  const num = (v: number) => String(Math.round(v * 1000) / 1000);
  if (resources.CPU !== undefined) out.push(`${num(resources.CPU)} CPU`);
  if (resources.GPU !== undefined) out.push(`${num(resources.GPU)} GPU`);
  if (resources.memory !== undefined) out.push(`${bytes(resources.memory)} memory`);
  if (resources.object_store_memory !== undefined) out.push(`object store ${bytes(resources.object_store_memory)}`);
  for (const [k, v] of Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))) {
    if (["CPU", "GPU", "memory", "object_store_memory"].includes(k) || HIDDEN.test(k)) continue;
    out.push(`${k} ${num(v)}`);
  }
  return out;
}

export interface HealthSummary {
  alive: number;
  dead: number;
  /** Resources summed over alive nodes. */
  total: Record<string, number>;
  running: number;
}

export function healthSummary(c: ClusterView): HealthSummary {
  const nodes: ClusterNode[] = c.nodes ?? [];
  const total: Record<string, number> = {};
  for (const n of nodes) {
    if (!n.alive) continue;
    for (const [k, v] of Object.entries(n.resources)) total[k] = (total[k] ?? 0) + v;
  }
  return { alive: nodes.filter((n) => n.alive).length, dead: nodes.filter((n) => !n.alive).length, total, running: c.running?.length ?? 0 };
}

/** User labels first; Ray's own `ray.io/…` labels last. */
export function sortedLabels(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => Number(a.startsWith("ray.io/")) - Number(b.startsWith("ray.io/")) || a.localeCompare(b));
}
