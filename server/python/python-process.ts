// One long-lived `python -m backfill_studio serve` process speaking JSON lines.
// Requests run one at a time; a request that exceeds its timeout kills the
// process (user code may hang) and the next request starts a fresh one.
import { jobEnv } from "../secrets/secrets";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import readline from "node:readline";
import { UserError } from "../errors";

export interface PythonEnv {
  pythonBin: string;
  pythonPath: string;
  env?: NodeJS.ProcessEnv;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class PythonProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  private ready: Promise<void> | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = "";
  busy = false;

  constructor(private readonly opts: PythonEnv) {}

  private start(): Promise<void> {
    const child = spawn(this.opts.pythonBin, ["-m", "backfill_studio", "serve"], {
      env: { ...jobEnv(), ...this.opts.env, PYTHONPATH: this.opts.pythonPath, PYTHONUNBUFFERED: "1", LANCE_LOG: "error", BFS_PARENT_PID: String(process.pid) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child = child;
    // Requests belong to the process they were sent to: a killed process's late exit
    // must not fail requests already sent to its replacement.
    const pending = new Map<number, Pending>();
    this.pending = pending;
    this.stderrTail = "";
    child.stderr.on("data", (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.once("error", (e) => reject(new Error(`cannot start Python (${this.opts.pythonBin}): ${e.message}`)));
      const rl = readline.createInterface({ input: child.stdout });
      let first = true;
      rl.on("line", (line) => {
        let msg: { id: number | null; result?: unknown; error?: { status: number; message: string; details?: unknown } };
        try {
          msg = JSON.parse(line);
        } catch {
          return;
        }
        if (first) {
          first = false;
          resolve();
          return;
        }
        const p = msg.id != null ? pending.get(msg.id) : undefined;
        if (!p) return;
        pending.delete(msg.id!);
        clearTimeout(p.timer);
        if (msg.error) {
          const e = msg.error;
          p.reject(e.status === 500 ? new Error(`python: ${e.message}`) : new UserError(e.status, e.message, e.details ?? undefined));
        } else p.resolve(msg.result);
      });
    });
    child.once("exit", (code, signal) => {
      if (this.child === child) {
        this.child = null;
        this.ready = null;
      }
      const why = new Error(`Python service exited (${signal ?? code}): ${this.stderrTail.trim().split("\n").slice(-3).join(" | ")}`);
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(why);
        pending.delete(id);
      }
    });
    return ready;
  }

  /** `signal`: the caller went away (client disconnected); stop the work now. */
  async request<T>(method: string, params: Record<string, unknown>, timeoutMs = 60_000, signal?: AbortSignal): Promise<T> {
    if (!this.ready) this.ready = this.start();
    await this.ready;
    const child = this.child!;
    const pending = this.pending;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const abandon = (err: Error) => {
        if (!pending.has(id)) return;
        clearTimeout(pending.get(id)!.timer);
        pending.delete(id);
        child.kill("SIGKILL"); // the request may be stuck in user code: start fresh
        // ...at once: the next request must not be written to the dying process.
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
        reject(err);
      };
      const timer = setTimeout(
        () => abandon(new UserError(408, `${method} timed out after ${Math.round(timeoutMs / 1000)} s (the UDF or its setup may hang)`)),
        timeoutMs,
      );
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      if (signal?.aborted) return abandon(new UserError(499, `${method} cancelled by the client`));
      signal?.addEventListener("abort", () => abandon(new UserError(499, `${method} cancelled by the client`)), { once: true });
      child.stdin.write(JSON.stringify({ id, method, params }) + "\n");
    });
  }

  /** Start the process ahead of the first request (imports take ~0.5 s). */
  warm(): void {
    if (!this.ready) this.ready = this.start().catch(() => undefined);
  }

  stop(): void {
    this.child?.kill("SIGKILL");
  }
}

/** A few processes; each request takes an idle one or waits for the first free. */
export class PythonPool {
  private procs: PythonProcess[];
  private waiters: ((p: PythonProcess) => void)[] = [];

  constructor(opts: PythonEnv, size = 2) {
    this.procs = Array.from({ length: size }, () => new PythonProcess(opts));
  }

  private acquire(): Promise<PythonProcess> {
    const idle = this.procs.find((p) => !p.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(p: PythonProcess): void {
    const next = this.waiters.shift();
    if (next) next(p);
    else p.busy = false;
  }

  async request<T>(method: string, params: Record<string, unknown>, timeoutMs?: number, signal?: AbortSignal): Promise<T> {
    const p = await this.acquire();
    try {
      return await p.request<T>(method, params, timeoutMs, signal);
    } finally {
      this.release(p);
    }
  }

  warm(): void {
    this.procs.forEach((p) => p.warm());
  }

  stop(): void {
    this.procs.forEach((p) => p.stop());
  }
}
