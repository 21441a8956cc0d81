// What a runner does: run a job's driver and report its events. The local
// runner spawns it here; the Ray runner submits it to a cluster.
import type { Job } from "../jobs/job-types";

/** A JSON line from the driver (python/backfill_studio/driver.py); `host_ready`: a warm job host (job_host.py) is idle. */
export interface DriverEvent {
  event: "started" | "batch" | "commit" | "worker" | "fragment_failed" | "failed" | "succeeded" | "host_ready";
  ts: number;
  [k: string]: unknown;
}

export interface RunnerHooks {
  /** `replay`: an event already folded before a server restart, re-read to rebuild progress. */
  onEvent(ev: DriverEvent, replay?: boolean): void;
  onLog(line: string): void;
  /** `reason`: why the driver ended, when the runner knows more than an exit code. */
  onExit(code: number | null, signal: NodeJS.Signals | null, reason?: string): void;
  /** Runner state to keep in the job record (e.g. the Ray submission id), durable or coalesced. */
  onInfo?(patch: Partial<Job>, durable: boolean): void;
}

export interface RunHandle {
  /** Stop the driver and its workers now; onExit follows. */
  kill(): void;
}

export interface Runner {
  readonly name: string;
  start(job: Job, jobDir: string, hooks: RunnerHooks): RunHandle;
  /** After a server restart: follow a driver that may still run elsewhere. Resolves null
   * when there is nothing to follow (the job is then resumed). */
  reattach?(job: Job, jobDir: string, hooks: RunnerHooks): Promise<RunHandle | null>;
}
