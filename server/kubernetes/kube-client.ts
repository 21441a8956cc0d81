// A thin wrapper over @kubernetes/client-node (1.4.0: object params, plain JSON
// results): load the configuration the way kubectl does, then create, read,
// list and delete RayClusters and list their pods — every failure mapped by
// kubeError to a message that says what to do.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CoreV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { UserError } from "../errors";
import { kubeError, type Action, type KubeTarget } from "./kube-errors";

export const RAY_GROUP = "ray.io";
export const RAY_VERSION = "v1";
export const RAYCLUSTERS = "rayclusters";
const SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const CALL_TIMEOUT_MS = 15_000;

export type Loaded = { kc: KubeConfig; target: KubeTarget } | { error: string };

type K8s = typeof import("@kubernetes/client-node");
let k8sModule: Promise<K8s> | null = null;
/** Loaded on first use: importing @kubernetes/client-node costs 1.5–3.5 s, which server start-up should not pay. */
export function k8s(): Promise<K8s> {
  k8sModule ??= import("@kubernetes/client-node");
  return k8sModule;
}

/** kubectl's order: $KUBECONFIG (a path list, merged), ~/.kube/config, then in-cluster. Never client-node's localhost:8080 fallback. */
export async function loadKubeConfig(env: Record<string, string | undefined> = process.env, home = os.homedir()): Promise<Loaded> {
  const { KubeConfig } = await k8s();
  const kc = new KubeConfig();
  let source: string;
  try {
    if (env.KUBECONFIG) {
      source = `KUBECONFIG (${env.KUBECONFIG})`;
      const files = env.KUBECONFIG.split(path.delimiter).filter(Boolean);
      kc.loadFromFile(files[0]);
      for (const f of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(f);
        kc.mergeConfig(more);
      }
    } else if (fs.existsSync(path.join(home, ".kube", "config"))) {
      source = "~/.kube/config";
      kc.loadFromFile(path.join(home, ".kube", "config"));
    } else if (env.KUBERNETES_SERVICE_HOST && fs.existsSync(SERVICE_ACCOUNT_TOKEN)) {
      source = "in-cluster service account";
      kc.loadFromCluster();
    } else {
      return { error: "no Kubernetes configuration: set KUBECONFIG, create ~/.kube/config (e.g. with your cloud's `get-credentials`), or run the dashboard inside the cluster" };
    }
  } catch (e) {
    return { error: `the Kubernetes configuration could not be read: ${(e as Error).message}` };
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { error: `the Kubernetes configuration from ${source} has no current context with a cluster (kubectl config use-context <name>)` };
  const context = kc.getContextObject(kc.getCurrentContext());
  return {
    kc,
    target: { source, context: kc.getCurrentContext() || null, server: cluster.server, user: kc.getCurrentUser()?.name ?? null, namespace: context?.namespace || "default" },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the API server did not answer within ${ms / 1000} s`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export interface Pod {
  metadata: { name: string; labels?: Record<string, string>; creationTimestamp?: string };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { ready?: boolean; restartCount?: number; state?: Record<string, { reason?: string; message?: string }> }[] };
}

export class KubeClient {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(
    mod: K8s,
    readonly kc: KubeConfig,
    readonly target: KubeTarget,
    private readonly timeoutMs = CALL_TIMEOUT_MS,
  ) {
    this.custom = kc.makeApiClient(mod.CustomObjectsApi);
    this.core = kc.makeApiClient(mod.CoreV1Api);
  }

  private async call<T>(action: Action, fn: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(fn(), this.timeoutMs);
    } catch (e) {
      throw kubeError(e, action, this.target);
    }
  }

  private rc(verb: Action["verb"], namespace: string, name?: string): Action {
    return { verb, kind: "RayCluster", resource: "rayclusters.ray.io", namespace, name };
  }

  createRayCluster(namespace: string, body: object): Promise<any> {
    const name = (body as { metadata?: { name?: string } }).metadata?.name;
    return this.call(this.rc("create", namespace, name), () =>
      this.custom.createNamespacedCustomObject({ group: RAY_GROUP, version: RAY_VERSION, namespace, plural: RAYCLUSTERS, body }));
  }

  getRayCluster(namespace: string, name: string): Promise<any> {
    return this.call(this.rc("get", namespace, name), () =>
      this.custom.getNamespacedCustomObject({ group: RAY_GROUP, version: RAY_VERSION, namespace, plural: RAYCLUSTERS, name }));
  }

  async listRayClusters(namespace: string, labelSelector?: string): Promise<any[]> {
    const list = await this.call(this.rc("list", namespace), () =>
      this.custom.listNamespacedCustomObject({ group: RAY_GROUP, version: RAY_VERSION, namespace, plural: RAYCLUSTERS, labelSelector }));
    return (list as { items?: any[] }).items ?? [];
  }

  /** Deletes the RayCluster; its pods go with it (owner references, background propagation). */
  deleteRayCluster(namespace: string, name: string): Promise<unknown> {
    return this.call(this.rc("delete", namespace, name), () =>
      this.custom.deleteNamespacedCustomObject({ group: RAY_GROUP, version: RAY_VERSION, namespace, plural: RAYCLUSTERS, name, propagationPolicy: "Background" }));
  }

  async listPods(namespace: string, labelSelector: string): Promise<Pod[]> {
    const list = await this.call({ verb: "list", kind: "pods", resource: "pods", namespace }, () => this.core.listNamespacedPod({ namespace, labelSelector }));
    return (list.items ?? []) as unknown as Pod[];
  }
}

/** The client, or a 400 that says how to configure Kubernetes access (like an unreachable Ray cluster at registration). */
export async function kubeClient(loaded: Loaded): Promise<KubeClient> {
  if ("error" in loaded) throw new UserError(400, loaded.error);
  return new KubeClient(await k8s(), loaded.kc, loaded.target);
}
