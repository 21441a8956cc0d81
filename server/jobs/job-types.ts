import type { WorkerGroup } from "../clusters/cluster-types";
import type { JobState } from "./job-status";

export interface JobEvent {
  ts: string;
  type: string;
  message: string;
}

export interface PlanCounts {
  rowsMatching: number;
  rowsNull: number;
  rowsStale: number;
  rowsDone: number;
  rowsToCompute: number;
  fragments: number;
  batches: number;
  staleReasons?: Record<string, number>;
}

export interface Job {
  id: string;
  table: string;
  column: string;
  where: string | null;
  udfName: string;
  udfVersion: string;
  runner: "local" | "ray";
  /** Ray runner: the registered cluster, the worker group, extra pip requirements. */
  cluster?: string | null;
  workerGroup?: WorkerGroup | null;
  pip?: string[];
  /** Ray runner: the current attempt's submission, for following and re-attaching. */
  ray?: RayJobInfo;
  state: JobState;
  concurrency: number;
  checkpointSize: number;
  rowsPlanned: number;
  rowsCheckpointed: number;
  rowsCommitted: number;
  rowsFailed: number;
  batches: number;
  batchesDone: number;
  fragments: number;
  fragmentsCommitted: number;
  /** Runs of the driver: 1 + resumes. */
  attempts: number;
  plan: PlanCounts | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  error: string | null;
  events: JobEvent[];
  /** [epoch ms, rowsCheckpointed] samples, ≤1/s while running, for the rows/s plot. */
  series?: [number, number][];
  failedFragments?: number[];
}

/** A row's failure as the driver records it (errors.jsonl). */
export interface RowError {
  jobId: string;
  rowAddress: number | null;
  fragment: number | null;
  errorType: string;
  message: string;
  traceback: string;
  action: "skipped" | "failed";
  attempts: number;
  ts: number;
}

export interface RayJobInfo {
  cluster: string;
  submissionId: string;
  /** Byte offset of events.jsonl where this attempt's events start. */
  eventsOffset: number;
  /** Byte offset up to which events were folded into this record. */
  eventsRead?: number;
  /** Characters of Ray's driver log already copied to driver.log. */
  logChars?: number;
}
