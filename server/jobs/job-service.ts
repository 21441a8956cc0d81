// Runs, cancels and resumes jobs, and folds driver events into job records.
import { redact } from "../secrets/secrets";
import fs from "node:fs";
import path from "node:path";
import { conflict, notFound, badRequest } from "../errors";
import type { DriverEvent, RunHandle, Runner } from "../runners/runner";
import { canCancel, canResume, isTerminal, type JobState } from "./job-status";
import type { JobEvents } from "./job-events";
import type { JobStore } from "./job-store";
import type { Job, RowError } from "./job-types";
import { FragmentTracker, type FragmentsView } from "./fragment-tracker";

const SERIES_MAX = 600;
const SAMPLE_MS = 1000;

const COUNT_FIELDS = ["rowsPlanned", "rowsCheckpointed", "rowsCommitted", "rowsFailed", "batches", "batchesDone", "fragments", "fragmentsCommitted"] as const;

interface Running {
  handle: RunHandle;
  cancelRequested: boolean;
  finalState: JobState | null;
  /** Resolves when the driver has exited (it reports its end a moment before). */
  exited: Promise<void>;
  markExited: () => void;
}

const EXIT_WAIT_MS = 15_000;

function newRunning(): Running {
  let markExited!: () => void;
  const exited = new Promise<void>((r) => (markExited = r));
  return { handle: { kill: () => undefined }, cancelRequested: false, finalState: null, exited, markExited };
}

export class JobService {
  private running = new Map<string, Running>();
  private trackers = new Map<string, FragmentTracker>();

  constructor(
    private readonly store: JobStore,
    private readonly events: JobEvents,
    private readonly runners: Record<string, Runner>,
  ) {}

  private runnerOf(job: Job): Runner {
    const r = this.runners[job.runner ?? "local"];
    if (!r) throw badRequest(`runner '${job.runner}' is not available`);
    return r;
  }

  /** Whether a job that is not finished uses this cluster. */
  usesCluster(name: string): boolean {
    return this.store.list().some((j) => j.cluster === name && !isTerminal(j.state));
  }

  private hooks(id: string, run: Running) {
    return {
      onEvent: (ev: DriverEvent, replay?: boolean) => this.onDriverEvent(id, run, ev, replay === true),
      onLog: (line: string) => this.events.publish(id, { kind: "log", line: redact(line) }),
      onExit: (code: number | null, signal: NodeJS.Signals | null, reason?: string) => this.onExit(id, run, code, signal, reason),
      onInfo: (patch: Partial<Job>, durable: boolean) => {
        if (this.running.get(id) === run) this.store.update(id, patch, durable);
      },
    };
  }

  get(id: string): Job {
    const job = this.store.get(id);
    if (!job) throw notFound(`job '${id}' not found`);
    return job;
  }

  /** Start (or restart) the driver of a job whose directory holds its plan. */
  run(job: Job, reason: string): void {
    const run = newRunning();
    this.running.set(job.id, run);
    this.store.update(job.id, { state: "running", error: null, finishedAt: null, attempts: job.attempts + 1, startedAt: job.startedAt ?? new Date().toISOString() }, true);
    this.store.addEvent(job.id, "run", reason);
    this.changed(job.id);
    run.handle = this.runnerOf(job).start(job, this.store.dir(job.id), this.hooks(job.id, run));
  }

  private counts(ev: DriverEvent): Partial<Job> {
    const patch: Record<string, number> = {};
    for (const k of COUNT_FIELDS) if (typeof ev[k] === "number") patch[k] = ev[k] as number;
    return patch as Partial<Job>;
  }

  private tracker(id: string): FragmentTracker {
    let t = this.trackers.get(id);
    if (!t) {
      t = new FragmentTracker(this.store.dir(id), this.store.get(id)?.failedFragments);
      this.trackers.set(id, t);
    }
    return t;
  }

  fragments(id: string): FragmentsView {
    this.get(id);
    return this.tracker(id).view();
  }

  /** Keep ≤1 sample a second; when full, halve the resolution of the past. */
  private sample(job: Job, force = false): void {
    const series = (job.series ??= []);
    const now = Date.now();
    const last = series[series.length - 1];
    if (!force && last && now - last[0] < SAMPLE_MS) return;
    series.push([now, job.rowsCheckpointed]);
    if (series.length > SERIES_MAX) job.series = series.filter((_, i) => i % 2 === 0 || i === series.length - 1);
  }

  private onDriverEvent(id: string, run: Running, ev: DriverEvent, replay = false): void {
    const patch = this.counts(ev);
    const tracker = this.tracker(id);
    if (replay) {
      // Already in the record before a restart: rebuild progress only.
      if (ev.event === "started") tracker.started(ev.doneByFragment as [number, number][] | undefined);
      else if (ev.event === "batch") tracker.batchDone(ev.fragment as number);
      else if (ev.event === "commit") tracker.commit((ev.committedFragments as number[]) ?? []);
      else if (ev.event === "fragment_failed") tracker.fail(ev.fragment as number);
      this.store.update(id, patch);
      return;
    }
    switch (ev.event) {
      case "started":
        tracker.started(ev.doneByFragment as [number, number][] | undefined);
        this.store.update(id, patch, true);
        this.store.addEvent(id, "started",
          `Driver started (pid ${ev.pid})${hostNote(ev.host)}: ${ev.batches} batches, ${ev.batchesDone} already checkpointed, ${ev.fragmentsCommitted}/${ev.fragments} fragments committed`);
        break;
      case "batch":
        tracker.batchDone(ev.fragment as number);
        this.sample(this.store.update(id, patch));
        break;
      case "commit": {
        const frags = (ev.committedFragments as number[]) ?? [];
        tracker.commit(frags);
        this.sample(this.store.update(id, patch, true), true);
        this.store.addEvent(id, "commit", `Committed ${frags.length} fragment(s) as table version ${ev.version} (${ev.bytes} bytes, ${ev.ms} ms)`);
        break;
      }
      case "worker":
        this.store.addEvent(id, "worker", ev.state === "died"
          ? `Worker ${ev.worker} died (${ev.exitCode !== undefined ? `exit ${ev.exitCode}` : String(ev.reason ?? "lost")}); ${ev.requeued} batch(es) re-queued`
          : `Worker ${ev.worker} ready (pid ${ev.pid}${ev.node ? `, node ${ev.node}` : ""})`, ev.state === "died");
        break;
      case "fragment_failed":
        tracker.fail(ev.fragment as number);
        this.store.update(id, { failedFragments: [...(this.get(id).failedFragments ?? []), ev.fragment as number] });
        this.store.addEvent(id, "fragment_failed", `Fragment ${ev.fragment}: ${ev.message}`);
        break;
      case "failed":
        run.finalState = "failed";
        this.store.update(id, { ...patch, state: "failed", error: String(ev.error), finishedAt: new Date().toISOString() }, true);
        this.store.addEvent(id, "failed", String(ev.error));
        break;
      case "succeeded":
        run.finalState = "succeeded";
        this.store.update(id, { ...patch, state: "succeeded", finishedAt: new Date().toISOString() }, true);
        this.store.addEvent(id, "succeeded", `Succeeded: ${ev.rowsCommitted} rows committed, ${ev.rowsFailed} failed or skipped`);
        break;
    }
    this.changed(id);
  }

  private onExit(id: string, run: Running, code: number | null, signal: NodeJS.Signals | null, reason?: string): void {
    if (this.running.get(id) === run) this.running.delete(id);
    run.markExited();
    const job = this.store.get(id);
    if (!job) return;
    if (run.cancelRequested && run.finalState !== "succeeded") {
      this.store.update(id, { state: "cancelled", finishedAt: new Date().toISOString() }, true);
      this.store.addEvent(id, "cancelled", "Cancelled: driver and workers stopped; committed fragments stay, checkpoints are kept for resume");
    } else if (!run.finalState) {
      const why = reason ?? (signal ? `signal ${signal}` : `exit code ${code}`);
      this.store.update(id, { state: "failed", error: `driver exited unexpectedly (${why}); resume to continue from checkpoints`, finishedAt: new Date().toISOString() }, true);
      this.store.addEvent(id, "failed", `Driver exited unexpectedly (${why})`);
    }
    this.changed(id);
  }

  cancel(id: string): Job {
    const job = this.get(id);
    if (!canCancel(job.state)) throw conflict(`job '${id}' is already ${job.state}`);
    const run = this.running.get(id);
    if (run) {
      run.cancelRequested = true;
      this.store.addEvent(id, "cancel", "Cancel requested");
      run.handle.kill();
    } else {
      this.store.update(id, { state: "cancelled", finishedAt: new Date().toISOString() }, true);
      this.store.addEvent(id, "cancelled", "Cancelled before it ran");
      this.changed(id);
    }
    return job;
  }

  /** Resume requested by a user: a job that just reported failing may still have
   * its driver exiting (interpreter teardown, ~1 s); wait for it rather than 409. */
  async resumeWhenStopped(id: string): Promise<Job> {
    const job = this.get(id);
    const run = this.running.get(id);
    if (run && canResume(job.state)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([run.exited, new Promise<void>((r) => (timer = setTimeout(r, EXIT_WAIT_MS)))]);
      clearTimeout(timer);
    }
    return this.resume(id);
  }

  /** Continue a job from its checkpoints. After a restart, jobs still marked
   * running have no driver any more, so they may resume too. */
  resume(id: string, opts: { afterRestart?: boolean } = {}): Job {
    const job = this.get(id);
    if (this.running.has(id)) throw conflict(`job '${id}' is running`);
    if (!canResume(job.state) && !(opts.afterRestart && !isTerminal(job.state))) {
      throw conflict(`job '${id}' is ${job.state}; only failed or cancelled jobs can resume`);
    }
    const other = this.store.activeFor(job.table, job.column);
    if (other && other.id !== id) throw conflict(`job '${other.id}' is already running a backfill of ${job.table}.${job.column}`, { jobId: other.id });
    if (!fs.existsSync(path.join(this.store.dir(id), "plan.arrow"))) throw badRequest(`job '${id}' has no persisted plan to resume from`);
    this.run(job, opts.afterRestart ? "Resumed after a server restart" : "Resumed from checkpoints");
    return job;
  }

  /** Jobs that were running when the server stopped continue by themselves: a driver
   * still running on a cluster is followed again, any other job resumes. */
  recover(): string[] {
    const resumed: string[] = [];
    for (const job of this.store.list()) {
      if (!isTerminal(job.state) && !this.running.has(job.id) && job.ray && this.runners[job.runner]?.reattach) {
        void this.reattach(job);
        continue;
      }
      if (!isTerminal(job.state) && !this.running.has(job.id)) {
        try {
          this.resume(job.id, { afterRestart: true });
          resumed.push(job.id);
        } catch (e) {
          this.store.update(job.id, { state: "failed", error: `could not resume after restart: ${(e as Error).message}` }, true);
        }
      }
    }
    return resumed;
  }

  private async reattach(job: Job): Promise<void> {
    const run = newRunning();
    let killed = false;
    run.handle = { kill: () => (killed = true) }; // a cancel before the re-attach completes
    this.running.set(job.id, run);
    try {
      const handle = await this.runnerOf(job).reattach!(job, this.store.dir(job.id), this.hooks(job.id, run));
      if (handle) {
        run.handle = handle;
        this.store.addEvent(job.id, "run", `Re-attached after a server restart to Ray job ${job.ray?.submissionId}`);
        this.changed(job.id);
        if (killed) handle.kill();
        return;
      }
      this.running.delete(job.id);
      if (killed) {
        this.store.update(job.id, { state: "cancelled", finishedAt: new Date().toISOString() }, true);
        this.changed(job.id);
        return;
      }
      this.resume(job.id, { afterRestart: true });
    } catch (e) {
      if (this.running.get(job.id) === run) this.running.delete(job.id);
      const msg = `could not re-attach after a restart: ${(e as Error).message}; resume when the cluster is back`;
      this.store.update(job.id, { state: "failed", error: msg, finishedAt: new Date().toISOString() }, true);
      this.store.addEvent(job.id, "failed", msg);
      this.changed(job.id);
    }
  }

  errors(id: string, limit = 100): RowError[] {
    this.get(id);
    const file = path.join(this.store.dir(id), "errors.jsonl");
    if (!fs.existsSync(file)) return [];
    const out: RowError[] = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (!line) continue;
      try {
        const e = JSON.parse(line);
        out.push({
          jobId: e.jobId, rowAddress: e.rowAddress ?? null,
          fragment: e.rowAddress != null ? Math.floor(e.rowAddress / 2 ** 32) : null,
          errorType: e.errorType, message: e.message, traceback: e.traceback ?? "", action: e.action ?? "failed",
          attempts: e.attempts ?? 1, ts: e.ts,
        });
      } catch {
        // torn last line after a crash
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  private changed(id: string): void {
    this.events.publish(id, { kind: "change" });
  }

  shutdown(): void {
    this.store.flushAll();
  }
}

/** A driver that was a warm job host (job_host.py): it was started before its job. */
function hostNote(host: unknown): string {
  if (!host || typeof host !== "object") return "";
  const h = host as { warmWorkers?: number; startS?: number; idleS?: number };
  return ` on a warm host pre-started with ${h.warmWorkers} worker(s) (start-up ${Number(h.startS).toFixed(1)} s, idle ${Number(h.idleS).toFixed(1)} s before this job)`;
}
