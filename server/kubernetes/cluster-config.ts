// A Ray cluster design: the head group and the worker groups, in the terms a
// user thinks in (CPUs, memory, GPUs, replicas). The manifest builder turns it
// into a KubeRay RayCluster; the local shape turns it into Ray nodes on this
// machine. Pure types and defaults (the designer imports them too).

export interface Toleration {
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
  effect?: "" | "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

/** What every group has: the pod (image, size, placement) and the Ray node (labels, custom resources). */
export interface GroupSpec {
  image: string;
  /** CPUs per pod: a number (4, 0.5) or a Kubernetes quantity ("500m"). Ray gets it rounded up. */
  cpus: number | string;
  /** Memory per pod, a Kubernetes quantity ("8Gi"). */
  memory: string;
  /** GPUs per pod, as `nvidia.com/gpu` requests and limits. */
  gpus?: number;
  serviceAccount?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  /** Ray node labels (KubeRay ≥ 1.5 group `labels`: `ray start --labels` and pod labels). */
  labels?: Record<string, string>;
  /** Custom Ray resources, e.g. {"sim_accel": 1} (KubeRay group `resources`). */
  resources?: Record<string, number>;
  /** Environment variables of the Ray container. */
  env?: Record<string, string>;
}

export interface HeadSpec extends GroupSpec {
  /** Let Ray schedule tasks on the head (default false: `num-cpus` 0 there, as Geneva does). */
  runTasks?: boolean;
}

export interface WorkerGroupSpec extends GroupSpec {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  /** Initial replicas (default: minReplicas). */
  replicas?: number;
  /** Autoscaling: seconds an idle worker stays before it is removed. */
  idleTimeoutSeconds?: number;
}

export interface ClusterConfig {
  /** The RayCluster's name: a DNS-1035 label of at most 53 characters. */
  name: string;
  /** Default namespace for Kubernetes actions (each action may pick another). */
  namespace?: string;
  /** Ray version of the images (spec.rayVersion). */
  rayVersion?: string;
  /** KubeRay's in-tree autoscaler (v2): workers between min and max replicas on demand. */
  autoscaling?: boolean;
  head: HeadSpec;
  workerGroups: WorkerGroupSpec[];
}

/** The Ray version this project's venv runs (the default image tag). */
export const DEFAULT_RAY_VERSION = "2.60.0";
export const DEFAULT_IMAGE = `rayproject/ray:${DEFAULT_RAY_VERSION}-py311`;
export const DEFAULT_GPU_IMAGE = `rayproject/ray:${DEFAULT_RAY_VERSION}-py311-gpu`;
/** The group name KubeRay gives the head (pod label ray.io/group, Ray label ray.io/node-group). */
export const HEAD_GROUP_NAME = "headgroup";
/** Ray sets this node label from RAY_NODE_TYPE_NAME, which KubeRay sets to the group's name. */
export const NODE_GROUP_LABEL = "ray.io/node-group";
export const MAX_NAME_LENGTH = 53;
export const MAX_INT32 = 2147483647;

export function defaultConfig(name = ""): ClusterConfig {
  return {
    name,
    rayVersion: DEFAULT_RAY_VERSION,
    autoscaling: true,
    head: { image: DEFAULT_IMAGE, cpus: 2, memory: "8Gi" },
    workerGroups: [
      { name: "cpu", image: DEFAULT_IMAGE, cpus: 4, memory: "8Gi", gpus: 0, minReplicas: 0, maxReplicas: 10, replicas: 1, labels: { workload: "cpu" } },
    ],
  };
}

/** Ray labels a group's nodes carry: the group's own plus ray.io/node-group. */
export function rayLabelsOf(group: GroupSpec & { name?: string }, isHead: boolean): Record<string, string> {
  return { ...(group.labels ?? {}), [NODE_GROUP_LABEL]: isHead ? HEAD_GROUP_NAME : group.name ?? "" };
}
