// A real local Ray cluster for tests: a head and two worker nodes, each a
// `ray start --block` child process with its own ports, a bounded object store
// and one CPU, sharing a private temp root. Worker groups: `group=cpu` and
// `group=gpu-sim` (the latter also has the custom resource `gpu_sim: 1`).
// stop() ends every Ray process it started (SIGTERM, then SIGKILL of what is
// left, found by the cluster's private temp root in its command line).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, ROOT } from "./server";

const VENV_BIN = path.join(ROOT, ".venv", "bin");

export interface RayNodeInfo {
  id: string;
  head: boolean;
  labels: Record<string, string>;
  resources: Record<string, number>;
}

export interface RayTestCluster {
  address: string;
  token: string | null;
  tempDir: string;
  nodes: { head: RayNodeInfo; cpu: RayNodeInfo; gpuSim: RayNodeInfo };
  /** GET on the dashboard (with the token), parsed JSON. */
  get<T = any>(p: string): Promise<T>;
  /** SIGKILL the raylet of one node (a node crash). */
  killRaylet(nodeId: string): number;
  stop(): Promise<void>;
  log(): string;
}

function request(url: string, token: string | null): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, timeout: 5000 }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/** Pids whose command line contains `needle` (our cluster's private temp root). */
function pidsWith(needle: string): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes(needle)) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startRayCluster(opts: { token?: string } = {}): Promise<RayTestCluster> {
  const token = opts.token ?? null;
  // Short: Ray's unix socket paths live under it and must stay < 108 bytes.
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "bfsr-"));
  const [gcsPort, dashPort, clientPort, ...agentPorts] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const address = `http://127.0.0.1:${dashPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${VENV_BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    RAY_USAGE_STATS_ENABLED: "0",
    // 2 shared cores: the dashboard agent can take > 30 s to come up.
    RAY_agent_register_timeout_ms: "120000",
    // A lost node is declared dead in ~2 s instead of ~30 s.
    RAY_health_check_initial_delay_ms: "1000",
    RAY_health_check_period_ms: "500",
    RAY_health_check_timeout_ms: "1000",
    RAY_health_check_failure_threshold: "4",
    // Offline: a pip requirement that is not installed fails at once.
    PIP_NO_INDEX: "1",
    ...(token ? { RAY_AUTH_MODE: "token", RAY_AUTH_TOKEN: token } : {}),
  };
  const common = ["--block", "--num-cpus=1", "--object-store-memory=100000000", "--disable-usage-stats", `--temp-dir=${tempDir}`];
  const procs: ChildProcess[] = [];
  let logs = "";
  const startNode = (args: string[], name: string) => {
    const p = spawn(path.join(VENV_BIN, "ray"), ["start", ...args, ...common], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    p.stdout!.on("data", (d) => (logs += `[${name}] ${d}`));
    p.stderr!.on("data", (d) => (logs += `[${name}] ${d}`));
    procs.push(p);
    return p;
  };

  const stop = async () => {
    for (const p of [...procs].reverse()) if (p.exitCode === null && p.signalCode === null) p.kill("SIGTERM");
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && procs.some((p) => p.exitCode === null && p.signalCode === null)) await sleep(200);
    for (const p of procs) {
      if (p.exitCode === null && p.signalCode === null) {
        try {
          process.kill(-p.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }
    }
    // Anything of this cluster still alive (raylet, GCS, agents, workers) by its private temp root.
    for (let i = 0; i < 20; i++) {
      const left = pidsWith(tempDir);
      if (!left.length) break;
      for (const pid of left) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      await sleep(250);
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
  };

  try {
    startNode(["--head", `--port=${gcsPort}`, "--dashboard-host=127.0.0.1", `--dashboard-port=${dashPort}`,
      `--ray-client-server-port=${clientPort}`, `--dashboard-agent-listen-port=${agentPorts[0]}`], "head");
    const deadline = Date.now() + 150_000;
    while ((await request(`${address}/api/version`, token).catch(() => ({ status: 0 }))).status !== 200) {
      if (procs[0].exitCode !== null) throw new Error(`Ray head exited:\n${logs.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`Ray head did not come up:\n${logs.slice(-3000)}`);
      await sleep(300);
    }
    const gcs = `127.0.0.1:${gcsPort}`;
    let nodes: any[] = [];
    const aliveCount = async () => {
      const r = await request(`${address}/api/v0/nodes?limit=100&detail=true`, token).catch(() => null);
      if (r?.status === 200) nodes = JSON.parse(r.body).data.result.result;
      return nodes.filter((n) => n.state === "ALIVE").length;
    };
    // One node at a time, retried: on 2 busy cores a node that starts while another is
    // starting can miss Ray's fixed 30 s registration window.
    const workers: [string, string[]][] = [
      ["cpu", ["--labels=group=cpu", `--dashboard-agent-listen-port=${agentPorts[1]}`]],
      ["gpu-sim", ["--labels=group=gpu-sim", `--resources={"gpu_sim": 1}`, `--dashboard-agent-listen-port=${agentPorts[2]}`]],
    ];
    for (const [i, [name, args]] of workers.entries()) {
      for (let attempt = 1; ; attempt++) {
        const p = startNode([`--address=${gcs}`, ...args], name);
        while ((await aliveCount()) < i + 2 && p.exitCode === null && p.signalCode === null) {
          if (Date.now() > deadline) throw new Error(`Ray worker node ${name} did not join:\n${logs.slice(-3000)}`);
          await sleep(500);
        }
        if (nodes.filter((n) => n.state === "ALIVE").length >= i + 2) break;
        if (attempt >= 3) throw new Error(`Ray worker node ${name} failed to start:\n${logs.slice(-3000)}`);
        logs += `[${name}] start failed (attempt ${attempt}); retrying\n`;
      }
    }
    const info = (n: any): RayNodeInfo => ({ id: n.node_id, head: n.is_head_node, labels: n.labels, resources: n.resources_total });
    const alive = nodes.filter((n) => n.state === "ALIVE");
    const cluster: RayTestCluster = {
      address, token, tempDir,
      nodes: {
        head: info(alive.find((n) => n.is_head_node)),
        cpu: info(alive.find((n) => n.labels?.group === "cpu")),
        gpuSim: info(alive.find((n) => n.labels?.group === "gpu-sim")),
      },
      get: async (p) => {
        const r = await request(address + p, token);
        if (r.status !== 200) throw new Error(`GET ${p} → ${r.status}: ${r.body.slice(0, 500)}`);
        return JSON.parse(r.body);
      },
      killRaylet: (nodeId) => {
        const pid = pidsWith(`--node_id=${nodeId}`).find((p) => {
          try {
            return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("raylet");
          } catch {
            return false;
          }
        });
        if (!pid) throw new Error(`no raylet for node ${nodeId}`);
        process.kill(pid, "SIGKILL");
        return pid;
      },
      stop,
      log: () => logs,
    };
    return cluster;
  } catch (e) {
    await stop();
    throw e;
  }
}
