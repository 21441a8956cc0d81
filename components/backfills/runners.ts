// The runners a backfill can run on. Local is the only one today; a Ray
// cluster entry shows where remote runners slot in (a later issue adds them
// with their own options, e.g. the cluster to submit to).
export type RunnerId = "local";

export interface RunnerOption {
  id: RunnerId | "ray";
  label: string;
  detail: string;
  available: boolean;
}

export const RUNNERS: RunnerOption[] = [
  { id: "local", label: "Local", detail: "worker processes on the dashboard's machine", available: true },
  { id: "ray", label: "Ray cluster (coming)", detail: "submit to a Ray or KubeRay cluster: arrives with a later release", available: false },
];
