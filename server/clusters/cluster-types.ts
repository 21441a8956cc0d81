// Registered clusters: what is stored (with the token, a secret) and what the
// API shows (never the token).
export const CLUSTER_KINDS = ["ray", "local-ray"] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export interface ClusterRecord {
  name: string;
  kind: ClusterKind;
  /** Dashboard address, e.g. http://127.0.0.1:8265 */
  address: string;
  /** Ray token auth (RAY_AUTH_MODE=token). Secret: never returned, never logged. */
  token?: string;
  /** Declare the data plane's Python dependencies (pylance, pyarrow, numpy) as runtime_env.pip. */
  installDeps: boolean;
  createdAt: string;
}

export interface ClusterNode {
  id: string;
  alive: boolean;
  head: boolean;
  ip: string;
  resources: Record<string, number>;
  labels: Record<string, string>;
  stateMessage?: string | null;
}

export interface ClusterView {
  name: string;
  kind: ClusterKind;
  address: string;
  hasToken: boolean;
  installDeps: boolean;
  createdAt: string;
  status?: "up" | "down";
  rayVersion?: string;
  nodes?: ClusterNode[];
  /** Ray jobs pending or running on the cluster (ours carry backfillJobId). */
  running?: { submissionId: string | null; status: string; entrypoint: string; backfillJobId: string | null }[];
  error?: string;
}

/** Where a job's Ray workers may run: node labels, or a custom resource's name. */
export type WorkerGroup = { labels: Record<string, string> } | { resource: string };
