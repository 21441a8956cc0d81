// Keeps one idle warm job host (python/backfill_studio/job_host.py): a driver
// process that has imported Lance and started its workers, which have too,
// waiting for a job directory on stdin. A job handed to it skips ~2 s of
// imports per process. A host runs one job and exits, so no process that ran
// a user's UDF serves another job. The host is a child of the server in its
// own process group, and dies with the server (lifeline.py), like a driver.
import { DriverProcess, type PythonOptions } from "./driver-process";
import type { DriverEvent } from "../runner";
import type { WarmHostPolicy } from "./warm-host-policy";

const MAX_FAILED_STARTS = 3; // in a row, before any became ready: stop trying (cold path)

export interface IdleHost {
  proc: DriverProcess;
  /** When it became ready (ms since epoch) and how long its start-up took (s). */
  readyAt: number;
  startS: number;
}

export class JobHosts {
  private starting: DriverProcess | null = null;
  private idle: IdleHost | null = null;
  private failedStarts = 0;
  private stopped = false;

  constructor(
    private readonly opts: PythonOptions,
    private readonly workers: number,
    readonly policy: WarmHostPolicy,
  ) {}

  /** Start an idle host unless one is idle or starting. */
  warm(): void {
    if (this.policy === "off" || this.stopped || this.idle || this.starting || this.failedStarts >= MAX_FAILED_STARTS) return;
    const args = ["job-host", "--workers", String(this.workers), ...(this.opts.stateDir ? ["--tag", this.opts.stateDir] : [])];
    const proc = new DriverProcess(this.opts, args);
    this.starting = proc;
    const tail: string[] = [];
    proc.listen(
      (ev: DriverEvent) => {
        if (ev.event !== "host_ready" || this.starting !== proc) return;
        this.starting = null;
        this.failedStarts = 0;
        this.idle = { proc, readyAt: Date.now(), startS: Number(ev.startS ?? 0) };
      },
      (line) => {
        tail.push(line);
        if (tail.length > 20) tail.shift();
      },
      (code, signal) => {
        if (this.starting === proc) {
          this.starting = null;
          this.failedStarts++;
          console.error(`[backfill-studio] warm job host exited before it was ready (${signal ?? `exit ${code}`}): ${tail.join(" | ").slice(-2000)}`);
        }
        if (this.idle?.proc === proc) this.idle = null; // killed while idle: next job starts cold, then refills
      },
    );
  }

  /** For /api/health: is a job started now warm? */
  state(): "ready" | "starting" | "none" | "off" {
    if (this.policy === "off") return "off";
    return this.idle && !this.idle.proc.exited ? "ready" : this.starting ? "starting" : "none";
  }

  /** The idle host, now taken (null: none ready, start cold). */
  take(): IdleHost | null {
    const host = this.idle;
    this.idle = null;
    if (!host || host.proc.exited) return null;
    if (this.policy === "eager") this.warm();
    return host;
  }

  /** A job that had a host (or started cold because none was ready) ended. */
  jobEnded(): void {
    this.warm();
  }

  /** Server stopping: no new hosts; end the idle one. */
  stop(): void {
    this.stopped = true;
    this.starting?.kill();
    this.idle?.proc.kill();
  }
}
