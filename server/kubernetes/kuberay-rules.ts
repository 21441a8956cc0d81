// KubeRay's own checks of a RayCluster, beyond the CRD schema: what the
// operator's webhook and ValidateRayClusterSpec reject (KubeRay 1.7:
// ray-operator/controllers/ray/utils/validation.go, pkg/webhooks/v1), plus the
// rules this project always keeps (min/max replicas set, replicas within them,
// GPUs as nvidia.com/gpu limits). Applied to manifests, whoever built them.
import { dns1035Label, labelValue, qualifiedName } from "./k8s-names";
import { MAX_NAME_LENGTH } from "./cluster-config";
import { parseQuantity } from "./quantity";
import type { ManifestIssue } from "./crd-schema";

type Obj = Record<string, any>;
const RESOURCE_PARAMS = ["num-cpus", "num-gpus", "memory", "resources"];

function groupRules(g: Obj, path: string, name: string, out: ManifestIssue[]) {
  const containers = g?.template?.spec?.containers;
  if (!Array.isArray(containers) || !containers.length) {
    out.push({ path: `${path}.template.spec.containers`, message: `the ${name} group needs at least one container (container 0 runs Ray)` });
    return;
  }
  const params: Obj = g.rayStartParams ?? {};
  if ("labels" in params) out.push({ path: `${path}.rayStartParams.labels`, message: "rayStartParams.labels is rejected by KubeRay ≥ 1.5: use the group's labels field" });
  if (g.resources && Object.keys(g.resources).length && RESOURCE_PARAMS.some((k) => params[k])) {
    out.push({ path: `${path}.resources`, message: "resources set both in rayStartParams and in the group's resources field: KubeRay accepts only one" });
  }
  for (const [k, v] of Object.entries<string>(g.labels ?? {})) {
    const bad = qualifiedName(k) ?? labelValue(String(v));
    if (bad) out.push({ path: `${path}.labels.${k}`, message: `invalid label ${k}=${v}: ${bad}` });
  }
  for (const [k, v] of Object.entries<string>(g.resources ?? {})) {
    if (parseQuantity(v) === null) out.push({ path: `${path}.resources.${k}`, message: `resource ${k}: '${v}' is not a quantity` });
  }
  const res = containers[0].resources ?? {};
  for (const kind of ["requests", "limits"]) {
    for (const key of Object.keys(res[kind] ?? {})) {
      if (/gpu$/i.test(key) && key !== "nvidia.com/gpu") out.push({ path: `${path}.template.spec.containers[0].resources.${kind}.${key}`, message: `GPUs are requested as nvidia.com/gpu, not ${key}` });
    }
  }
  const reqGpu = res.requests?.["nvidia.com/gpu"];
  const limGpu = res.limits?.["nvidia.com/gpu"];
  if (reqGpu !== undefined && limGpu === undefined) {
    out.push({ path: `${path}.template.spec.containers[0].resources.limits.nvidia.com/gpu`, message: "GPUs must be set as limits (KubeRay reads num-gpus from limits)" });
  }
  if (reqGpu !== undefined && limGpu !== undefined && String(reqGpu) !== String(limGpu)) {
    out.push({ path: `${path}.template.spec.containers[0].resources.requests.nvidia.com/gpu`, message: "GPU requests must equal limits (an extended resource cannot be overcommitted)" });
  }
}

export function kubeRayRules(m: Obj): ManifestIssue[] {
  const out: ManifestIssue[] = [];
  const name = m?.metadata?.name;
  if (typeof name !== "string" || !name) out.push({ path: "metadata.name", message: "metadata.name is required" });
  else {
    const bad = dns1035Label(name, MAX_NAME_LENGTH);
    if (bad) out.push({ path: "metadata.name", message: `RayCluster name '${name}': ${bad}` });
  }
  const spec = m?.spec ?? {};
  groupRules(spec.headGroupSpec, "spec.headGroupSpec", "head", out);
  const names = new Map<string, number>();
  (spec.workerGroupSpecs ?? []).forEach((w: Obj, i: number) => {
    const path = `spec.workerGroupSpecs[${i}]`;
    if (names.has(w.groupName)) out.push({ path: `${path}.groupName`, message: `worker group names must be unique: '${w.groupName}' is also workerGroupSpecs[${names.get(w.groupName)}]` });
    names.set(w.groupName, i);
    groupRules(w, path, `worker '${w.groupName}'`, out);
    const int = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
    for (const k of ["minReplicas", "maxReplicas"]) {
      if (w[k] === undefined) out.push({ path: `${path}.${k}`, message: `${k} must always be set (the CRD's default applies only on the API server)` });
      else if (!int(w[k])) out.push({ path: `${path}.${k}`, message: `${k} must be a non-negative integer` });
    }
    if (int(w.minReplicas) && int(w.maxReplicas) && w.minReplicas > w.maxReplicas) {
      out.push({ path: `${path}.minReplicas`, message: `minReplicas (${w.minReplicas}) is more than maxReplicas (${w.maxReplicas})` });
    }
    if (w.replicas !== undefined && int(w.minReplicas) && int(w.maxReplicas) && (w.replicas < w.minReplicas || w.replicas > w.maxReplicas)) {
      out.push({ path: `${path}.replicas`, message: `replicas (${w.replicas}) must be between minReplicas (${w.minReplicas}) and maxReplicas (${w.maxReplicas})` });
    }
    if (spec.enableInTreeAutoscaling && spec.autoscalerOptions?.version === "v2") {
      const policy = w?.template?.spec?.restartPolicy;
      if (policy && policy !== "Never") out.push({ path: `${path}.template.spec.restartPolicy`, message: "autoscaler v2 needs restartPolicy Never or unset" });
    }
  });
  return out;
}
