// "Local Ray": a Ray head on this machine, started from the project venv's
// `ray` as a child process of the server (`ray start --head --block`), with its
// dashboard on 127.0.0.1 at a free port. Its address and token are remembered in the state
// directory, so a restarted server reuses a head that is still up (and Ray jobs
// running on it are re-attached rather than restarted).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RayApi } from "../runners/ray/ray-api";
import { freePort } from "../net/free-port";
import { jobEnv } from "../secrets/secrets";

const START_TIMEOUT_MS = 180_000;

/** Only signal a pid that is still our `ray start` (pids get reused). */
function isRayStart(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmd.includes("ray") && cmd.includes("start") && cmd.includes("--head");
  } catch {
    return process.platform !== "linux";
  }
}

export interface LocalRayOptions {
  pythonBin: string;
  stateDir: string;
}

/** Where a local head answers, and its token. */
export interface LocalHead {
  address: string;
  token: string;
}

export class LocalRay {
  private child: ChildProcess | null = null;
  private starting: Promise<LocalHead> | null = null;
  private readonly stateFile: string;

  constructor(private readonly opts: LocalRayOptions) {
    this.stateFile = path.join(opts.stateDir, "local-ray.json");
  }

  /** A running local head, starting one if needed. */
  async ensure(): Promise<LocalHead> {
    const known = this.known();
    if (known && (await this.answers(known))) return known;
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private known(): LocalHead | null {
    try {
      const s = JSON.parse(fs.readFileSync(this.stateFile, "utf8"));
      return typeof s.address === "string" && typeof s.token === "string" ? { address: s.address, token: s.token } : null;
    } catch {
      return null;
    }
  }

  /** The dashboard answers and the head's raylet has registered (it answers /api/version first). */
  private async answers({ address, token }: LocalHead): Promise<boolean> {
    try {
      const api = new RayApi({ address, token, timeoutMs: 3000 });
      await api.version();
      return (await api.nodes()).some((n) => n.state === "ALIVE");
    } catch {
      return false;
    }
  }

  private async start(): Promise<LocalHead> {
    const venvBin = path.dirname(this.opts.pythonBin);
    const ray = path.join(venvBin, "ray");
    const [gcsPort, dashPort, agentPort] = [await freePort(), await freePort(), await freePort()];
    // Short, per-state-dir temp root: Ray's unix socket paths must stay < 108 chars.
    const tempDir = path.join(os.tmpdir(), `bfs-ray-${createHash("sha1").update(this.opts.stateDir).digest("hex").slice(0, 8)}`);
    const args = ["start", "--head", "--block", `--port=${gcsPort}`, `--dashboard-host=127.0.0.1`, `--dashboard-port=${dashPort}`,
      `--dashboard-agent-listen-port=${agentPort}`, `--num-cpus=${Math.max(1, os.cpus().length)}`, "--object-store-memory=200000000",
      "--disable-usage-stats", `--temp-dir=${tempDir}`];
    const logFile = path.join(this.opts.stateDir, "local-ray.log");
    fs.mkdirSync(this.opts.stateDir, { recursive: true });
    const log = fs.openSync(logFile, "a");
    // Token auth, always and explicitly: Ray ≥ 2.5x turns it on by itself when ~/.ray/auth_token
    // exists (any earlier `ray.init()` writes one), so "whatever the machine has" is not a mode.
    const token = randomBytes(24).toString("hex");
    const env: NodeJS.ProcessEnv = { ...jobEnv(), PATH: `${venvBin}${path.delimiter}${process.env.PATH ?? ""}`, RAY_USAGE_STATS_ENABLED: "0",
      RAY_agent_register_timeout_ms: "120000", RAY_AUTH_MODE: "token", RAY_AUTH_TOKEN: token };
    delete env.RAY_AUTH_TOKEN_PATH;
    const child = spawn(ray, args, {
      env,
      stdio: ["ignore", log, log],
    });
    fs.closeSync(log);
    this.child = child;
    const head: LocalHead = { address: `http://127.0.0.1:${dashPort}`, token };
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code, sig) => reject(new Error(`the local Ray head exited (${sig ?? `code ${code}`}) while starting; see ${logFile}`))));
    exited.catch(() => undefined);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const ok = await Promise.race([this.answers(head), exited]);
      if (ok) break;
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
        throw new Error(`the local Ray head did not answer within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    // holds the token: readable by the server's user only
    fs.writeFileSync(this.stateFile, JSON.stringify({ ...head, pid: child.pid, startedAt: new Date().toISOString() }), { mode: 0o600 });
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    return head;
  }

  /** Stop the head this process (or an earlier server process) started. */
  async stop(): Promise<void> {
    let pid: number | undefined = this.child?.pid;
    if (!pid) {
      try {
        pid = JSON.parse(fs.readFileSync(this.stateFile, "utf8")).pid;
      } catch {
        pid = undefined;
      }
    }
    fs.rmSync(this.stateFile, { force: true });
    if (!pid || !isRayStart(pid)) return;
    try {
      process.kill(pid, "SIGTERM"); // `ray start --block` stops its Ray processes on SIGTERM
    } catch {
      // already gone
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
}
