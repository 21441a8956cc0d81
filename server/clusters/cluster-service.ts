// Register, inspect and remove Ray clusters; check that a cluster can run a
// UDF's workers before anything is submitted to it.
import { badRequest, conflict, notFound, UserError } from "../errors";
import { RayApi, RayApiError } from "../runners/ray/ray-api";
import type { RayNode } from "../runners/ray/ray-types";
import type { ClusterStore } from "./cluster-store";
import type { ClusterNode, ClusterRecord, ClusterView, WorkerGroup } from "./cluster-types";
import type { LocalRay } from "./local-ray";

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const STATUS_TIMEOUT_MS = 5000;

/** A Ray API failure as a user-facing error: unreachable → 502, token problems → 401/403 explained. */
export function clusterError(name: string, address: string, e: unknown, status?: number): UserError {
  if (e instanceof RayApiError || (e as RayApiError)?.name === "RayApiError") {
    const r = e as RayApiError;
    if (r.status === 0) return new UserError(status ?? 502, `cluster '${name}' is unreachable: ${r.message}`);
    if (r.status === 401) return new UserError(status ?? 401, `cluster '${name}' (${address}) requires a token (Ray token auth is on) and none was given`);
    if (r.status === 403) return new UserError(status ?? 403, `cluster '${name}' (${address}) rejected the token: invalid authentication token`);
    return new UserError(status ?? 502, `cluster '${name}' answered with an error: ${r.message}`);
  }
  return new UserError(status ?? 502, `cluster '${name}': ${(e as Error).message}`);
}

export interface ResourceNeeds {
  numCpus?: number | null;
  numGpus?: number | null;
  memory?: number | null;
}

/** The Ray options of a worker actor: resources to request and a label selector. */
export function workerRequest(needs: ResourceNeeds, group: WorkerGroup | null) {
  const resources: Record<string, number> = {};
  if ((needs.numCpus ?? 1) > 0) resources.CPU = needs.numCpus ?? 1;
  if ((needs.numGpus ?? 0) > 0) resources.GPU = needs.numGpus!;
  if (needs.memory) resources.memory = needs.memory;
  const custom: Record<string, number> = {};
  if (group && "resource" in group) custom[group.resource] = GROUP_RESOURCE_AMOUNT;
  return { resources: { ...resources, ...custom }, custom, labelSelector: group && "labels" in group ? group.labels : null };
}

/** A worker group given as a custom resource only places workers: each asks for a sliver of it. */
export const GROUP_RESOURCE_AMOUNT = 0.001;

/** Ray label selector values: "v", "!v", "in(a,b)", "!in(a,b)". */
export function labelMatches(labels: Record<string, string>, key: string, want: string): boolean {
  const have = labels[key];
  const m = /^(!?)in\((.*)\)$/.exec(want);
  if (m) {
    const set = m[2].split(",").map((s) => s.trim());
    const inSet = have !== undefined && set.includes(have);
    return m[1] ? !inSet : inSet;
  }
  if (want.startsWith("!")) return have !== want.slice(1);
  return have === want;
}

export class ClusterService {
  constructor(
    private readonly store: ClusterStore,
    private readonly localRay: LocalRay,
    private readonly isInUse: (name: string) => boolean = () => false,
  ) {}

  private view(rec: ClusterRecord): ClusterView {
    return { name: rec.name, kind: rec.kind, address: rec.address, hasToken: !!rec.token, installDeps: rec.installDeps, createdAt: rec.createdAt };
  }

  record(name: string): ClusterRecord {
    const rec = this.store.get(name);
    if (!rec) throw notFound(`cluster '${name}' not found`);
    return rec;
  }

  api(name: string, timeoutMs?: number): RayApi {
    const rec = this.record(name);
    return new RayApi({ address: rec.address, token: rec.token, timeoutMs });
  }

  async register(body: Record<string, unknown>): Promise<ClusterView> {
    const kind = body.kind ?? "ray";
    if (kind !== "ray" && kind !== "local-ray") throw badRequest(`kind must be "ray" or "local-ray"`);
    const name = body.name ?? (kind === "local-ray" ? "local-ray" : undefined);
    if (typeof name !== "string" || !NAME_RE.test(name)) throw badRequest("name is required: letters, digits, '.', '_' or '-', at most 63 characters");
    if (body.token !== undefined && body.token !== null && (typeof body.token !== "string" || !body.token)) throw badRequest("token must be a non-empty string");
    if (body.installDeps !== undefined && typeof body.installDeps !== "boolean") throw badRequest("installDeps must be a boolean");
    const existing = this.store.get(name);
    if (kind === "local-ray") {
      if (existing && existing.kind !== "local-ray") throw conflict(`cluster '${name}' already exists`);
      let head: { address: string; token: string };
      try {
        head = await this.localRay.ensure();
      } catch (e) {
        throw new UserError(500, `could not start a local Ray head: ${(e as Error).message}`);
      }
      const rec: ClusterRecord = { name, kind, ...head, installDeps: false, createdAt: existing?.createdAt ?? new Date().toISOString() };
      this.store.put(rec);
      return this.status(name);
    }
    if (existing) throw conflict(`cluster '${name}' already exists`);
    if (typeof body.address !== "string" || !body.address) throw badRequest("address is required: the Ray dashboard URL, e.g. http://127.0.0.1:8265");
    let url: URL;
    try {
      url = new URL(body.address);
    } catch {
      throw badRequest(`address '${body.address}' is not a URL; use the Ray dashboard URL, e.g. http://127.0.0.1:8265`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw badRequest("address must be an http:// or https:// dashboard URL");
    const address = url.origin + url.pathname.replace(/\/+$/, "");
    const token = typeof body.token === "string" ? body.token : undefined;
    const api = new RayApi({ address, token, timeoutMs: STATUS_TIMEOUT_MS });
    try {
      await api.version();
      await api.nodes();
    } catch (e) {
      const err = clusterError(name, address, e, 400);
      throw badRequest(err.message);
    }
    const rec: ClusterRecord = { name, kind: "ray", address, token, installDeps: body.installDeps === true, createdAt: new Date().toISOString() };
    this.store.put(rec);
    return this.status(name);
  }

  async list(): Promise<ClusterView[]> {
    return Promise.all(this.store.list().map((c) => this.status(c.name)));
  }

  /** The registry entry plus live health: Ray version and nodes. */
  async status(name: string): Promise<ClusterView> {
    const rec = this.record(name);
    const api = this.api(name, STATUS_TIMEOUT_MS);
    try {
      const [v, nodes, jobs] = await Promise.all([api.version(), api.nodes(), api.listJobs().catch(() => [])]);
      const running = jobs.filter((j) => j.status === "RUNNING" || j.status === "PENDING").map((j) => ({
        submissionId: j.submission_id, status: j.status, entrypoint: j.entrypoint, backfillJobId: j.metadata?.backfillStudioJob ?? null,
      }));
      return { ...this.view(rec), status: "up", rayVersion: v.ray_version, nodes: nodes.map(toNode), running };
    } catch (e) {
      return { ...this.view(rec), status: "down", error: clusterError(name, rec.address, e).message };
    }
  }

  async remove(name: string): Promise<void> {
    const rec = this.record(name);
    if (this.isInUse(name)) throw conflict(`cluster '${name}' has running jobs; cancel them first`);
    this.store.remove(name);
    if (rec.kind === "local-ray") await this.localRay.stop();
  }

  /** Alive nodes, or a clear 400/502 when the cluster cannot be used. */
  async aliveNodes(name: string): Promise<RayNode[]> {
    const rec = this.record(name);
    try {
      return (await this.api(name, STATUS_TIMEOUT_MS).nodes()).filter((n) => n.state === "ALIVE");
    } catch (e) {
      throw clusterError(name, rec.address, e, (e as RayApiError).status === 0 ? 400 : undefined);
    }
  }

  /** 400 unless at least one alive node can host a worker with these needs in this group. */
  async checkResources(name: string, needs: ResourceNeeds, group: WorkerGroup | null): Promise<void> {
    const nodes = await this.aliveNodes(name);
    if (!nodes.length) throw badRequest(`cluster '${name}' has no alive node`);
    const { resources, labelSelector } = workerRequest(needs, group);
    const fits = (n: RayNode, key: string, amount: number) => (n.resources_total[key] ?? 0) >= amount;
    const inGroup = (n: RayNode) => !labelSelector || Object.entries(labelSelector).every(([k, v]) => labelMatches(n.labels ?? {}, k, v));
    if (nodes.some((n) => inGroup(n) && Object.entries(resources).every(([k, a]) => fits(n, k, a)))) return;
    const where = labelSelector ? ` with labels ${Object.entries(labelSelector).map(([k, v]) => `${k}=${v}`).join(",")}` : "";
    const candidates = nodes.filter(inGroup);
    if (!candidates.length && labelSelector) {
      throw badRequest(`no alive node of cluster '${name}' matches the worker group: no node has labels ${Object.entries(labelSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(",")}`);
    }
    for (const [k, a] of Object.entries(resources)) {
      if (!candidates.some((n) => fits(n, k, a))) {
        const most = Math.max(0, ...candidates.map((n) => n.resources_total[k] ?? 0));
        const what = k === "memory" ? `memory ${a} bytes (the most on a node${where} is ${most})` : `${k} ${a} (the most on a node${where} is ${most})`;
        throw badRequest(`no alive node of cluster '${name}' can run the UDF's workers: they need ${what}`);
      }
    }
    throw badRequest(`no alive node of cluster '${name}'${where} has all of ${JSON.stringify(resources)} at once`);
  }
}

function toNode(n: RayNode): ClusterNode {
  return { id: n.node_id, alive: n.state === "ALIVE", head: n.is_head_node, ip: n.node_ip, resources: n.resources_total ?? {}, labels: n.labels ?? {},
    stateMessage: n.state_message };
}
