// What a runner does: run a job's driver and report its events. The local
// runner spawns it here; a Ray runner (later) submits it to a cluster.
import type { Job } from "../jobs/job-types";

/** A JSON line from the driver (python/backfill_studio/driver.py). */
export interface DriverEvent {
  event: "started" | "batch" | "commit" | "worker" | "fragment_failed" | "failed" | "succeeded";
  ts: number;
  [k: string]: unknown;
}

export interface RunnerHooks {
  onEvent(ev: DriverEvent): void;
  onLog(line: string): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

export interface RunHandle {
  /** Stop the driver and its workers now; onExit follows. */
  kill(): void;
}

export interface Runner {
  readonly name: string;
  start(job: Job, jobDir: string, hooks: RunnerHooks): RunHandle;
}
