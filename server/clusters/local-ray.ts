// "Local Ray": a Ray head on this machine, started from the project venv's
// `ray` as a child process of the server (`ray start --head --block`), with its
// dashboard on 127.0.0.1 at a free port. Its address is remembered in the state
// directory, so a restarted server reuses a head that is still up (and Ray jobs
// running on it are re-attached rather than restarted).
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { RayApi } from "../runners/ray/ray-api";

const START_TIMEOUT_MS = 180_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

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

export class LocalRay {
  private child: ChildProcess | null = null;
  private starting: Promise<string> | null = null;
  private readonly stateFile: string;

  constructor(private readonly opts: LocalRayOptions) {
    this.stateFile = path.join(opts.stateDir, "local-ray.json");
  }

  /** The dashboard address of a running local head, starting one if needed. */
  async ensure(): Promise<string> {
    const known = this.known();
    if (known && (await this.answers(known))) return known;
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private known(): string | null {
    try {
      return JSON.parse(fs.readFileSync(this.stateFile, "utf8")).address ?? null;
    } catch {
      return null;
    }
  }

  /** The dashboard answers and the head's raylet has registered (it answers /api/version first). */
  private async answers(address: string): Promise<boolean> {
    try {
      const api = new RayApi({ address, timeoutMs: 3000 });
      await api.version();
      return (await api.nodes()).some((n) => n.state === "ALIVE");
    } catch {
      return false;
    }
  }

  private async start(): Promise<string> {
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
    const child = spawn(ray, args, {
      env: { ...process.env, PATH: `${venvBin}${path.delimiter}${process.env.PATH ?? ""}`, RAY_USAGE_STATS_ENABLED: "0",
        RAY_agent_register_timeout_ms: "120000",
        // Ray >= 2.5x turns token auth on for `ray start` whenever ~/.ray/auth_token exists, and any local
        // `ray.init()` (a notebook, Geneva's local Ray) writes that file. The server calls its own head without a
        // token, so such a head would never answer. The dashboard listens on 127.0.0.1 only.
        RAY_AUTH_MODE: "disabled" },
      stdio: ["ignore", log, log],
    });
    fs.closeSync(log);
    this.child = child;
    const address = `http://127.0.0.1:${dashPort}`;
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code, sig) => reject(new Error(`the local Ray head exited (${sig ?? `code ${code}`}) while starting; see ${logFile}`))));
    exited.catch(() => undefined);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const ok = await Promise.race([this.answers(address), exited]);
      if (ok) break;
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
        throw new Error(`the local Ray head did not answer within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    fs.writeFileSync(this.stateFile, JSON.stringify({ address, pid: child.pid, startedAt: new Date().toISOString() }));
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    return address;
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
