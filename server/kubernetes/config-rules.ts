// Read a cluster design from untrusted JSON (API body or the designer's form)
// and check it: types, Kubernetes syntax and KubeRay's rules (name ≤ 53
// characters, min/max replicas always set, min ≤ replicas ≤ max, quantities).
// Every problem names its field (`workerGroups[1].memory`) so the designer can
// show it on that input. Pure: runs in the browser as one types.
import {
  DEFAULT_RAY_VERSION,
  HEAD_GROUP_NAME,
  MAX_INT32,
  MAX_NAME_LENGTH,
  type ClusterConfig,
  type GroupSpec,
  type HeadSpec,
  type Toleration,
  type WorkerGroupSpec,
} from "./cluster-config";
import { dns1035Label, dns1123Label, dns1123Subdomain, envName, labelValue, qualifiedName } from "./k8s-names";
import { formatBytes, parseQuantity } from "./quantity";

export interface FieldIssue {
  /** Where, in the config: `name`, `head.cpus`, `workerGroups[1].tolerations[0].effect`. */
  path: string;
  message: string;
}

export interface ConfigCheck {
  /** The config as far as it could be read (invalid values kept as given, so the YAML view shows them). */
  config: ClusterConfig;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

const GIB = 2 ** 30;
const MIN_MEMORY = 128 * 2 ** 20;
const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const RAY_BUILTIN = ["cpu", "gpu", "memory", "object_store_memory"];
const IMAGE_REF = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const TOP_KEYS = ["name", "namespace", "rayVersion", "autoscaling", "head", "workerGroups"];
const GROUP_KEYS = ["image", "cpus", "memory", "gpus", "serviceAccount", "nodeSelector", "tolerations", "labels", "resources", "env"];
const HEAD_KEYS = [...GROUP_KEYS, "runTasks"];
const WORKER_KEYS = ["name", ...GROUP_KEYS, "minReplicas", "maxReplicas", "replicas", "idleTimeoutSeconds"];
const EFFECTS = ["", "NoSchedule", "PreferNoSchedule", "NoExecute"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  errors: FieldIssue[] = [];
  warnings: FieldIssue[] = [];
  error(path: string, message: string) {
    this.errors.push({ path, message });
  }
  warn(path: string, message: string) {
    this.warnings.push({ path, message });
  }

  unknownKeys(o: Obj, allowed: string[], path: string) {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.error(path ? `${path}.${k}` : k, `unknown field '${k}' (known: ${allowed.join(", ")})`);
    }
  }

  /** An integer in [min, max]; undefined when absent and optional. */
  int(v: unknown, path: string, label: string, opts: { min?: number; max?: number; required?: boolean } = {}): number | undefined {
    const min = opts.min ?? 0;
    const max = opts.max ?? MAX_INT32;
    if (v === undefined || v === null || v === "") {
      if (opts.required) this.error(path, `${label} is required`);
      return undefined;
    }
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.error(path, `${label} must be a whole number`);
      return v as number;
    }
    if (v < min || v > max) this.error(path, `${label} must be between ${min} and ${max}`);
    return v;
  }

  optString(v: unknown, path: string, label: string): string | undefined {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") {
      this.error(path, `${label} must be a string`);
      return undefined;
    }
    return v;
  }

  /** A map of strings; each key and value checked by the given rules. */
  stringMap(v: unknown, path: string, label: string, key: (k: string) => string | null, value: (v: string) => string | null): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) {
      this.error(path, `${label} must be an object of key/value pairs`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      const p = `${path}.${k}`;
      const badKey = key(k);
      if (badKey) this.error(p, `${label} key '${k}': ${badKey}`);
      if (typeof val !== "string") {
        this.error(p, `${label} '${k}' must have a string value`);
        out[k] = String(val);
        continue;
      }
      const badValue = value(val);
      if (badValue) this.error(p, `${label} '${k}' value '${val}': ${badValue}`);
      out[k] = val;
    }
    return Object.keys(out).length ? out : undefined;
  }
}

function checkTolerations(c: Checker, v: unknown, path: string): Toleration[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    c.error(path, "tolerations must be a list");
    return undefined;
  }
  const out: Toleration[] = [];
  v.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(t)) {
      c.error(p, "a toleration is an object {key, operator, value, effect}");
      return;
    }
    c.unknownKeys(t, ["key", "operator", "value", "effect", "tolerationSeconds"], p);
    const key = c.optString(t.key, `${p}.key`, "key");
    const operator = t.operator === undefined || t.operator === "" ? undefined : t.operator;
    const value = c.optString(t.value, `${p}.value`, "value");
    const effect = t.effect === undefined ? undefined : t.effect;
    if (operator !== undefined && operator !== "Equal" && operator !== "Exists") c.error(`${p}.operator`, "operator must be Equal or Exists");
    if (key) {
      const bad = qualifiedName(key);
      if (bad) c.error(`${p}.key`, `key: ${bad}`);
    } else if (operator !== "Exists") {
      c.error(`${p}.key`, "key is required unless operator is Exists (an empty key with Exists tolerates every taint)");
    }
    if (operator === "Exists" && value) c.error(`${p}.value`, "value must be empty when operator is Exists");
    if (value) {
      const bad = labelValue(value);
      if (bad) c.error(`${p}.value`, `value: ${bad}`);
    }
    if (effect !== undefined && (typeof effect !== "string" || !EFFECTS.includes(effect))) {
      c.error(`${p}.effect`, "effect must be NoSchedule, PreferNoSchedule, NoExecute or empty (all effects)");
    }
    let seconds: number | undefined;
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.tolerationSeconds !== "") {
      seconds = c.int(t.tolerationSeconds, `${p}.tolerationSeconds`, "tolerationSeconds", { max: Number.MAX_SAFE_INTEGER });
      if (effect !== "NoExecute") c.error(`${p}.tolerationSeconds`, "tolerationSeconds applies only to effect NoExecute");
    }
    const tol: Toleration = {};
    if (key) tol.key = key;
    if (operator) tol.operator = operator as Toleration["operator"];
    if (value) tol.value = value;
    if (effect !== undefined && effect !== "") tol.effect = effect as Toleration["effect"];
    if (seconds !== undefined) tol.tolerationSeconds = seconds;
    out.push(tol);
  });
  return out.length ? out : undefined;
}

function checkResources(c: Checker, v: unknown, path: string): Record<string, number> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    c.error(path, "custom resources must be an object of name → amount");
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [k, val] of Object.entries(v)) {
    const p = `${path}.${k}`;
    const lower = k.toLowerCase();
    if (!RESOURCE_NAME.test(k)) c.error(p, `resource name '${k}': letters, digits, '_', '.' and '-', starting with a letter, at most 63 characters`);
    else if (RAY_BUILTIN.includes(lower)) c.error(p, `'${k}' is a built-in Ray resource: set it with the CPUs, GPUs or memory fields`);
    else if (lower.endsWith("gpu")) c.error(p, `resource name '${k}' ends with 'gpu': KubeRay would turn it into num-gpus; rename it (e.g. '${k.slice(0, -3)}accel')`);
    if (typeof val !== "number" || !Number.isFinite(val) || val < 0) c.error(p, `resource '${k}' must be a number ≥ 0`);
    out[k] = val as number;
  }
  return Object.keys(out).length ? out : undefined;
}

function checkGroup(c: Checker, raw: Obj, path: string, isHead: boolean): GroupSpec {
  const image = raw.image;
  if (typeof image !== "string" || !image.trim()) c.error(`${path}.image`, "image is required, e.g. rayproject/ray:2.60.0-py311");
  else if (!IMAGE_REF.test(image)) c.error(`${path}.image`, `image '${image}' is not an image reference (lowercase repository, optional :tag or @sha256:digest)`);

  const cpus = raw.cpus;
  let cpuValue: number | null = null;
  if (cpus === undefined || cpus === null || cpus === "") c.error(`${path}.cpus`, "CPUs are required");
  else if (typeof cpus === "number") {
    if (!Number.isFinite(cpus) || cpus <= 0) c.error(`${path}.cpus`, "CPUs must be more than 0");
    else cpuValue = cpus;
  } else if (typeof cpus === "string") {
    cpuValue = parseQuantity(cpus);
    if (cpuValue === null) c.error(`${path}.cpus`, `CPUs '${cpus}' is not a quantity: use a number (4, 0.5) or millicores (500m)`);
    else if (cpuValue <= 0) c.error(`${path}.cpus`, "CPUs must be more than 0");
  } else c.error(`${path}.cpus`, "CPUs must be a number or a quantity string");
  if (cpuValue !== null && cpuValue > 0 && !Number.isInteger(cpuValue) && !(isHead && raw.runTasks !== true)) {
    c.warn(`${path}.cpus`, `Ray sees ${Math.ceil(cpuValue)} CPU${Math.ceil(cpuValue) === 1 ? "" : "s"}: KubeRay rounds the CPU limit up`);
  }

  const memory = raw.memory;
  let memBytes: number | null = null;
  if (memory === undefined || memory === null || memory === "") c.error(`${path}.memory`, "memory is required, e.g. 8Gi");
  else if (typeof memory !== "string") c.error(`${path}.memory`, `memory must be a quantity string such as "8Gi"`);
  else {
    memBytes = parseQuantity(memory);
    if (memBytes === null) c.error(`${path}.memory`, `memory '${memory}' is not a quantity: use e.g. 8Gi (binary) or 8G (decimal)`);
    else if (memBytes < MIN_MEMORY) {
      c.error(`${path}.memory`, `memory '${memory}' is ${formatBytes(memBytes)}: too little for a Ray node${/^[0-9.]+$/.test(memory) ? ` (did you mean ${memory}Gi?)` : ""}`);
    } else if (memBytes < GIB) c.warn(`${path}.memory`, `${formatBytes(memBytes)} is tight for a Ray node (object store and workers share it)`);
  }

  const gpus = c.int(raw.gpus, `${path}.gpus`, "GPUs", { max: 1024 });
  if (memBytes !== null && typeof gpus === "number" && gpus > 0 && memBytes < 4 * GIB) c.warn(`${path}.memory`, "a GPU group with less than 4Gi rarely fits a model");
  if (memBytes !== null && cpuValue && memBytes / cpuValue > 16 * GIB) c.warn(`${path}.memory`, "more than 16Gi per CPU: check the CPUs");
  if (typeof gpus === "number" && gpus > 0 && typeof image === "string" && /^rayproject\/ray(-ml)?:/.test(image) && !image.includes("gpu") && !image.includes("cu")) {
    c.warn(`${path}.image`, "rayproject/ray images need the -gpu variant for CUDA");
  }

  const serviceAccount = c.optString(raw.serviceAccount, `${path}.serviceAccount`, "service account");
  if (serviceAccount) {
    const bad = dns1123Subdomain(serviceAccount);
    if (bad) c.error(`${path}.serviceAccount`, `service account '${serviceAccount}': ${bad}`);
  }
  const nodeSelector = c.stringMap(raw.nodeSelector, `${path}.nodeSelector`, "node selector", qualifiedName, labelValue);
  const labels = c.stringMap(raw.labels, `${path}.labels`, "label", (k) => (k.startsWith("ray.io/") ? "keys under ray.io/ are reserved by Ray" : qualifiedName(k)), labelValue);
  const env = c.stringMap(raw.env, `${path}.env`, "environment variable", envName, () => null);
  const group: GroupSpec = {
    image: typeof image === "string" ? image.trim() : (image as string),
    cpus: cpus as number | string,
    memory: memory as string,
  };
  if (gpus !== undefined) group.gpus = gpus;
  if (serviceAccount) group.serviceAccount = serviceAccount;
  if (nodeSelector) group.nodeSelector = nodeSelector;
  const tolerations = checkTolerations(c, raw.tolerations, `${path}.tolerations`);
  if (tolerations) group.tolerations = tolerations;
  if (labels) group.labels = labels;
  const resources = checkResources(c, raw.resources, `${path}.resources`);
  if (resources) group.resources = resources;
  if (env) group.env = env;
  return group;
}

function checkWorker(c: Checker, raw: unknown, i: number, seen: Map<string, number>): WorkerGroupSpec | null {
  const path = `workerGroups[${i}]`;
  if (!isObj(raw)) {
    c.error(path, "a worker group is an object {name, image, cpus, memory, minReplicas, maxReplicas, …}");
    return null;
  }
  c.unknownKeys(raw, WORKER_KEYS, path);
  const name = raw.name;
  if (typeof name !== "string" || !name) c.error(`${path}.name`, "name is required");
  else {
    const bad = dns1123Label(name);
    if (bad) c.error(`${path}.name`, `name '${name}': ${bad}`);
    else if (name === HEAD_GROUP_NAME) c.error(`${path}.name`, `'${HEAD_GROUP_NAME}' is the head's group name`);
    if (seen.has(name)) c.error(`${path}.name`, `worker group names must be unique: '${name}' is also workerGroups[${seen.get(name)}]`);
    else seen.set(name, i);
  }
  const group = checkGroup(c, raw, path, false);
  const min = c.int(raw.minReplicas, `${path}.minReplicas`, "minReplicas", { required: true });
  const max = c.int(raw.maxReplicas, `${path}.maxReplicas`, "maxReplicas", { required: true });
  const replicas = c.int(raw.replicas, `${path}.replicas`, "replicas");
  const idle = c.int(raw.idleTimeoutSeconds, `${path}.idleTimeoutSeconds`, "idleTimeoutSeconds");
  const ok = (n: number | undefined): n is number => typeof n === "number" && Number.isInteger(n);
  if (ok(min) && ok(max) && min > max) c.error(`${path}.minReplicas`, `minReplicas (${min}) is more than maxReplicas (${max})`);
  if (ok(replicas) && ok(min) && replicas < min) c.error(`${path}.replicas`, `replicas (${replicas}) is less than minReplicas (${min})`);
  if (ok(replicas) && ok(max) && replicas > max) c.error(`${path}.replicas`, `replicas (${replicas}) is more than maxReplicas (${max})`);
  if (ok(max) && max === 0) c.warn(`${path}.maxReplicas`, "maxReplicas 0: this group never gets a worker");
  const w: WorkerGroupSpec = { name: name as string, ...group, minReplicas: min as number, maxReplicas: max as number };
  if (replicas !== undefined) w.replicas = replicas;
  if (idle !== undefined) w.idleTimeoutSeconds = idle;
  return w;
}

/** Read and check a cluster design. No errors means the manifest can be built and created. */
export function checkClusterConfig(body: unknown): ConfigCheck {
  const c = new Checker();
  const raw: Obj = isObj(body) ? body : {};
  if (!isObj(body)) c.error("", "a cluster configuration is a JSON object {name, head, workerGroups}");
  c.unknownKeys(raw, TOP_KEYS, "");

  const name = raw.name;
  if (typeof name !== "string" || !name) c.error("name", "name is required");
  else {
    const bad = dns1035Label(name, MAX_NAME_LENGTH);
    if (bad) c.error("name", `name '${name}': ${bad} (KubeRay's RayCluster name rule)`);
  }
  const namespace = c.optString(raw.namespace, "namespace", "namespace");
  if (namespace) {
    const bad = dns1123Label(namespace);
    if (bad) c.error("namespace", `namespace '${namespace}': ${bad}`);
  }
  const rayVersion = c.optString(raw.rayVersion, "rayVersion", "rayVersion");
  if (rayVersion && !/^\d+\.\d+\.\d+$/.test(rayVersion)) c.error("rayVersion", "rayVersion must look like 2.60.0");
  if (raw.autoscaling !== undefined && typeof raw.autoscaling !== "boolean") c.error("autoscaling", "autoscaling must be true or false");

  let head: HeadSpec;
  if (!isObj(raw.head)) {
    c.error("head", "head is required: {image, cpus, memory}");
    head = { image: "", cpus: "", memory: "" };
  } else {
    c.unknownKeys(raw.head, HEAD_KEYS, "head");
    head = checkGroup(c, raw.head, "head", true);
    if (raw.head.runTasks !== undefined && typeof raw.head.runTasks !== "boolean") c.error("head.runTasks", "runTasks must be true or false");
    if (raw.head.runTasks === true) head.runTasks = true;
  }

  const workerGroups: WorkerGroupSpec[] = [];
  if (raw.workerGroups !== undefined && !Array.isArray(raw.workerGroups)) c.error("workerGroups", "workerGroups must be a list");
  const seen = new Map<string, number>();
  (Array.isArray(raw.workerGroups) ? raw.workerGroups : []).forEach((w, i) => {
    const g = checkWorker(c, w, i, seen);
    if (g) workerGroups.push(g);
  });
  if (!workerGroups.length && head.runTasks !== true) c.warn("workerGroups", "no worker group and the head runs no tasks: nothing can run a backfill");

  const config: ClusterConfig = { name: name as string, rayVersion: rayVersion ?? DEFAULT_RAY_VERSION, autoscaling: raw.autoscaling !== false, head, workerGroups };
  if (namespace) config.namespace = namespace;
  return { config, errors: c.errors, warnings: c.warnings };
}

/** "workerGroups[1].memory: memory '8GB' is not a quantity…; name: …" */
export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}
