// The backfill launcher's hooks into cluster designs:
// - `clusterConfig` (+ `clusterConfigVersion`) in a launch body checks the UDF's
//   needs against that design before anything is planned ("the UDF asks for
//   1 GPU; no worker group has GPUs");
// - a Ray cluster created from a design (on Kubernetes, or as a local shape) is
//   checked against its design automatically; an autoscaling one is not also
//   checked against live nodes, which may not exist yet (min replicas 0);
// - `exitMode` (delete | retain | retain-on-failure) says what happens to a
//   Kubernetes-created cluster when the job ends.
import { badRequest } from "../errors";
import type { ResourceNeeds } from "../clusters/cluster-service";
import type { WorkerGroup } from "../clusters/cluster-types";
import type { ClusterConfig } from "./cluster-config";
import type { ClusterConfigService } from "./config-service";
import type { ExitMode } from "./kube-store";
import { parseExitMode, type KubeRayService } from "./kuberay-service";
import { checkNeeds } from "./resource-fit";

export interface DesignLaunchOptions {
  clusterConfig: string | null;
  clusterConfigVersion?: number;
  exitMode: ExitMode | null;
}

export interface Design {
  config: ClusterConfig;
  name: string;
  version: number;
  /** Workers come and go with demand, so live nodes say little before the job starts. */
  autoscales: boolean;
}

/** The design fields of a launch body (the rest is parseBackfillRequest's). */
export function parseDesignOptions(body: unknown, runner: "local" | "ray"): DesignLaunchOptions {
  const b = (body ?? {}) as Record<string, unknown>;
  const cc = b.clusterConfig;
  if (cc !== undefined && cc !== null && (typeof cc !== "string" || !cc)) throw badRequest("clusterConfig must be the name of a saved cluster configuration");
  const v = b.clusterConfigVersion;
  if (v !== undefined && v !== null && (typeof v !== "number" || !Number.isInteger(v) || v < 1)) throw badRequest("clusterConfigVersion must be a version number (1, 2, …)");
  const exitMode = parseExitMode(b.exitMode);
  if (exitMode && runner !== "ray") throw badRequest('exitMode applies to runner "ray" on a cluster created on Kubernetes');
  return { clusterConfig: typeof cc === "string" ? cc : null, ...(typeof v === "number" ? { clusterConfigVersion: v } : {}), exitMode };
}

export interface LocalShapesView {
  designOf(cluster: string): { config: ClusterConfig; name: string; version: number } | null;
}

export class LaunchDesigns {
  constructor(
    private readonly configs: ClusterConfigService,
    private readonly kube: KubeRayService,
    private readonly shapes: LocalShapesView,
  ) {}

  designOf(cluster: string): Design | null {
    const k = this.kube.configOf(cluster);
    if (k) return { ...k, autoscales: k.config.autoscaling !== false };
    const s = this.shapes.designOf(cluster);
    return s ? { ...s, autoscales: false } : null;
  }

  /** 400 unless the saved design can run the UDF's workers (in this worker group). */
  checkConfig(name: string, version: number | undefined, needs: ResourceNeeds, group: WorkerGroup | null): void {
    const fit = this.configs.fit(name, needs, group, version);
    if (!fit.ok) throw badRequest(`cluster configuration '${name}' (v${fit.version}) cannot run this UDF: ${fit.message}`, { fit });
  }

  /** For a Ray cluster made from a design: 400 when the design cannot run it; whether live nodes should be checked too. */
  checkCluster(cluster: string, needs: ResourceNeeds, group: WorkerGroup | null): { checkLiveNodes: boolean } {
    const d = this.designOf(cluster);
    if (!d) return { checkLiveNodes: true };
    const fit = checkNeeds(d.config, needs, group);
    if (!fit.ok) throw badRequest(`cluster '${cluster}' (configuration '${d.name}' v${d.version}) cannot run this UDF: ${fit.message}`, { fit });
    return { checkLiveNodes: !d.autoscales };
  }

  /** Before launch: the cluster must be one this server created on Kubernetes. */
  checkExit(cluster: string | null, mode: ExitMode | null): void {
    if (!mode) return;
    if (!cluster || !this.kube.store.byCluster(cluster)) {
      throw badRequest(`exitMode applies to clusters created on Kubernetes from a cluster configuration; '${cluster}' is not one`);
    }
  }

  planExit(jobId: string, cluster: string, mode: ExitMode): void {
    this.kube.planExit(jobId, cluster, mode);
  }
}
