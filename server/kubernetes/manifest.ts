// Cluster design → the KubeRay `ray.io/v1` RayCluster object. Pure (the
// designer renders its YAML live).
//
// Placement and size go into each group's pod template (image, requests =
// limits for cpu/memory, `nvidia.com/gpu` limits, nodeSelector, tolerations,
// serviceAccountName); KubeRay derives `ray start --num-cpus/--memory/--num-gpus`
// from the container limits. Ray labels and custom resources use the group-level
// `labels` and `resources` fields (KubeRay ≥ 1.5): since 1.5 KubeRay rejects
// `rayStartParams.labels`, and rejects resource keys in rayStartParams when the
// group also has `resources` — so rayStartParams stays empty.
import { type ClusterConfig, type GroupSpec, type WorkerGroupSpec } from "./cluster-config";

export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "backfill-studio";
export const CONFIG_LABEL = "backfill-studio.io/config";
export const CONFIG_VERSION_LABEL = "backfill-studio.io/config-version";
export const GPU_RESOURCE = "nvidia.com/gpu";
export const DASHBOARD_PORT = 8265;

/** The JSON shape of a RayCluster as we build it (a subset of the CRD). */
export interface RayClusterManifest {
  apiVersion: "ray.io/v1";
  kind: "RayCluster";
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: {
    rayVersion?: string;
    enableInTreeAutoscaling: boolean;
    autoscalerOptions?: { version: "v2"; upscalingMode: "Default"; idleTimeoutSeconds: number };
    headGroupSpec: GroupManifest;
    workerGroupSpecs: (GroupManifest & { groupName: string; replicas: number; minReplicas: number; maxReplicas: number; idleTimeoutSeconds?: number })[];
  };
}

interface GroupManifest {
  rayStartParams: Record<string, string>;
  labels?: Record<string, string>;
  resources?: Record<string, string>;
  template: { spec: Record<string, unknown> };
}

export interface ManifestOptions {
  namespace?: string;
  /** The saved version this manifest comes from (a label on the object). */
  version?: number;
  /** Create under another name than the config's. */
  name?: string;
}

/** A CPU count as a quantity: integers stay numbers; 0.5 → "0.5" (the CRD takes int or string). */
function cpuQuantity(cpus: number | string): number | string {
  if (typeof cpus === "string") return cpus;
  return Number.isInteger(cpus) ? cpus : String(cpus);
}

function podSpec(g: GroupSpec, containerName: string, ports: { name: string; containerPort: number }[] | null): Record<string, unknown> {
  const cpu = cpuQuantity(g.cpus);
  const requests: Record<string, number | string> = { cpu, memory: g.memory };
  const limits: Record<string, number | string> = { cpu, memory: g.memory };
  if (g.gpus && g.gpus > 0) {
    requests[GPU_RESOURCE] = g.gpus;
    limits[GPU_RESOURCE] = g.gpus;
  }
  const container: Record<string, unknown> = { name: containerName, image: g.image };
  if (ports) container.ports = ports;
  container.resources = { requests, limits };
  if (g.env && Object.keys(g.env).length) container.env = Object.entries(g.env).map(([name, value]) => ({ name, value }));
  const spec: Record<string, unknown> = {};
  if (g.serviceAccount) spec.serviceAccountName = g.serviceAccount;
  if (g.nodeSelector && Object.keys(g.nodeSelector).length) spec.nodeSelector = { ...g.nodeSelector };
  if (g.tolerations && g.tolerations.length) spec.tolerations = g.tolerations.map((t) => ({ ...t }));
  spec.containers = [container];
  return spec;
}

function groupManifest(g: GroupSpec, extraResources: Record<string, string>, containerName: string, ports: { name: string; containerPort: number }[] | null): GroupManifest {
  const out: GroupManifest = { rayStartParams: {}, template: { spec: podSpec(g, containerName, ports) } };
  if (g.labels && Object.keys(g.labels).length) out.labels = { ...g.labels };
  const resources: Record<string, string> = { ...extraResources };
  for (const [k, v] of Object.entries(g.resources ?? {})) resources[k] = String(v);
  if (Object.keys(resources).length) out.resources = resources;
  return out;
}

const HEAD_PORTS = [
  { name: "gcs-server", containerPort: 6379 },
  { name: "dashboard", containerPort: DASHBOARD_PORT },
  { name: "client", containerPort: 10001 },
];

export function buildRayCluster(config: ClusterConfig, opts: ManifestOptions = {}): RayClusterManifest {
  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY, [CONFIG_LABEL]: config.name };
  if (opts.version !== undefined) labels[CONFIG_VERSION_LABEL] = String(opts.version);
  const metadata: RayClusterManifest["metadata"] = { name: opts.name ?? config.name, labels };
  const namespace = opts.namespace ?? config.namespace;
  if (namespace) metadata.namespace = namespace;
  const autoscaling = config.autoscaling !== false;
  // The head runs no tasks unless asked (Geneva does the same): `num-cpus` 0 through the group's resources.
  const headExtra: Record<string, string> = config.head.runTasks ? {} : { CPU: "0" };
  const spec: RayClusterManifest["spec"] = {
    ...(config.rayVersion ? { rayVersion: config.rayVersion } : {}),
    enableInTreeAutoscaling: autoscaling,
    ...(autoscaling ? { autoscalerOptions: { version: "v2" as const, upscalingMode: "Default" as const, idleTimeoutSeconds: 60 } } : {}),
    headGroupSpec: groupManifest(config.head, headExtra, "ray-head", HEAD_PORTS),
    workerGroupSpecs: config.workerGroups.map((w) => workerManifest(w, autoscaling)),
  };
  return { apiVersion: "ray.io/v1", kind: "RayCluster", metadata, spec };
}

function workerManifest(w: WorkerGroupSpec, autoscaling: boolean): RayClusterManifest["spec"]["workerGroupSpecs"][number] {
  const g = groupManifest(w, {}, "ray-worker", null);
  return {
    groupName: w.name,
    replicas: w.replicas ?? w.minReplicas,
    // Always both: the CRD requires them (its defaults apply only on the server).
    minReplicas: w.minReplicas,
    maxReplicas: w.maxReplicas,
    ...(autoscaling && w.idleTimeoutSeconds !== undefined ? { idleTimeoutSeconds: w.idleTimeoutSeconds } : {}),
    ...g,
  };
}

/** Where a manifest field comes from in the config, for showing schema errors on the form. */
export function configPathOf(manifestPath: string): string | null {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^metadata\.name$/, () => "name"],
    [/^metadata\.namespace$/, () => "namespace"],
    [/^spec\.rayVersion$/, () => "rayVersion"],
    [/^spec\.workerGroupSpecs\[(\d+)\]\.groupName$/, (m) => `workerGroups[${m[1]}].name`],
    [/^spec\.workerGroupSpecs\[(\d+)\]\.(minReplicas|maxReplicas|replicas|idleTimeoutSeconds)$/, (m) => `workerGroups[${m[1]}].${m[2]}`],
    [/^(.*)\.template\.spec\.containers\[0\]\.image$/, (m) => `${group(m[1])}.image`],
    [/^(.*)\.template\.spec\.containers\[0\]\.resources\.(?:limits|requests)\.cpu$/, (m) => `${group(m[1])}.cpus`],
    [/^(.*)\.template\.spec\.containers\[0\]\.resources\.(?:limits|requests)\.memory$/, (m) => `${group(m[1])}.memory`],
    [/^(.*)\.template\.spec\.containers\[0\]\.resources\.(?:limits|requests)\.nvidia\.com\/gpu$/, (m) => `${group(m[1])}.gpus`],
    [/^(.*)\.template\.spec\.containers\[0\]\.env(\[\d+\].*)?$/, (m) => `${group(m[1])}.env`],
    [/^(.*)\.template\.spec\.serviceAccountName$/, (m) => `${group(m[1])}.serviceAccount`],
    [/^(.*)\.template\.spec\.nodeSelector(\..*)?$/, (m) => `${group(m[1])}.nodeSelector${m[2] ?? ""}`],
    [/^(.*)\.template\.spec\.tolerations(\[\d+\].*)?$/, (m) => `${group(m[1])}.tolerations${m[2] ?? ""}`],
    [/^(spec\.(?:headGroupSpec|workerGroupSpecs\[\d+\]))\.(labels|resources)(\..*)?$/, (m) => `${group(m[1])}.${m[2]}${m[3] ?? ""}`],
  ];
  for (const [re, to] of rules) {
    const m = re.exec(manifestPath);
    if (!m) continue;
    // group rules capture the group's path: only the head and worker groups map to the form
    if (m[1]?.startsWith("spec.") && !GROUP_PATH.test(m[1])) continue;
    return to(m);
  }
  return null;
}

const GROUP_PATH = /^spec\.(headGroupSpec|workerGroupSpecs\[(\d+)\])$/;

function group(manifestGroupPath: string): string {
  const m = GROUP_PATH.exec(manifestGroupPath)!;
  return m[2] === undefined ? "head" : `workerGroups[${m[2]}]`;
}
