// Pre-started `python -m backfill_studio serve --sandbox` processes that run
// user code (preview, validate, add/replace a UDF column), one request at a
// time each. A process limits its own memory and processes before any user
// code runs (python/backfill_studio/sandbox.py); here each runs in its own
// session with a scrubbed environment, a wall-time limit and a cap on the
// bytes it may send back. After any failure (timeout, crash, exit, a limit)
// its whole process group is killed and a fresh one takes its place, so one
// user's fork bomb or endless loop costs the others nothing but a slot.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors";
import type { PythonEnv } from "./python-process";
import { sandboxEnv, type SandboxLimits } from "./sandbox-config";

export interface SandboxInfo {
  /** How the process limit is enforced: a pids cgroup, RLIMIT_NPROC, or not at all (root without cgroups). */
  procLimit?: "cgroup" | "rlimit" | "none";
  cgroup?: string | null;
  dataLimit?: number;
}

interface Reply {
  id: number | null;
  result?: unknown;
  error?: { status: number; message: string; details?: unknown };
  recycle?: boolean;
}

const LABEL: Record<string, string> = { preview: "the preview", validate: "validation", addColumn: "adding the column", replaceUdf: "replacing the UDF" };
const SIGNALS: Record<string, string> = {
  SIGSEGV: "segmentation fault", SIGBUS: "bus error", SIGABRT: "aborted", SIGFPE: "arithmetic error", SIGILL: "illegal instruction",
  SIGKILL: "killed from outside the server, perhaps by the out-of-memory killer", SIGXCPU: "CPU time limit", SIGXFSZ: "file size limit",
};
const OOM_TEXT = /memory allocation of \d+ bytes failed|MemoryError|std::bad_alloc|out of memory/i;

export function memoryText(mb: number): string {
  return mb % 1024 === 0 ? `${mb / 1024} GiB` : `${mb} MiB`;
}

class SandboxWorker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  info: SandboxInfo = {};
  isReady = false;
  dead = false;
  startError: Error | null = null;
  private current: { resolve: (r: Reply) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout } | null = null;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private dropping = false;
  private stderrTail = "";
  private readonly maxLine: number;

  constructor(opts: PythonEnv, private readonly limits: SandboxLimits, onDead: (w: SandboxWorker) => void) {
    this.maxLine = limits.maxOutputMb * 1024 * 1024 + 64 * 1024; // the reply's envelope on top
    this.child = spawn(opts.pythonBin, ["-m", "backfill_studio", "serve", "--sandbox"], {
      env: sandboxEnv(process.env, limits, opts.pythonPath) as unknown as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true, // its own session and process group: killed as a whole
    });
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.ready.catch(() => undefined);
    this.child.stdin.on("error", () => undefined); // EPIPE after a crash: the exit handler reports it
    this.child.stderr.on("data", (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-4000)));
    this.child.stdout.on("data", (chunk: Buffer) => this.onStdout(chunk, readyResolve));
    const gone = (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.dead) return;
      this.dead = true;
      if (!this.isReady) {
        this.startError ??= new Error(`the preview sandbox exited at start (${signal ?? code}): ${this.stderrTail.trim().split("\n").slice(-3).join(" | ")}`);
        readyReject(this.startError);
      }
      this.killGroup();
      this.finish(null, this.exitError(code, signal));
      this.sweepCgroup();
      onDead(this);
    };
    this.child.once("error", (e) => {
      this.startError ??= new Error(`cannot start Python (${opts.pythonBin}): ${e.message}`);
      if (this.child.pid === undefined) gone(null, null); // never started: no exit event follows
    });
    this.child.once("exit", gone);
  }

  /** Split stdout into lines, refusing (not buffering) a line over the output cap. */
  private onStdout(chunk: Buffer, onReady: () => void): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (!this.dropping) {
        this.partBytes += piece.length;
        if (this.partBytes > this.maxLine) {
          this.dropping = true;
          this.parts = [];
          this.fail(new UserError(422, `output larger than ${this.limits.maxOutputMb} MB: the UDF process sent more than that back`));
        } else this.parts.push(piece);
      }
      if (nl < 0) return;
      const line = this.dropping ? null : Buffer.concat(this.parts).toString("utf8");
      this.parts = [];
      this.partBytes = 0;
      this.dropping = false;
      start = nl + 1;
      if (line !== null) this.onLine(line, onReady);
    }
  }

  private onLine(line: string, onReady: () => void): void {
    let msg: Reply;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours (user code writing to the reply fd): ignore
    }
    if (!this.isReady) {
      if (msg.id === null && msg.result && (msg.result as { ready?: boolean }).ready) {
        this.info = ((msg.result as { sandbox?: SandboxInfo }).sandbox ?? {}) as SandboxInfo;
        this.isReady = true;
        onReady();
      }
      return;
    }
    if (msg.id !== null) this.finish(msg, null);
  }

  private finish(reply: Reply | null, err: Error | null): void {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    clearTimeout(cur.timer);
    if (reply) cur.resolve(reply);
    else cur.reject(err!);
  }

  /** End the current request with `err` and kill the process group. */
  fail(err: Error): void {
    this.finish(null, err);
    this.kill();
  }

  request(method: string, params: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<Reply> {
    const what = LABEL[method] ?? method;
    return new Promise<Reply>((resolve, reject) => {
      if (this.dead) return reject(new UserError(503, `${what}: the sandbox process is gone; try again`));
      const timer = setTimeout(() => {
        const secs = +(timeoutMs / 1000).toFixed(1);
        // A fork bomb that keeps retrying never returns: say what it hit, not just that time ran out.
        this.fail(this.forkLimitHit()
          ? new UserError(422, `the UDF tried to start more than ${this.limits.maxProcs} processes (the preview process limit); stopped after ${secs} s`)
          : new UserError(408, `${what} timed out after ${secs} s (the UDF, its setup or its module body may hang)`));
      }, timeoutMs);
      this.current = { resolve, reject, timer };
      this.stderrTail = "";
      if (signal?.aborted) return this.fail(new UserError(499, `${what} cancelled by the client`));
      signal?.addEventListener("abort", () => this.current?.resolve === resolve && this.fail(new UserError(499, `${what} cancelled by the client`)), { once: true });
      this.child.stdin.write(JSON.stringify({ id: 1, method, params }) + "\n");
    });
  }

  private exitError(code: number | null, signal: NodeJS.Signals | null): UserError {
    const tail = this.stderrTail.trim().split("\n").slice(-5).join("\n");
    const details = tail ? { stderr: tail } : undefined;
    if (OOM_TEXT.test(this.stderrTail) && signal !== "SIGSEGV") {
      return new UserError(422, `the UDF exceeded the ${memoryText(this.limits.memoryMb)} memory limit (its process ${signal ? `ended with ${signal}` : `exited with code ${code}`})`, details);
    }
    if (signal) return new UserError(422, `the UDF process crashed with ${signal}${SIGNALS[signal] ? ` (${SIGNALS[signal]})` : ""}`, details);
    return new UserError(422, `the UDF process exited with code ${code}`, details);
  }

  /** Whether the pids cgroup refused a fork (only known with procLimit "cgroup"). */
  private forkLimitHit(): boolean {
    if (!this.info.cgroup) return false;
    try {
      return Number(/^max (\d+)/m.exec(fs.readFileSync(path.join(this.info.cgroup, "pids.events"), "utf8"))?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  kill(): void {
    this.killGroup();
    this.sweepCgroup();
  }

  private killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, "SIGKILL"); // the process and everything it forked
    } catch {
      // the group is gone already
    }
  }

  /** Processes that left the group (setsid) are still in the cgroup: kill them, then remove it. */
  private sweepCgroup(): void {
    const cg = this.info.cgroup;
    if (!cg || !this.dead) return;
    const deadline = Date.now() + 3000;
    const sweep = () => {
      let pids: number[] = [];
      try {
        pids = fs.readFileSync(path.join(cg, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
      } catch {
        return; // removed already
      }
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // exited meanwhile
        }
      }
      try {
        fs.rmdirSync(cg);
      } catch {
        if (Date.now() < deadline) setTimeout(sweep, 50);
      }
    };
    sweep();
  }
}

/** A fixed number of sandbox processes; a request takes an idle one or waits. */
export class SandboxPool {
  private workers = new Set<SandboxWorker>();
  private free: SandboxWorker[] = [];
  private waiters: { resolve: (w: SandboxWorker) => void; reject: (e: Error) => void }[] = [];
  private lastInfo: SandboxInfo = {};
  private stopped = false;

  constructor(private readonly opts: PythonEnv, readonly limits: SandboxLimits) {}

  private spawnWorker(): void {
    const w = new SandboxWorker(this.opts, this.limits, (dead) => this.onDead(dead));
    this.workers.add(w);
    w.ready.then(() => {
      this.lastInfo = w.info;
      this.hand(w);
    }, () => undefined);
  }

  private hand(w: SandboxWorker): void {
    if (w.dead) return;
    const next = this.waiters.shift();
    if (next) next.resolve(w);
    else this.free.push(w);
  }

  private onDead(w: SandboxWorker): void {
    this.workers.delete(w);
    this.free = this.free.filter((x) => x !== w);
    if (this.stopped) return;
    if (!w.isReady) this.waiters.shift()?.reject(w.startError ?? new Error("the preview sandbox did not start"));
    // Keep the pool warm after a failure; after a failed start, only for someone waiting.
    if (this.workers.size < this.limits.workers && (w.isReady || this.waiters.length)) this.spawnWorker();
  }

  private acquire(): Promise<SandboxWorker> {
    const idle = this.free.pop();
    if (idle) return Promise.resolve(idle);
    const p = new Promise<SandboxWorker>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.workers.size < this.limits.workers) this.spawnWorker();
    return p;
  }

  async request<T>(method: string, params: Record<string, unknown>, timeoutMs?: number, signal?: AbortSignal): Promise<T> {
    const w = await this.acquire();
    let reply: Reply | null = null;
    try {
      reply = await w.request(method, params, timeoutMs ?? this.limits.timeoutMs, signal);
    } finally {
      if (w.dead || !reply || reply.recycle) w.kill(); // its exit hands the slot to a fresh process
      else this.hand(w);
    }
    if (reply.error) {
      const e = reply.error;
      if (e.status === 500) throw new Error(`python: ${e.message}`);
      throw new UserError(e.status, e.message, e.details ?? undefined);
    }
    return reply.result as T;
  }

  /** The limits, and how the process limit is enforced (known once a process started). */
  info() {
    const l = this.limits;
    return {
      timeoutS: l.timeoutMs / 1000, memoryMb: l.memoryMb, maxProcs: l.maxProcs, maxOutputMb: l.maxOutputMb, workers: l.workers,
      procLimit: this.lastInfo.procLimit ?? "unknown",
    };
  }

  warm(): void {
    while (this.workers.size < this.limits.workers) this.spawnWorker();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers) w.kill();
  }
}
