// Wire types of Ray's dashboard HTTP API (Jobs REST API and state API), as
// Ray 2.60 sends them (python/ray/dashboard/modules/job/common.py, state_head.py).

export type RayJobStatus = "PENDING" | "RUNNING" | "STOPPED" | "SUCCEEDED" | "FAILED";
export const RAY_TERMINAL: ReadonlySet<RayJobStatus> = new Set(["STOPPED", "SUCCEEDED", "FAILED"]);

export interface RayVersion {
  version: string;
  ray_version: string;
  ray_commit: string;
  session_name?: string;
}

export interface RayJobSubmitRequest {
  entrypoint: string;
  submission_id?: string;
  runtime_env?: RayRuntimeEnv;
  metadata?: Record<string, string>;
  entrypoint_num_cpus?: number;
  entrypoint_num_gpus?: number;
  entrypoint_memory?: number;
  entrypoint_resources?: Record<string, number>;
  entrypoint_label_selector?: Record<string, string>;
}

export interface RayRuntimeEnv {
  py_modules?: string[];
  working_dir?: string;
  pip?: string[];
  env_vars?: Record<string, string>;
}

export interface RayJobDetails {
  type: "SUBMISSION" | "DRIVER";
  job_id: string | null;
  submission_id: string | null;
  status: RayJobStatus;
  entrypoint: string;
  message: string | null;
  error_type: string | null;
  start_time: number | null;
  end_time: number | null;
  metadata: Record<string, string> | null;
  runtime_env: RayRuntimeEnv | null;
  driver_agent_http_address: string | null;
  driver_node_id: string | null;
  driver_exit_code: number | null;
}

export interface RayNode {
  node_id: string;
  node_ip: string;
  is_head_node: boolean;
  state: "ALIVE" | "DEAD";
  state_message: string | null;
  node_name: string;
  resources_total: Record<string, number>;
  labels: Record<string, string>;
}

/** State API envelope: GET /api/v0/{nodes,actors,tasks,...}. */
export interface RayStateResponse<T> {
  result: boolean;
  msg: string;
  data: { result: { total: number; result: T[]; partial_failure_warning?: string } };
}

export interface RayActor {
  actor_id: string;
  class_name: string;
  state: "DEPENDENCIES_UNREADY" | "PENDING_CREATION" | "ALIVE" | "RESTARTING" | "DEAD";
  job_id: string;
  node_id: string | null;
  pid: number | null;
}
