// Runs a job's driver on a Ray cluster through the Jobs REST API. The data
// plane travels as a content-addressed zip (runtime_env.py_modules); the driver
// is the same `python -m backfill_studio run-job <jobDir>` the local runner
// starts, with executor "ray" in params.json. Progress comes back through the
// job directory (events.jsonl, which the driver appends to) and Ray's job
// status; the driver's log through Ray's logs endpoint.
import { redact } from "../../secrets/secrets";
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../../errors";
import type { ClusterService } from "../../clusters/cluster-service";
import { clusterError } from "../../clusters/cluster-service";
import type { Job, RayJobInfo } from "../../jobs/job-types";
import type { DriverEvent, RunHandle, Runner, RunnerHooks } from "../runner";
import type { RayApi } from "./ray-api";
import type { LogTail } from "./ray-log-tail";
import { packagePython, type PythonPackage } from "./package-zip";
import { RAY_TERMINAL, type RayJobDetails, type RayRuntimeEnv } from "./ray-types";

const EVENTS_POLL_MS = 250;
const STATUS_POLL_MS = 1000;
const LOGS_POLL_MS = 1000;
/** After Ray says the job ended, wait this long for the last events to land. */
const FINAL_GRACE_MS = 1500;
/** Give up on a cluster that does not answer for this long (the job fails with the reason; resume later). */
const LOST_CONTACT_MS = 120_000;
/** How long a launch waits for Ray to start the driver, so runtime env failures are a 400
 * (BFS_RAY_SUBMIT_WAIT_S; a failure after that fails the job, with Ray's message). */
export const SUBMIT_WAIT_MS = Number(process.env.BFS_RAY_SUBMIT_WAIT_S ?? 60) * 1000;

/** The data plane's third-party deps, declared as runtime_env.pip when a cluster asks for it. */
export const DATA_PLANE_PIP = ["pylance==8.0.0", "pyarrow==26.0.1", "numpy==2.4.6"];

export interface RayRunnerOptions {
  pythonRoot: string;
}

interface Submission {
  submissionId: string;
  eventsOffset: number;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export class RayRunner implements Runner {
  readonly name = "ray";
  /** Submissions made by a launch (which waited for Ray to start them), picked up by start(). */
  private submitted = new Map<string, Submission>();
  private pkg: { key: string; pkg: PythonPackage } | null = null;

  constructor(
    private readonly clusters: ClusterService,
    private readonly opts: RayRunnerOptions,
  ) {}

  private pythonPackage(): PythonPackage {
    // Re-zip only when a source file changed (cheap key: paths, sizes, mtimes).
    const parts: string[] = [];
    const walk = (rel: string) => {
      for (const ent of fs.readdirSync(path.join(this.opts.pythonRoot, rel), { withFileTypes: true })) {
        if (ent.name === "__pycache__" || ent.name.startsWith(".")) continue;
        const r = `${rel}/${ent.name}`;
        if (ent.isDirectory()) walk(r);
        else {
          const st = fs.statSync(path.join(this.opts.pythonRoot, r));
          parts.push(`${r}:${st.size}:${st.mtimeMs}`);
        }
      }
    };
    walk("backfill_studio");
    walk("geneva");
    const key = parts.sort().join("\n");
    if (this.pkg?.key !== key) this.pkg = { key, pkg: packagePython(this.opts.pythonRoot, ["backfill_studio", "geneva"]) };
    return this.pkg.pkg;
  }

  private runtimeEnv(job: Job, pkg: PythonPackage): RayRuntimeEnv {
    const rec = this.clusters.record(job.cluster!);
    const pip = [...(rec.installDeps ? DATA_PLANE_PIP : []), ...(job.pip ?? [])];
    return {
      py_modules: [pkg.uri],
      env_vars: { LANCE_LOG: "error", PYTHONUNBUFFERED: "1", BFS_EVENTS: "file" },
      ...(pip.length ? { pip } : {}),
    };
  }

  /** Upload the package if the cluster lacks it, submit the driver, and (with waitMs) wait until
   * Ray runs it. A driver Ray could not start (runtime env, scheduling) is a 400 with Ray's message. */
  async submit(job: Job, jobDir: string, waitMs = SUBMIT_WAIT_MS): Promise<Submission> {
    const name = job.cluster!;
    const rec = this.clusters.record(name);
    const api = this.clusters.api(name, 30_000);
    const pkg = this.pythonPackage();
    let submissionId: string;
    const eventsOffset = fileSize(path.join(jobDir, "events.jsonl"));
    try {
      // GET first: it pins the package for 10 minutes, so it survives until the job references it.
      if (!(await api.hasPackage(pkg.name))) await api.putPackage(pkg.name, pkg.bytes);
      // attempts counts runs, and is already raised when a resume starts
      submissionId = `${job.id}-a${Math.max(1, job.attempts)}-${Date.now().toString(36)}`;
      await api.submitJob({
        submission_id: submissionId,
        entrypoint: `python -m backfill_studio run-job ${shellQuote(jobDir)}`,
        runtime_env: this.runtimeEnv(job, pkg),
        metadata: { backfillStudioJob: job.id, table: job.table, column: job.column },
      });
    } catch (e) {
      throw clusterError(name, rec.address, e, 400);
    }
    const sub = { submissionId, eventsOffset };
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      let d: RayJobDetails;
      try {
        d = await api.getJob(submissionId);
      } catch {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (d.status === "FAILED" && (!d.driver_exit_code || d.error_type !== "JOB_ENTRYPOINT_COMMAND_ERROR")) {
        const kind = d.error_type === "RUNTIME_ENV_SETUP_FAILURE" ? "could not set up the runtime environment" : `could not start the driver (${d.error_type ?? "FAILED"})`;
        throw new UserError(400, `Ray ${kind}: ${(d.message ?? "").trim().slice(-4000)}`, { rayJobId: submissionId, errorType: d.error_type });
      }
      if (d.status !== "PENDING") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return sub;
  }

  /** Launch path: submit and wait before the job exists; start() then follows it. */
  async presubmit(job: Job, jobDir: string): Promise<Submission> {
    const sub = await this.submit(job, jobDir);
    this.submitted.set(job.id, sub);
    return sub;
  }

  start(job: Job, jobDir: string, hooks: RunnerHooks): RunHandle {
    const follower = new Follower(this.clusters.api(job.cluster!, 10_000), jobDir, hooks);
    const pre = this.submitted.get(job.id);
    this.submitted.delete(job.id);
    (async () => {
      let sub = pre;
      if (!sub) {
        try {
          sub = await this.submit(job, jobDir);
        } catch (e) {
          hooks.onEvent({ event: "failed", ts: Date.now() / 1000, error: (e as Error).message });
          hooks.onExit(1, null);
          return;
        }
      }
      const info: RayJobInfo = { cluster: job.cluster!, submissionId: sub.submissionId, eventsOffset: sub.eventsOffset, eventsRead: sub.eventsOffset, logChars: 0 };
      hooks.onInfo?.({ ray: info }, true);
      hooks.onLog(`submitted to Ray cluster '${job.cluster}' as ${sub.submissionId}`);
      follower.follow(info);
    })();
    return { kill: () => follower.stop() };
  }

  /** After a server restart: follow the Ray job of this attempt if it still runs (or
   * finished with its events on disk). null: nothing to follow; the job resumes. */
  async reattach(job: Job, jobDir: string, hooks: RunnerHooks): Promise<RunHandle | null> {
    const info = job.ray;
    if (!info?.submissionId || !job.cluster) return null;
    const rec = this.clusters.record(job.cluster);
    const api = this.clusters.api(job.cluster, 10_000);
    let d: RayJobDetails;
    try {
      d = await api.getJob(info.submissionId);
    } catch (e) {
      if ((e as { status?: number }).status === 404) return null;
      throw clusterError(job.cluster, rec.address, e);
    }
    const eventsFile = path.join(jobDir, "events.jsonl");
    if (RAY_TERMINAL.has(d.status) && !terminalEventAfter(eventsFile, info.eventsOffset)) {
      // A newer driver may have been submitted just before the server stopped (a resume).
      const newer = (await api.listJobs().catch(() => [] as RayJobDetails[]))
        .find((j) => j.metadata?.backfillStudioJob === job.id && !RAY_TERMINAL.has(j.status) && j.submission_id);
      if (newer) {
        const next: RayJobInfo = { cluster: job.cluster, submissionId: newer.submission_id!, eventsOffset: info.eventsRead ?? fileSize(eventsFile), logChars: 0 };
        hooks.onInfo?.({ ray: next }, true);
        const follower = new Follower(api, jobDir, hooks);
        follower.follow(next, true);
        return { kill: () => follower.stop() };
      }
      hooks.onLog(`Ray job ${info.submissionId} ended (${d.status}: ${d.message ?? ""}) without a final event: resuming`);
      return null;
    }
    const follower = new Follower(api, jobDir, hooks);
    follower.follow(info, true);
    return { kill: () => follower.stop() };
  }
}

function terminalEventAfter(file: string, offset: number): boolean {
  try {
    return fs.readFileSync(file).subarray(offset).toString("utf8").split("\n").some((l) => /"event": "(succeeded|failed)"/.test(l));
  } catch {
    return false;
  }
}

const ANSI_SGR = /\x1b\[[0-9;]*m/g;

/** Follows one Ray submission: events from the job directory, status and logs from Ray. */
class Follower {
  private info!: RayJobInfo;
  private stopped = false;
  private stopRequested = false;
  private done = false;
  private lastContact = Date.now();
  private replayUntil = 0;
  private timers: NodeJS.Timeout[] = [];
  private tail: LogTail | null = null;
  /** Log text received live but not yet written: the start of a line still arriving. */
  private tailPartial = "";
  private eventsFile: string;
  private logFile: string;

  constructor(
    private readonly api: RayApi,
    private readonly jobDir: string,
    private readonly hooks: RunnerHooks,
  ) {
    this.eventsFile = path.join(jobDir, "events.jsonl");
    this.logFile = path.join(jobDir, "driver.log");
  }

  follow(info: RayJobInfo, reattached = false): void {
    this.info = { ...info };
    // Re-attached: events already folded before the restart are replayed quietly (they rebuild
    // counts and the fragment grid without repeating job events).
    this.replayUntil = reattached ? info.eventsRead ?? info.eventsOffset : 0;
    this.info.eventsRead = info.eventsOffset;
    if (this.stopRequested) void this.sendStop();
    this.timers.push(setInterval(() => this.readEvents(), EVENTS_POLL_MS));
    this.timers.push(setInterval(() => void this.pollStatus(), STATUS_POLL_MS));
    this.startTail();
  }

  /** Logs arrive live over Ray's tail WebSocket; if it cannot be used, poll the logs endpoint instead. */
  private startTail(): void {
    this.tailPartial = "";
    let received = 0;
    this.tail = this.api.tailLogs(this.info.submissionId, {
      onText: (text) => {
        const start = received;
        received += text.length;
        const have = (this.info.logChars ?? 0) + this.tailPartial.length;
        if (received <= have) return; // written before (a re-attach replays the log from its start)
        this.takeLog(text.slice(Math.max(0, have - start)));
      },
      onEnd: (error) => {
        this.tail = null;
        if (!error || this.stopped || this.done) return;
        this.tailPartial = "";
        this.hooks.onLog(`live log tail unavailable (${error.message}); polling Ray's logs endpoint instead`);
        this.timers.push(setInterval(() => void this.pollLogs(), LOGS_POLL_MS));
      },
    });
  }

  /** Write whole lines only; a partial last line waits for the rest. */
  private takeLog(text: string): void {
    const all = this.tailPartial + text;
    const nl = all.lastIndexOf("\n");
    if (nl < 0) {
      this.tailPartial = all;
      return;
    }
    this.tailPartial = all.slice(nl + 1);
    this.writeLog(all.slice(0, nl + 1));
  }

  private writeLog(raw: string): void {
    this.info.logChars = (this.info.logChars ?? 0) + raw.length; // counts Ray's text, before cleaning
    const chunk = redact(raw.replace(ANSI_SGR, "")); // Ray colours its "(BatchActor pid=…)" prefixes
    fs.appendFileSync(this.logFile, chunk.endsWith("\n") ? chunk : chunk + "\n");
    for (const line of chunk.split("\n")) if (line) this.hooks.onLog(line);
    this.hooks.onInfo?.({ ray: { ...this.info } }, false);
  }

  stop(): void {
    this.stopRequested = true;
    if (this.info) void this.sendStop();
  }

  private async sendStop(): Promise<void> {
    try {
      await this.api.stopJob(this.info.submissionId);
      this.hooks.onLog(`asked Ray to stop ${this.info.submissionId}`);
    } catch (e) {
      this.hooks.onLog(`could not stop Ray job ${this.info.submissionId}: ${(e as Error).message}`);
    }
  }

  private readEvents(): void {
    if (this.stopped) return;
    const size = fileSize(this.eventsFile);
    const from = this.info.eventsRead ?? this.info.eventsOffset;
    if (size <= from) return;
    const fd = fs.openSync(this.eventsFile, "r");
    const buf = Buffer.alloc(size - from);
    try {
      fs.readSync(fd, buf, 0, buf.length, from);
    } finally {
      fs.closeSync(fd);
    }
    const lines = buf.toString("utf8").split("\n");
    lines.pop(); // a partial last line is read again next time
    let consumed = from;
    for (const line of lines) {
      consumed += Buffer.byteLength(line, "utf8") + 1;
      if (!line.trim()) continue;
      let ev: DriverEvent;
      try {
        ev = JSON.parse(line) as DriverEvent;
      } catch {
        continue;
      }
      this.hooks.onEvent(ev, consumed <= this.replayUntil);
    }
    if (consumed === from) return;
    this.info.eventsRead = consumed;
    this.hooks.onInfo?.({ ray: { ...this.info } }, false);
  }

  private async pollStatus(): Promise<void> {
    if (this.stopped || this.done) return;
    let d: RayJobDetails;
    try {
      d = await this.api.getJob(this.info.submissionId);
      this.lastContact = Date.now();
    } catch (e) {
      if (Date.now() - this.lastContact > LOST_CONTACT_MS) {
        this.finish(null, `lost contact with the Ray cluster for ${LOST_CONTACT_MS / 1000} s (${(e as Error).message}); resume when it is back`);
      }
      return;
    }
    if (!RAY_TERMINAL.has(d.status)) return;
    this.done = true;
    setTimeout(() => {
      // the tail has delivered what it will; one last read of the whole log catches the rest
      this.tail?.close();
      this.tail = null;
      void this.pollLogs().finally(() => {
        this.readEvents();
        const reason = d.status === "SUCCEEDED" ? undefined : `Ray job ${d.status}${d.error_type ? ` (${d.error_type})` : ""}: ${(d.message ?? "").trim().slice(-2000)}`;
        this.finish(d.driver_exit_code ?? (d.status === "SUCCEEDED" ? 0 : 1), reason);
      });
    }, FINAL_GRACE_MS);
  }

  private async pollLogs(): Promise<void> {
    if (this.stopped) return;
    let logs: string;
    try {
      logs = await this.api.jobLogs(this.info.submissionId);
    } catch {
      return;
    }
    const seen = this.info.logChars ?? 0;
    if (logs.length <= seen) return;
    let chunk = logs.slice(seen);
    const lastNl = chunk.lastIndexOf("\n");
    if (lastNl < 0 && !this.done) return; // wait for a whole line
    if (!this.done) chunk = chunk.slice(0, lastNl + 1);
    this.tailPartial = "";
    this.writeLog(chunk);
  }

  private finish(code: number | null, reason?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.tail?.close();
    this.tail = null;
    if (reason) this.hooks.onLog(reason);
    this.hooks.onExit(code, null, reason);
  }
}
