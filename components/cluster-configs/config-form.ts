// The designer's form state: what the inputs hold (text, and key/value rows so
// keys can be edited), and its conversion to the API's JSON body. Numbers that
// do not parse are passed on as typed, so the shared rules report them on the
// field. Pure (unit-tested).
import {
  DEFAULT_GPU_IMAGE,
  DEFAULT_IMAGE,
  type ClusterConfig,
  type GroupSpec,
  type Toleration,
  type WorkerGroupSpec,
} from "@/server/kubernetes/cluster-config";
import type { FieldIssue } from "@/server/kubernetes/config-rules";

export interface Row {
  key: string;
  value: string;
}

export interface TolerationRow {
  key: string;
  operator: "" | "Equal" | "Exists";
  value: string;
  effect: string;
  tolerationSeconds: string;
}

export interface GroupForm {
  /** Stable identity for React keys while groups are added and removed. */
  id: string;
  name: string;
  image: string;
  cpus: string;
  memory: string;
  gpus: string;
  serviceAccount: string;
  nodeSelector: Row[];
  tolerations: TolerationRow[];
  labels: Row[];
  resources: Row[];
  env: Row[];
  // workers
  minReplicas: string;
  maxReplicas: string;
  replicas: string;
  idleTimeoutSeconds: string;
  // head
  runTasks: boolean;
}

export interface ConfigForm {
  name: string;
  namespace: string;
  rayVersion: string;
  autoscaling: boolean;
  head: GroupForm;
  workerGroups: GroupForm[];
}

let nextId = 0;
const newId = () => `g${++nextId}`;
const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const rows = (m?: Record<string, string | number>): Row[] => Object.entries(m ?? {}).map(([key, value]) => ({ key, value: String(value) }));

function groupForm(g: GroupSpec & Partial<WorkerGroupSpec> & { runTasks?: boolean }): GroupForm {
  return {
    id: newId(), name: g.name ?? "", image: g.image ?? "", cpus: str(g.cpus), memory: str(g.memory), gpus: str(g.gpus), serviceAccount: str(g.serviceAccount),
    nodeSelector: rows(g.nodeSelector),
    tolerations: (g.tolerations ?? []).map((t) => ({ key: str(t.key), operator: (t.operator ?? "") as TolerationRow["operator"], value: str(t.value), effect: str(t.effect), tolerationSeconds: str(t.tolerationSeconds) })),
    labels: rows(g.labels), resources: rows(g.resources), env: rows(g.env),
    minReplicas: str(g.minReplicas), maxReplicas: str(g.maxReplicas), replicas: str(g.replicas), idleTimeoutSeconds: str(g.idleTimeoutSeconds),
    runTasks: g.runTasks === true,
  };
}

export function toForm(c: ClusterConfig): ConfigForm {
  return {
    name: c.name ?? "", namespace: c.namespace ?? "", rayVersion: c.rayVersion ?? "", autoscaling: c.autoscaling !== false,
    head: groupForm(c.head), workerGroups: c.workerGroups.map((w) => groupForm(w)),
  };
}

/** A new worker group: CPU (parsing) or GPU (embeddings) defaults, like Geneva's builders. */
export function newWorkerGroup(kind: "cpu" | "gpu", taken: string[]): GroupForm {
  let name: string = kind;
  for (let i = 2; taken.includes(name); i++) name = `${kind}-${i}`;
  const spec: WorkerGroupSpec =
    kind === "gpu"
      ? { name, image: DEFAULT_GPU_IMAGE, cpus: 8, memory: "16Gi", gpus: 1, minReplicas: 0, maxReplicas: 4, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }], labels: { workload: name } }
      : { name, image: DEFAULT_IMAGE, cpus: 4, memory: "8Gi", gpus: 0, minReplicas: 0, maxReplicas: 10, labels: { workload: name } };
  return groupForm(spec);
}

/** "4" → 4, "" → undefined, "four" → "four" (the rules then say why). */
function number(s: string): number | string | undefined {
  const t = s.trim();
  if (!t) return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : t;
}

function map(rs: Row[], asNumber = false): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const r of rs) {
    if (!r.key.trim() && !r.value.trim()) continue;
    out[r.key.trim()] = asNumber ? number(r.value) ?? r.value : r.value;
  }
  return Object.keys(out).length ? out : undefined;
}

function tolerations(ts: TolerationRow[]): Toleration[] | undefined {
  const out = ts
    .filter((t) => t.key || t.value || t.operator || t.effect || t.tolerationSeconds)
    .map((t) => {
      const o: Record<string, unknown> = {};
      if (t.key.trim()) o.key = t.key.trim();
      if (t.operator) o.operator = t.operator;
      if (t.value.trim()) o.value = t.value.trim();
      if (t.effect) o.effect = t.effect;
      const s = number(t.tolerationSeconds);
      if (s !== undefined) o.tolerationSeconds = s;
      return o as Toleration;
    });
  return out.length ? out : undefined;
}

function groupBody(g: GroupForm, worker: boolean): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  if (worker) b.name = g.name.trim();
  b.image = g.image.trim();
  b.cpus = number(g.cpus) ?? "";
  b.memory = g.memory.trim();
  const gpus = number(g.gpus);
  if (gpus !== undefined) b.gpus = gpus;
  if (worker) {
    b.minReplicas = number(g.minReplicas);
    b.maxReplicas = number(g.maxReplicas);
    const r = number(g.replicas);
    if (r !== undefined) b.replicas = r;
    const idle = number(g.idleTimeoutSeconds);
    if (idle !== undefined) b.idleTimeoutSeconds = idle;
  } else if (g.runTasks) b.runTasks = true;
  if (g.serviceAccount.trim()) b.serviceAccount = g.serviceAccount.trim();
  const entries: [string, unknown][] = [
    ["nodeSelector", map(g.nodeSelector)], ["tolerations", tolerations(g.tolerations)], ["labels", map(g.labels)], ["resources", map(g.resources, true)], ["env", map(g.env)],
  ];
  for (const [k, v] of entries) if (v !== undefined) b[k] = v;
  return b;
}

/** The JSON body of POST/PUT /api/cluster-configs for this form. */
export function toBody(f: ConfigForm): Record<string, unknown> {
  const b: Record<string, unknown> = { name: f.name.trim() };
  if (f.namespace.trim()) b.namespace = f.namespace.trim();
  if (f.rayVersion.trim()) b.rayVersion = f.rayVersion.trim();
  b.autoscaling = f.autoscaling;
  b.head = groupBody(f.head, false);
  b.workerGroups = f.workerGroups.map((g) => groupBody(g, true));
  return b;
}

/** What the rules cannot see once rows became a JSON object: a key typed twice, a value without key. */
export function rowIssues(f: ConfigForm): FieldIssue[] {
  const out: FieldIssue[] = [];
  const check = (rs: Row[], path: string) => {
    const seen = new Set<string>();
    rs.forEach((r, i) => {
      const k = r.key.trim();
      if (!k && r.value.trim()) out.push({ path: `${path}#${i}`, message: "a key is required" });
      else if (k && seen.has(k)) out.push({ path: `${path}#${i}`, message: `'${k}' is set twice` });
      seen.add(k);
    });
  };
  const group = (g: GroupForm, p: string) => {
    for (const m of ["nodeSelector", "labels", "resources", "env"] as const) check(g[m], `${p}.${m}`);
  };
  group(f.head, "head");
  f.workerGroups.forEach((g, i) => group(g, `workerGroups[${i}]`));
  return out;
}

/** Issues keyed by field path; map keys also match their row (`labels#2`). */
export function issuesByPath(issues: FieldIssue[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const i of issues) m.set(i.path, [...(m.get(i.path) ?? []), i.message]);
  return m;
}
