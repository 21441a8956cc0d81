// Cluster designs for tests: a seeded generator that walks the designer's field
// combinations (GPUs, tolerations of each operator/effect, labels, custom
// resources, env, service accounts, node selectors, autoscaling on/off, CPU as
// numbers and quantities, memory in every unit), so "every manifest the designer
// can produce" is exercised without listing them by hand.
import type { ClusterConfig, GroupSpec, Toleration, WorkerGroupSpec } from "@/server/kubernetes/cluster-config";

/** mulberry32: small, seeded, reproducible. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const IMAGES = ["rayproject/ray:2.60.0-py311", "rayproject/ray:2.60.0-py311-gpu", "ghcr.io/acme/ray-udfs:1.4", "registry.example.com:5000/team/ray@sha256:" + "a".repeat(64)];
const CPUS: (number | string)[] = [1, 2, 4, 8, 64, 0.5, 1.5, "500m", "2", "3500m", "0.25"];
const MEMORY = ["8Gi", "1Gi", "512Mi", "16Gi", "200Gi", "4G", "1500M", "3e9", "1Ti"];
const SELECTOR_KEYS = ["node.kubernetes.io/instance-type", "cloud.google.com/gke-nodepool", "geneva.lancedb.com/ray-worker-gpu", "pool", "topology.kubernetes.io/zone"];
const SELECTOR_VALUES = ["true", "a2-highgpu-1g", "pool-1", "us-central1-a", ""];
const LABEL_KEYS = ["workload", "accel", "team.example.com/owner", "tier", "zone"];
const LABEL_VALUES = ["cpu", "gpu", "a100", "parse_text", "v1.2", ""];
const RESOURCE_NAMES = ["sim_accel", "cpu_only", "embed.slot", "disk-ssd", "TPUv4"];
const SA = ["default", "ray-runner", "geneva-service-account", "team.ray-sa"];

function tolerations(r: ReturnType<typeof rng>): Toleration[] {
  const variants: Toleration[] = [
    { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
    { key: "dedicated", operator: "Equal", value: "ray", effect: "NoSchedule" },
    { key: "spot", value: "true", effect: "PreferNoSchedule" },
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    { operator: "Exists" },
    { key: "team", operator: "Equal", value: "ml" },
  ];
  return Array.from({ length: r.int(1, 3) }, () => ({ ...r.pick(variants) }));
}

function map(r: ReturnType<typeof rng>, keys: string[], values: string[], n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[r.pick(keys)] = r.pick(values);
  return out;
}

function group(r: ReturnType<typeof rng>): GroupSpec {
  const g: GroupSpec = { image: r.pick(IMAGES), cpus: r.pick(CPUS), memory: r.pick(MEMORY) };
  if (r.chance(0.4)) g.gpus = r.int(0, 8);
  if (r.chance(0.4)) g.serviceAccount = r.pick(SA);
  if (r.chance(0.5)) g.nodeSelector = map(r, SELECTOR_KEYS, SELECTOR_VALUES, r.int(1, 3));
  if (r.chance(0.4)) g.tolerations = tolerations(r);
  if (r.chance(0.5)) g.labels = map(r, LABEL_KEYS, LABEL_VALUES, r.int(1, 3));
  if (r.chance(0.4)) g.resources = Object.fromEntries(Array.from({ length: r.int(1, 2) }, () => [r.pick(RESOURCE_NAMES), r.pick([0, 1, 2, 0.5, 100000])]));
  if (r.chance(0.3)) g.env = { RAY_memory_usage_threshold: "0.9", "my.setting": "x y: z", EMPTY: "" };
  return g;
}

function worker(r: ReturnType<typeof rng>, i: number): WorkerGroupSpec {
  const min = r.int(0, 5);
  const max = r.pick([min, min + 1, min + 10, 2147483647]);
  const w: WorkerGroupSpec = { name: r.pick(["cpu", "gpu", "embed", "parse-1", "w"]) + `-${i}`, ...group(r), minReplicas: min, maxReplicas: max };
  if (r.chance(0.6)) w.replicas = r.int(min, Math.min(max, min + 3));
  if (r.chance(0.3)) w.idleTimeoutSeconds = r.int(0, 3600);
  return w;
}

/** A valid design, different for every seed. */
export function randomConfig(seed: number): ClusterConfig {
  const r = rng(seed);
  const name = r.pick(["a", "backfills", "gpu-embeddings", "x".repeat(53), "team-7-ray"]);
  const cfg: ClusterConfig = {
    name,
    rayVersion: r.pick(["2.60.0", "2.52.1"]),
    autoscaling: r.chance(0.6),
    head: { ...group(r), ...(r.chance(0.3) ? { runTasks: true } : {}) },
    workerGroups: Array.from({ length: r.int(0, 4) }, (_, i) => worker(r, i)),
  };
  if (r.chance(0.5)) cfg.namespace = r.pick(["default", "ray", "team-a"]);
  return cfg;
}

/** The README's example: a CPU group for parsing and a GPU group for embeddings. */
export function twoGroupConfig(name = "embeddings"): ClusterConfig {
  return {
    name,
    head: { image: "rayproject/ray:2.60.0-py311", cpus: 2, memory: "8Gi", serviceAccount: "ray-runner" },
    workerGroups: [
      { name: "cpu", image: "rayproject/ray:2.60.0-py311", cpus: 4, memory: "8Gi", gpus: 0, minReplicas: 0, maxReplicas: 10, replicas: 1, labels: { workload: "cpu" } },
      {
        name: "gpu", image: "rayproject/ray:2.60.0-py311-gpu", cpus: 8, memory: "32Gi", gpus: 1, minReplicas: 0, maxReplicas: 4,
        nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        labels: { workload: "gpu" }, resources: { embed_slot: 1 },
      },
    ],
  };
}
