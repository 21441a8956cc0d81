// KubeRay clusters from saved designs: create the RayCluster in a namespace,
// show its status (state, ready workers per group, head pod), connect the Ray
// runner to it (a port-forward to the head pod's dashboard, or the head
// service's in-cluster address, registered as a Ray cluster), delete it, and
// carry out each job's exit mode.
import { badRequest, conflict, isUserError, UserError } from "../errors";
import type { ClusterService } from "../clusters/cluster-service";
import type { ClusterConfig } from "./cluster-config";
import type { ClusterConfigService } from "./config-service";
import { validateAgainstCrd } from "./crd-schema";
import { ExitPlans, type EventsView, type JobsView } from "./exit-plans";
import { dns1035Label, dns1123Label } from "./k8s-names";
import { kubeClient, loadKubeConfig, type KubeClient, type Loaded, type Pod } from "./kube-client";
import { KubeStore, EXIT_MODES, type ExitMode, type ExitPlan, type KubeClusterRecord } from "./kube-store";
import { kubeRayRules } from "./kuberay-rules";
import { buildRayCluster, CONFIG_LABEL, CONFIG_VERSION_LABEL, DASHBOARD_PORT } from "./manifest";
import { DashboardForward } from "./port-forward";
import { MAX_NAME_LENGTH } from "./cluster-config";

export interface KubeInfo {
  configured: boolean;
  source?: string;
  context?: string | null;
  server?: string | null;
  user?: string | null;
  namespace?: string;
  error?: string;
}

export interface GroupStatus {
  name: string;
  desired: number;
  ready: number;
  pods: number;
  min: number | null;
  max: number | null;
}

export interface RayClusterStatusView {
  namespace: string;
  name: string;
  state: string;
  reason: string | null;
  summary: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  head: { pod: string | null; ip: string | null; service: string | null; phase: string | null; ready: boolean };
  groups: GroupStatus[];
  readyWorkers: number;
  desiredWorkers: number;
  createdAt: string | null;
  resourceVersion: string | null;
  config: { name: string; version: number | null } | null;
  record: KubeClusterRecord | null;
  connection: { cluster: string; access: string; address: string | null; forwarding: boolean; lastError: string | null } | null;
}

const ready = (p: Pod) => p.status?.phase === "Running" && (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

export class KubeRayService {
  readonly store: KubeStore;
  readonly exitPlans: ExitPlans;
  private readonly forwards = new Map<string, DashboardForward>();

  constructor(
    private readonly opts: {
      stateDir: string;
      configs: ClusterConfigService;
      clusters: ClusterService;
      jobs: () => JobsView;
      events: EventsView;
      load?: () => Promise<Loaded>;
    },
  ) {
    this.store = new KubeStore(opts.stateDir);
    this.exitPlans = new ExitPlans(this.store, opts.jobs, opts.events, (plan) => this.deleteForPlan(plan));
  }

  private loaded(): Promise<Loaded> {
    return (this.opts.load ?? (() => loadKubeConfig()))();
  }

  private async client(): Promise<KubeClient> {
    return kubeClient(await this.loaded());
  }

  async info(): Promise<KubeInfo> {
    const l = await this.loaded();
    if ("error" in l) return { configured: false, error: l.error };
    return { configured: true, ...l.target };
  }

  list(): KubeClusterRecord[] {
    return this.store.clusters();
  }

  /** Create the RayCluster of a saved design (a version, default the latest) in a namespace. */
  async create(configName: string, body: Record<string, unknown>): Promise<{ record: KubeClusterRecord; object: unknown }> {
    const v = this.opts.configs.version(configName, optionalInt(body.version, "version"));
    const client = await this.client();
    const namespace = optionalString(body.namespace, "namespace") ?? v.config.namespace ?? client.target.namespace;
    const badNs = dns1123Label(namespace);
    if (badNs) throw badRequest(`namespace '${namespace}': ${badNs}`);
    const name = optionalString(body.name, "name") ?? v.config.name;
    const badName = dns1035Label(name, MAX_NAME_LENGTH);
    if (badName) throw badRequest(`name '${name}': ${badName} (KubeRay's RayCluster name rule)`);
    const manifest = buildRayCluster(v.config, { version: v.version, namespace, name });
    const issues = [...validateAgainstCrd(manifest), ...kubeRayRules(manifest)];
    if (issues.length) throw badRequest(`the manifest is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    const object = await client.createRayCluster(namespace, manifest);
    const record: KubeClusterRecord = {
      namespace, name, config: configName, configVersion: v.version, createdAt: new Date().toISOString(),
      context: client.target.context, server: client.target.server,
    };
    this.store.put(record);
    return { record, object };
  }

  async status(namespace: string, name: string): Promise<RayClusterStatusView> {
    checkTarget(namespace, name);
    const client = await this.client();
    const [rc, pods] = await Promise.all([client.getRayCluster(namespace, name), client.listPods(namespace, `ray.io/cluster=${name}`)]);
    const st = rc.status ?? {};
    const headPod = pods.find((p) => p.metadata.labels?.["ray.io/node-type"] === "head");
    const workers = pods.filter((p) => p.metadata.labels?.["ray.io/node-type"] === "worker");
    const groups: GroupStatus[] = (rc.spec?.workerGroupSpecs ?? []).map((g: Record<string, any>) => {
      const mine = workers.filter((p) => p.metadata.labels?.["ray.io/group"] === g.groupName);
      return { name: g.groupName, desired: g.replicas ?? 0, ready: mine.filter(ready).length, pods: mine.length, min: g.minReplicas ?? null, max: g.maxReplicas ?? null };
    });
    const readyWorkers = groups.reduce((a, g) => a + g.ready, 0);
    const desiredWorkers = groups.reduce((a, g) => a + g.desired, 0);
    const headReady = !!headPod && ready(headPod);
    const state = st.state ?? (rc.status ? "provisioning" : "pending");
    const summary = !rc.status
      ? "no status yet: waiting for the KubeRay operator (is it installed and watching this namespace?)"
      : `${state}: head ${headReady ? "ready" : headPod ? (headPod.status?.phase ?? "pending").toLowerCase() : "not created yet"}, ${readyWorkers}/${desiredWorkers} workers ready`;
    const record = this.store.find(namespace, name) ?? null;
    const fwd = this.forwards.get(`${namespace}/${name}`);
    const labels = rc.metadata?.labels ?? {};
    return {
      namespace, name, state, reason: st.reason ?? null, summary,
      conditions: (st.conditions ?? []).map((c: Record<string, string>) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })),
      head: {
        pod: st.head?.podName ?? headPod?.metadata.name ?? null, ip: st.head?.podIP ?? headPod?.status?.podIP ?? null,
        service: st.head?.serviceName ?? null, phase: headPod?.status?.phase ?? null, ready: headReady,
      },
      groups, readyWorkers, desiredWorkers,
      createdAt: rc.metadata?.creationTimestamp ?? null, resourceVersion: rc.metadata?.resourceVersion ?? null,
      config: labels[CONFIG_LABEL] ? { name: labels[CONFIG_LABEL], version: labels[CONFIG_VERSION_LABEL] ? Number(labels[CONFIG_VERSION_LABEL]) : null } : null,
      record,
      connection: record?.cluster ? { cluster: record.cluster, access: record.access ?? "port-forward", address: fwd?.address ?? null, forwarding: !!fwd, lastError: fwd?.lastError ?? null } : null,
    };
  }

  /**
   * Make the cluster usable by the Ray runner: a port-forward to the head pod's dashboard (8265) on
   * 127.0.0.1 — or, when this server runs inside the cluster, the head service's address — registered
   * as a Ray cluster (GET /api/clusters), checked by calling it.
   */
  async connect(namespace: string, name: string, body: Record<string, unknown>): Promise<{ cluster: string; address: string; access: string }> {
    const access = body.access ?? "port-forward";
    if (access !== "port-forward" && access !== "in-cluster") throw badRequest('access must be "port-forward" or "in-cluster"');
    const cluster = optionalString(body.cluster, "cluster") ?? `${namespace}.${name}`;
    const st = await this.status(namespace, name);
    if (!st.head.pod || !st.head.ready) throw conflict(`the head pod of RayCluster '${name}' is not ready yet (${st.summary}): wait for it, then connect`);
    let registered = true;
    try {
      this.opts.clusters.record(cluster);
    } catch {
      registered = false;
    }
    const mine = this.store.byCluster(cluster);
    const owned = registered && mine?.namespace === namespace && mine?.name === name;
    if (registered && !owned) throw conflict(`a Ray cluster named '${cluster}' is already registered: choose another name`);
    const client = await this.client();
    const key = `${namespace}/${name}`;
    await this.forwards.get(key)?.close();
    this.forwards.delete(key);
    let address: string;
    let fwd: DashboardForward | null = null;
    if (access === "in-cluster") {
      address = `http://${st.head.service ?? `${name}-head-svc`}.${namespace}.svc.cluster.local:${DASHBOARD_PORT}`;
    } else {
      fwd = new DashboardForward(client.kc, client.target, { namespace, pod: st.head.pod });
      await fwd.probe();
      address = await fwd.listen();
    }
    try {
      if (owned) await this.opts.clusters.remove(cluster);
      await this.opts.clusters.register({ name: cluster, kind: "ray", address });
    } catch (e) {
      await fwd?.close();
      const tunnel = fwd?.lastError ? ` (port-forward: ${fwd.lastError})` : "";
      throw new UserError(isUserError(e) ? e.status : 502, `${(e as Error).message}${tunnel}`);
    }
    if (fwd) this.forwards.set(key, fwd);
    const rec = this.store.find(namespace, name) ?? adopted(namespace, name, st, client);
    this.store.put({ ...rec, cluster, access, headPod: st.head.pod, ...(fwd ? { localPort: fwd.port } : { localPort: undefined }) });
    return { cluster, address, access };
  }

  /** Delete the RayCluster (and its registration and port-forward). Refused while a job runs on it. */
  async remove(namespace: string, name: string): Promise<{ deleted: string; existed: boolean }> {
    checkTarget(namespace, name);
    const rec = this.store.find(namespace, name);
    if (rec?.cluster && this.opts.jobs().usesCluster(rec.cluster)) {
      throw conflict(`jobs are running on '${rec.cluster}' (RayCluster ${namespace}/${name}): cancel them first, or let their exit mode delete it`);
    }
    let existed = true;
    try {
      await (await this.client()).deleteRayCluster(namespace, name);
    } catch (e) {
      if (!(isUserError(e) && e.status === 404 && rec)) throw e;
      existed = false; // already gone on the cluster: forget it here too
    }
    await this.disconnect(namespace, name);
    this.store.remove(namespace, name);
    this.exitPlans.clusterGone(namespace, name);
    return { deleted: `${namespace}/${name}`, existed };
  }

  private async disconnect(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    await this.forwards.get(key)?.close();
    this.forwards.delete(key);
    const rec = this.store.find(namespace, name);
    if (rec?.cluster) {
      try {
        await this.opts.clusters.remove(rec.cluster);
      } catch (e) {
        if (!(isUserError(e) && e.status === 404)) throw e;
      }
    }
  }

  private async deleteForPlan(plan: ExitPlan): Promise<string> {
    const r = await this.remove(plan.namespace, plan.name);
    return r.existed ? `RayCluster ${r.deleted} deleted (exit mode ${plan.mode})` : `RayCluster ${r.deleted} was already gone`;
  }

  /** The design behind a registered Ray cluster that came from Kubernetes, for checking a UDF before launch. */
  configOf(cluster: string): { config: ClusterConfig; name: string; version: number } | null {
    const rec = this.store.byCluster(cluster);
    if (!rec) return null;
    try {
      const v = this.opts.configs.version(rec.config, rec.configVersion);
      return { config: v.config, name: rec.config, version: v.version };
    } catch {
      return null;
    }
  }

  /** Record a job's exit mode; only for clusters this server created on Kubernetes. */
  planExit(jobId: string, cluster: string, mode: ExitMode): ExitPlan {
    const rec = this.store.byCluster(cluster);
    if (!rec) throw badRequest(`exitMode applies to clusters created on Kubernetes from a cluster configuration; '${cluster}' is not one`);
    return this.exitPlans.add(jobId, { cluster, namespace: rec.namespace, name: rec.name }, mode);
  }

  /** Whether restore() has port-forwards to reopen. */
  hasForwards(): boolean {
    return this.store.clusters().some((r) => r.access === "port-forward" && !!r.cluster);
  }

  /** After a restart: port-forwards on their old local ports (the registered addresses stay valid), exit plans followed again. */
  async restore(): Promise<void> {
    if (!this.hasForwards()) {
      this.exitPlans.resume();
      return;
    }
    const l = await this.loaded();
    for (const rec of this.store.clusters()) {
      if (rec.access !== "port-forward" || !rec.cluster || !rec.headPod || "error" in l) continue;
      const fwd = new DashboardForward(l.kc, l.target, { namespace: rec.namespace, pod: rec.headPod });
      try {
        await fwd.listen(rec.localPort ?? 0);
        this.forwards.set(`${rec.namespace}/${rec.name}`, fwd);
      } catch (e) {
        console.error(`[backfill-studio] could not restore the port-forward to ${rec.namespace}/${rec.name}: ${(e as Error).message}`);
      }
    }
    this.exitPlans.resume();
  }

  async shutdown(): Promise<void> {
    this.exitPlans.stop();
    for (const f of this.forwards.values()) await f.close();
    this.forwards.clear();
  }
}

/** A RayCluster created elsewhere (kubectl) but labelled as ours can still be connected. */
function adopted(namespace: string, name: string, st: RayClusterStatusView, client: KubeClient): KubeClusterRecord {
  return {
    namespace, name, config: st.config?.name ?? "", configVersion: st.config?.version ?? 0, createdAt: st.createdAt ?? new Date().toISOString(),
    context: client.target.context, server: client.target.server,
  };
}

/** Path parameters: a namespace (DNS-1123 label) and a RayCluster name (DNS-1035 label). */
function checkTarget(namespace: string, name: string): void {
  const badNs = dns1123Label(namespace);
  if (badNs) throw badRequest(`namespace '${namespace}': ${badNs}`);
  const badName = dns1035Label(name, MAX_NAME_LENGTH);
  if (badName) throw badRequest(`RayCluster name '${name}': ${badName}`);
}

export function parseExitMode(v: unknown): ExitMode | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || !EXIT_MODES.includes(v as ExitMode)) throw badRequest(`exitMode must be one of ${EXIT_MODES.join(", ")}`);
  return v as ExitMode;
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw badRequest(`${name} must be a string`);
  return v;
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw badRequest(`${name} must be a version number (1, 2, …)`);
  return v;
}

