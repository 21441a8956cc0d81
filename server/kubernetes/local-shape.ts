// "Try the shape for real on one machine": a design's groups as Ray nodes on
// this machine — a head plus ONE node per worker group (not its replicas), each
// a `ray start --block` child with the group's Ray labels, custom resources and
// env, RAY_NODE_TYPE_NAME set as KubeRay sets it (so `ray.io/node-group` is the
// group's name), its own ports and a 100 MB object store. CPUs and memory are
// capped to what the machine has; GPUs are logical (Ray schedules by them, no
// GPU is attached). The head is registered as a Ray cluster, so backfills run
// on the shape through the Ray runner and land on the group they target.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { conflict, notFound, UserError } from "../errors";
import type { ClusterService } from "../clusters/cluster-service";
import { RayApi } from "../runners/ray/ray-api";
import { freePort } from "../net/free-port";
import { HEAD_GROUP_NAME, type ClusterConfig, type GroupSpec } from "./cluster-config";
import type { ClusterConfigService } from "./config-service";
import { formatBytes, rayInteger } from "./quantity";

const OBJECT_STORE_BYTES = 100_000_000;
const START_TIMEOUT_MS = 240_000;
const NODE_JOIN_TIMEOUT_MS = 90_000;

export interface ShapeNodePlan {
  group: string;
  head: boolean;
  cpus: number;
  gpus: number;
  memory: number;
  labels: Record<string, string>;
  resources: Record<string, number>;
  env: Record<string, string>;
  /** What differs from the design on this machine. */
  notes: string[];
}

export interface Machine {
  cpus: number;
  memoryBytes: number;
}

/** The nodes a design becomes here. Pure. */
export function shapePlan(config: ClusterConfig, machine: Machine): { nodes: ShapeNodePlan[]; notes: string[] } {
  const notes = ["one Ray node per group (replicas are not reproduced)", "GPUs are logical: Ray schedules by them, but no GPU is attached", `object store: ${formatBytes(OBJECT_STORE_BYTES)} per node`];
  const node = (g: GroupSpec, group: string, head: boolean, runsTasks: boolean): ShapeNodePlan => {
    const n: string[] = [];
    const wantCpus = runsTasks ? rayInteger(g.cpus) ?? 1 : 0;
    const cpus = Math.min(wantCpus, machine.cpus);
    if (cpus < wantCpus) n.push(`${wantCpus} CPUs → ${cpus} (this machine has ${machine.cpus})`);
    const wantMem = rayInteger(g.memory) ?? 0;
    const memory = Math.min(wantMem, machine.memoryBytes);
    if (memory < wantMem) n.push(`memory ${formatBytes(wantMem)} → ${formatBytes(memory)} (this machine has ${formatBytes(machine.memoryBytes)})`);
    const labels = Object.fromEntries(Object.entries(g.labels ?? {}).filter(([, v]) => v !== ""));
    if (Object.keys(labels).length < Object.keys(g.labels ?? {}).length) n.push("labels with empty values are left out (ray start refuses them)");
    return { group, head, cpus, gpus: g.gpus ?? 0, memory, labels, resources: { ...(g.resources ?? {}) }, env: { ...(g.env ?? {}), RAY_NODE_TYPE_NAME: group }, notes: n };
  };
  const nodes = [node(config.head, HEAD_GROUP_NAME, true, config.head.runTasks === true)];
  for (const w of config.workerGroups) {
    if (w.maxReplicas === 0) notes.push(`worker group ${w.name} has maxReplicas 0: no node`);
    else nodes.push(node(w, w.name, false, true));
  }
  return { nodes, notes };
}

/** `ray start` flags of a node (ports and addresses added by the caller). */
export function rayStartArgs(n: ShapeNodePlan): string[] {
  const args = [`--num-cpus=${n.cpus}`, `--num-gpus=${n.gpus}`, `--memory=${Math.floor(n.memory)}`, `--object-store-memory=${OBJECT_STORE_BYTES}`];
  if (Object.keys(n.labels).length) args.push(`--labels=${Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(",")}`);
  if (Object.keys(n.resources).length) args.push(`--resources=${JSON.stringify(n.resources)}`);
  return args;
}

export interface ShapeView {
  config: string;
  version: number;
  cluster: string;
  state: "off" | "starting" | "up" | "failed" | "stopping";
  address: string | null;
  nodes: (ShapeNodePlan & { pid: number | null; up: boolean })[];
  notes: string[];
  error: string | null;
  startedAt: string;
  log: string;
}

interface Running {
  view: ShapeView;
  procs: ChildProcess[];
  tempDir: string;
  stopping: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pids whose command line contains the shape's private temp root (raylets, GCS, agents, workers). */
function pidsWith(needle: string): number[] {
  if (process.platform !== "linux") return [];
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

export class LocalShapes {
  private readonly running = new Map<string, Running>();
  private readonly stateFile: string;

  constructor(
    private readonly opts: { pythonBin: string; stateDir: string; configs: ClusterConfigService; clusters: ClusterService; machine?: Machine },
  ) {
    this.stateFile = path.join(opts.stateDir, "local-shapes.json");
  }

  /** Shapes started by an earlier server process (their temp roots), so a restart can clean them up. */
  private saved(): { config: string; cluster: string; tempDir: string }[] {
    try {
      return JSON.parse(fs.readFileSync(this.stateFile, "utf8")).shapes ?? [];
    } catch {
      return [];
    }
  }

  private save(shapes: { config: string; cluster: string; tempDir: string }[]): void {
    fs.mkdirSync(this.opts.stateDir, { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ shapes }));
    fs.renameSync(tmp, this.stateFile);
  }

  /** At start-up: a shape does not outlive the server that started it — stop what an earlier process left. */
  async cleanUpLeftovers(): Promise<void> {
    const left = this.saved();
    if (!left.length) return;
    for (const s of left) {
      try {
        await this.opts.clusters.remove(s.cluster);
      } catch {
        // not registered, or a recovered job still names it (that job then finds it unreachable)
      }
      await killTree(s.tempDir, []);
    }
    this.save([]);
  }

  private machine(): Machine {
    return this.opts.machine ?? { cpus: Math.max(1, os.cpus().length), memoryBytes: os.totalmem() };
  }

  /** The shape of a saved configuration; state "off" when none runs (404 only for an unknown configuration). */
  get(config: string): ShapeView {
    const r = this.running.get(config);
    if (r) return r.view;
    const v = this.opts.configs.version(config);
    return { config, version: v.version, cluster: `shape-${config}`, state: "off", address: null, nodes: [], notes: [], error: null, startedAt: "", log: "" };
  }

  list(): ShapeView[] {
    return [...this.running.values()].map((r) => r.view);
  }

  designOf(cluster: string): { config: ClusterConfig; name: string; version: number } | null {
    for (const r of this.running.values()) {
      if (r.view.cluster === cluster) {
        try {
          return { config: this.opts.configs.version(r.view.config, r.view.version).config, name: r.view.config, version: r.view.version };
        } catch {
          return null;
        }
      }
    }
    return null;
  }

  /** Start the shape in the background (it takes ~10–30 s per node); GET follows it. */
  start(configName: string, version?: number): ShapeView {
    const existing = this.running.get(configName);
    if (existing && existing.view.state !== "failed") throw conflict(`configuration '${configName}' already has a local shape (${existing.view.state}): stop it first`);
    if (existing) this.running.delete(configName);
    const v = this.opts.configs.version(configName, version);
    const { nodes, notes } = shapePlan(v.config, this.machine());
    const cluster = `shape-${configName}`;
    try {
      this.opts.clusters.record(cluster);
      throw conflict(`a Ray cluster named '${cluster}' is already registered: remove it first (DELETE /api/clusters/${cluster})`);
    } catch (e) {
      if ((e as UserError).status === 409) throw e;
    }
    const tempDir = path.join(os.tmpdir(), `bfs-shape-${createHash("sha1").update(`${this.opts.stateDir}/${configName}`).digest("hex").slice(0, 8)}`);
    fs.mkdirSync(tempDir, { recursive: true });
    const log = path.join(this.opts.stateDir, "local-shapes", `${configName}.log`);
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.writeFileSync(log, "");
    const run: Running = {
      view: { config: configName, version: v.version, cluster, state: "starting", address: null, nodes: nodes.map((n) => ({ ...n, pid: null, up: false })), notes, error: null, startedAt: new Date().toISOString(), log },
      procs: [], tempDir, stopping: false,
    };
    this.running.set(configName, run);
    this.save([...this.saved().filter((x) => x.config !== configName), { config: configName, cluster, tempDir }]);
    void this.boot(run).catch(async (e) => {
      if (run.stopping) return;
      run.view.error = (e as Error).message;
      run.view.state = "failed";
      await this.kill(run);
    });
    return run.view;
  }

  private spawnNode(run: Running, i: number, args: string[]): ChildProcess {
    const n = run.view.nodes[i];
    const venvBin = path.dirname(this.opts.pythonBin);
    const fd = fs.openSync(run.view.log, "a");
    const child = spawn(path.join(venvBin, "ray"), ["start", "--block", ...args, ...rayStartArgs(n), "--disable-usage-stats", `--temp-dir=${run.tempDir}`], {
      env: { ...process.env, ...n.env, PATH: `${venvBin}${path.delimiter}${process.env.PATH ?? ""}`, RAY_USAGE_STATS_ENABLED: "0", RAY_agent_register_timeout_ms: "120000" },
      stdio: ["ignore", fd, fd],
      detached: true, // its own process group: stop() can end every process of the node
    });
    fs.closeSync(fd);
    n.pid = child.pid ?? null;
    run.procs.push(child);
    return child;
  }

  private async boot(run: Running): Promise<void> {
    const [gcs, dash, client, agent] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const address = `http://127.0.0.1:${dash}`;
    const head = this.spawnNode(run, 0, ["--head", `--port=${gcs}`, "--dashboard-host=127.0.0.1", `--dashboard-port=${dash}`, `--ray-client-server-port=${client}`, `--dashboard-agent-listen-port=${agent}`]);
    const api = new RayApi({ address, timeoutMs: 3000 });
    const alive = async () => (await api.nodes().catch(() => [])).filter((n) => n.state === "ALIVE").length;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while ((await alive()) < 1) {
      if (run.stopping) return;
      if (head.exitCode !== null) throw new Error(`the head exited (code ${head.exitCode}); see ${run.view.log}`);
      if (Date.now() > deadline) throw new Error(`the head did not come up in ${START_TIMEOUT_MS / 1000} s; see ${run.view.log}`);
      await sleep(500);
    }
    run.view.nodes[0].up = true;
    run.view.address = address;
    // one node at a time: on a busy machine a node starting next to another can miss Ray's registration window
    for (let i = 1; i < run.view.nodes.length; i++) {
      const child = this.spawnNode(run, i, [`--address=127.0.0.1:${gcs}`, `--dashboard-agent-listen-port=${await freePort()}`]);
      const until = Date.now() + NODE_JOIN_TIMEOUT_MS;
      while ((await alive()) < i + 1) {
        if (run.stopping) return;
        if (child.exitCode !== null) throw new Error(`the node of group ${run.view.nodes[i].group} exited (code ${child.exitCode}); see ${run.view.log}`);
        if (Date.now() > until) throw new Error(`the node of group ${run.view.nodes[i].group} did not join in ${NODE_JOIN_TIMEOUT_MS / 1000} s; see ${run.view.log}`);
        await sleep(500);
      }
      run.view.nodes[i].up = true;
    }
    if (run.stopping) return;
    await this.opts.clusters.register({ name: run.view.cluster, kind: "ray", address });
    run.view.state = "up";
  }

  /** Unregister and stop every Ray process of the shape. Refused while a job runs on it. */
  async stop(configName: string): Promise<void> {
    const run = this.running.get(configName);
    if (!run) throw notFound(`configuration '${configName}' has no local shape running`);
    try {
      await this.opts.clusters.remove(run.view.cluster);
    } catch (e) {
      if ((e as UserError).status !== 404) throw e;
    }
    run.stopping = true;
    run.view.state = "stopping";
    await this.kill(run);
    this.running.delete(configName);
    this.save(this.saved().filter((x) => x.config !== configName));
  }

  private async kill(run: Running): Promise<void> {
    await killTree(run.tempDir, run.procs);
  }

  async shutdown(): Promise<void> {
    for (const name of [...this.running.keys()]) await this.stop(name).catch(() => undefined);
  }
}

/** SIGTERM the `ray start --block` children (they stop their node), then SIGKILL whatever of the shape is left. */
async function killTree(tempDir: string, procs: ChildProcess[]): Promise<void> {
  const live = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;
  for (const p of [...procs].reverse()) if (live(p)) p.kill("SIGTERM");
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && procs.some(live)) await sleep(200);
  for (const p of procs) {
    if (live(p) && p.pid) {
      try {
        process.kill(-p.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
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
}
