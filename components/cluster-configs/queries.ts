// Query keys and the API's shapes for the cluster designer (types only from server/).
import type { ConfigSummary, ConfigView, DesignCheck, VersionDiff } from "@/server/kubernetes/config-service";
import type { KubeInfo, RayClusterStatusView } from "@/server/kubernetes/kuberay-service";
import type { ExitPlan, KubeClusterRecord } from "@/server/kubernetes/kube-store";
import type { ShapeView } from "@/server/kubernetes/local-shape";
import type { FitResult } from "@/server/kubernetes/resource-fit";

export type { ConfigSummary, ConfigView, DesignCheck, VersionDiff, KubeInfo, RayClusterStatusView, KubeClusterRecord, ExitPlan, ShapeView, FitResult };

export type KubeOverview = KubeInfo & { rayclusters: KubeClusterRecord[]; exitPlans: ExitPlan[] };

export const configKeys = {
  all: ["cluster-configs"] as const,
  detail: (name: string, version?: number) => ["cluster-configs", name, version ?? "latest"] as const,
  diff: (name: string, from: number, to: number) => ["cluster-configs", name, "diff", from, to] as const,
  check: (body: string) => ["cluster-configs", "dry-run", body] as const,
  shape: (name: string) => ["cluster-configs", name, "local"] as const,
  fit: (name: string, table: string, column: string) => ["cluster-configs", name, "fit", table, column] as const,
};

export const kubeKeys = {
  all: ["kubernetes"] as const,
  status: (ns: string, name: string) => ["kubernetes", ns, name] as const,
};
