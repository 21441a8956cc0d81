// The Kubernetes client flow against the TEST-ONLY API server
// (test/helpers/fake-kube-api.ts), through the real @kubernetes/client-node:
// create, status (state, ready workers per group, head pod), connect through a
// real port-forward WebSocket to a stand-in dashboard, delete, exit modes, and
// each API-server failure (401, 403, 404, 409, 422, unreachable) as a message
// that says what to do. Not verified against a real Kubernetes cluster.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterService } from "@/server/clusters/cluster-service";
import { ClusterStore } from "@/server/clusters/cluster-store";
import { LocalRay } from "@/server/clusters/local-ray";
import { JobEvents } from "@/server/jobs/job-events";
import type { JobState } from "@/server/jobs/job-status";
import { RayApi } from "@/server/runners/ray/ray-api";
import { ClusterConfigService } from "@/server/kubernetes/config-service";
import { ConfigStore } from "@/server/kubernetes/config-store";
import { kubeClient, loadKubeConfig } from "@/server/kubernetes/kube-client";
import { KubeRayService } from "@/server/kubernetes/kuberay-service";
import { twoGroupConfig } from "../helpers/cluster-configs";
import { FAKE_TOKEN, kubeconfigYaml, startFakeDashboard, startFakeKube, type FakeKube } from "../helpers/fake-kube-api";
import { freePort, PYTHON, tempDir } from "../helpers/server";

let fake: FakeKube;
let dash: Awaited<ReturnType<typeof startFakeDashboard>>;
let stateDir: string;
let kube: KubeRayService;
let clusters: ClusterService;
const jobStates = new Map<string, { state: JobState; cluster: string }>();
const events = new JobEvents();
const jobs = {
  get: (id: string) => {
    const j = jobStates.get(id);
    if (!j) throw new Error("no job");
    return j;
  },
  usesCluster: (name: string) => [...jobStates.values()].some((j) => j.cluster === name && (j.state === "running" || j.state === "queued")),
};
const setJob = (id: string, state: JobState, cluster: string) => {
  jobStates.set(id, { state, cluster });
  events.publish(id, { kind: "change" });
};

async function failure(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return { status: (e as { status: number }).status, message: (e as Error).message };
  }
  throw new Error("expected a failure");
}

async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** GET on a new TCP connection (no keep-alive pool). */
function freshGet(address: string, p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(address + p, { agent: false }, (r) => {
      let body = "";
      r.on("data", (c) => (body += c));
      r.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

function service(load: Parameters<typeof loadKubeConfig>[0]) {
  const configs = new ClusterConfigService(new ConfigStore(stateDir));
  return new KubeRayService({ stateDir, configs, clusters, jobs: () => jobs, events, load: () => loadKubeConfig(load, stateDir) });
}

beforeAll(async () => {
  [fake, dash] = await Promise.all([startFakeKube({ namespace: "team-a" }), startFakeDashboard()]);
  fake.forwardTo.set(8265, dash.port);
  stateDir = tempDir("bfs-kuberay-");
  clusters = new ClusterService(new ClusterStore(stateDir), new LocalRay({ pythonBin: PYTHON, stateDir }), (n) => jobs.usesCluster(n));
  new ClusterConfigService(new ConfigStore(stateDir)).create({ ...twoGroupConfig("embeddings") });
  kube = service({ KUBECONFIG: fake.kubeconfig });
});

afterAll(async () => {
  await kube?.shutdown();
  await Promise.all([fake?.stop(), dash?.stop()]);
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

describe("KubeRay client flow (test-only API server)", () => {
  it("loads the kubeconfig from KUBECONFIG, and says what to do without one", async () => {
    expect(await kube.info()).toMatchObject({ configured: true, context: "fake-ctx", server: fake.url, namespace: "team-a", user: "tester" });
    const none = await service({}).info();
    expect(none).toMatchObject({ configured: false });
    expect(none.error).toMatch(/set KUBECONFIG, create ~\/\.kube\/config/);
  });

  it("creates the RayCluster, then 409 for the same name", async () => {
    const { record, object } = await kube.create("embeddings", {});
    expect(record).toMatchObject({ namespace: "team-a", name: "embeddings", config: "embeddings", configVersion: 1, context: "fake-ctx" });
    expect(object).toMatchObject({ apiVersion: "ray.io/v1", kind: "RayCluster", metadata: { name: "embeddings", namespace: "team-a", labels: { "backfill-studio.io/config-version": "1" } } });
    expect((object as any).metadata.uid).toBeTruthy();
    expect((object as any).metadata.resourceVersion).toMatch(/^\d+$/);
    expect(fake.rayclusters.get("team-a/embeddings").spec.workerGroupSpecs.map((g: any) => g.groupName)).toEqual(["cpu", "gpu"]);
    const dup = await failure(kube.create("embeddings", {}));
    expect(dup.status).toBe(409);
    expect(dup.message).toBe("a RayCluster named 'embeddings' already exists in namespace 'team-a': delete it first, or create this one under another name");
  });

  it("status: state, ready workers per group, head pod", async () => {
    const st = await until(() => kube.status("team-a", "embeddings"), (s) => s.state === "ready", "ready");
    expect(st.groups).toEqual([
      { name: "cpu", desired: 1, ready: 1, pods: 1, min: 0, max: 10 },
      { name: "gpu", desired: 0, ready: 0, pods: 0, min: 0, max: 4 },
    ]);
    expect(st.head).toMatchObject({ ready: true, phase: "Running", service: "embeddings-head-svc" });
    expect(st.head.pod).toMatch(/^embeddings-head-/);
    expect(st).toMatchObject({ readyWorkers: 1, desiredWorkers: 1, config: { name: "embeddings", version: 1 }, summary: "ready: head ready, 1/1 workers ready" });
    const missing = await failure(kube.status("team-a", "nope"));
    expect(missing).toMatchObject({ status: 404 });
    expect(missing.message).toMatch(/^no RayCluster 'nope' in namespace 'team-a'/);
  });

  it("connects the Ray runner through a port-forward to the head's dashboard", async () => {
    const res = await kube.connect("team-a", "embeddings", {});
    expect(res).toMatchObject({ cluster: "team-a.embeddings", access: "port-forward" });
    expect(res.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // the registered cluster answers through the tunnel: Ray version and nodes from the pod's 8265
    const view = await clusters.status("team-a.embeddings");
    expect(view).toMatchObject({ status: "up", rayVersion: "2.60.0", address: res.address });
    expect(dash.hits.some((h) => h.startsWith("/api/v0/nodes"))).toBe(true);
    expect(fake.requests.some((r) => r.method === "UPGRADE" && /\/pods\/embeddings-head-[^/]+\/portforward$/.test(r.path))).toBe(true);
    expect((await new RayApi({ address: res.address }).version()).ray_version).toBe("2.60.0");
    expect(kube.configOf("team-a.embeddings")).toMatchObject({ name: "embeddings", version: 1 });
    expect((await kube.status("team-a", "embeddings")).connection).toMatchObject({ cluster: "team-a.embeddings", forwarding: true });

    // a restarted server reopens the port-forward on the same local port: the registered address stays valid
    // (fresh connections, as a new server process would open: this process's keep-alive pool holds the old ones)
    await kube.shutdown();
    await expect(freshGet(res.address, "/api/version")).rejects.toThrow(/ECONNREFUSED/);
    kube = service({ KUBECONFIG: fake.kubeconfig });
    expect(kube.hasForwards()).toBe(true);
    await kube.restore();
    expect(JSON.parse(await freshGet(res.address, "/api/version")).ray_version).toBe("2.60.0");
    expect((await failure(kube.status("team-a", "Bad_Name"))).message).toMatch(/^RayCluster name 'Bad_Name'/);
  });

  it("port-forward errors: refused by RBAC, nothing listening in the pod, head not running", async () => {
    await kube.create("embeddings", { name: "pf-test" });
    await until(() => kube.status("team-a", "pf-test"), (s) => s.state === "ready", "ready");
    fake.forbidden.push({ verb: "create", resource: "pods/portforward", namespace: "team-a" });
    const rbac = await failure(kube.connect("team-a", "pf-test", {}));
    expect(rbac.status).toBe(403);
    expect(rbac.message).toMatch(/port-forward to pod 'pf-test-head-\w+' in namespace 'team-a' \(403 Forbidden\).*kubectl auth can-i create pods\/portforward -n team-a/);
    fake.forbidden.length = 0;

    fake.forwardTo.delete(8265); // the dashboard is not up inside the pod
    const refused = await failure(kube.connect("team-a", "pf-test", {}));
    expect(refused.message).toMatch(/unreachable.*\(port-forward: an error occurred forwarding 8265 -> 8265: .*connection refused\)/);
    fake.forwardTo.set(8265, dash.port);
    await expect(clusters.status("team-a.pf-test")).rejects.toMatchObject({ status: 404 }); // nothing half-registered

    for (const p of fake.pods.values()) if (p.metadata.labels["ray.io/cluster"] === "pf-test") p.status = { phase: "Pending" };
    const pending = await failure(kube.connect("team-a", "pf-test", {}));
    expect(pending.status).toBe(409);
    expect(pending.message).toMatch(/head pod of RayCluster 'pf-test' is not ready yet/);
    await kube.remove("team-a", "pf-test");
  });

  it("maps 403, 422, 404 (no CRD), 401 and an unreachable API server to what to do", async () => {
    fake.forbidden.push({ verb: "create", resource: "rayclusters", namespace: "prod" });
    const forbidden = await failure(kube.create("embeddings", { namespace: "prod" }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe(
      `Kubernetes refused to create RayCluster 'embeddings' in namespace 'prod' (403 Forbidden): rayclusters.ray.io is forbidden: User "system:serviceaccount:ci:backfill-studio" cannot create resource "rayclusters" in API group "ray.io" in the namespace "prod". ` +
        "Ask a cluster admin for RBAC permission to create rayclusters.ray.io in namespace 'prod' (check with: kubectl auth can-i create rayclusters.ray.io -n prod)",
    );
    fake.forbidden.length = 0;

    fake.policies.push((obj) => (obj.spec.workerGroupSpecs ?? []).flatMap((g: any, i: number) =>
      g.maxReplicas > 5 ? [{ field: `spec.workerGroupSpecs[${i}].maxReplicas`, message: "Forbidden: at most 5 workers per group in this namespace" }] : []));
    const invalid = await failure(kube.create("embeddings", { name: "policy-test" }));
    expect(invalid.status).toBe(422);
    expect(invalid.message).toMatch(/^Kubernetes rejected the RayCluster as invalid: spec\.workerGroupSpecs\[0\]\.maxReplicas: Forbidden: at most 5 workers per group in this namespace\. Fix the configuration/);
    fake.policies.length = 0;

    // the API server's own schema check answers 422 with field causes (bypassing our validation)
    const raw = await kubeClient(await loadKubeConfig({ KUBECONFIG: fake.kubeconfig }));
    const schema = await failure(raw.createRayCluster("team-a", { apiVersion: "ray.io/v1", kind: "RayCluster", metadata: { name: "raw" },
      spec: { headGroupSpec: { template: { spec: { containers: [{ name: "ray-head", resources: { limits: { memory: "8GB" } } }] } } } } }));
    expect(schema.status).toBe(422);
    expect(schema.message).toMatch(/spec\.headGroupSpec\.template\.spec\.containers\[0\]\.resources\.limits\.memory: Invalid value: not a valid Kubernetes quantity/);

    fake.crdInstalled = false;
    const noCrd = await failure(kube.create("embeddings", { name: "no-crd" }));
    expect(noCrd.status).toBe(404);
    expect(noCrd.message).toMatch(/does not serve rayclusters\.ray\.io: install the KubeRay operator/);
    fake.crdInstalled = true;

    const badToken = path.join(stateDir, "bad-token.yaml");
    fs.writeFileSync(badToken, kubeconfigYaml(fake.url, "team-a", "expired"));
    const unauthorized = await failure(service({ KUBECONFIG: badToken }).create("embeddings", {}));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).toMatch(/rejected the credentials of context 'fake-ctx' \(401 Unauthorized\).*refresh them/);
    expect(FAKE_TOKEN).not.toBe("expired");

    const closed = `http://127.0.0.1:${await freePort()}`;
    const deadFile = path.join(stateDir, "dead.yaml");
    fs.writeFileSync(deadFile, kubeconfigYaml(closed, "team-a"));
    const unreachable = await failure(service({ KUBECONFIG: deadFile }).status("team-a", "embeddings"));
    expect(unreachable.status).toBe(502);
    expect(unreachable.message).toMatch(new RegExp(`^cannot reach the Kubernetes API server at ${closed.replace(/\./g, "\\.")} \\(context 'fake-ctx'\\): .*ECONNREFUSED.*kubectl cluster-info`));
  });

  it("exit modes: retain-on-failure keeps a failed job's cluster and deletes it once the job succeeds", async () => {
    await kube.create("embeddings", { name: "exit-test" });
    await until(() => kube.status("team-a", "exit-test"), (s) => s.head.ready, "head ready");
    const { cluster } = await kube.connect("team-a", "exit-test", {});
    setJob("bf-1", "running", cluster);
    kube.planExit("bf-1", cluster, "retain-on-failure");
    setJob("bf-1", "failed", cluster);
    const kept = await until(() => kube.exitPlans.list().find((p) => p.jobId === "bf-1")!, (p) => !!p.outcome, "the plan to note the failure");
    expect(kept).toMatchObject({ state: "waiting", outcome: expect.stringMatching(/job failed: the cluster is kept/) });
    expect(fake.rayclusters.has("team-a/exit-test")).toBe(true);

    setJob("bf-1", "running", cluster); // resumed
    setJob("bf-2", "running", cluster); // and another job on the same cluster
    setJob("bf-1", "succeeded", cluster);
    await until(() => kube.exitPlans.list().find((p) => p.jobId === "bf-1")!, (p) => /another job still runs/.test(p.outcome ?? ""), "the plan to wait for bf-2");
    expect(fake.rayclusters.has("team-a/exit-test")).toBe(true);
    setJob("bf-2", "cancelled", cluster);
    await kube.exitPlans.check("bf-1"); // what the periodic re-check does
    const done = kube.exitPlans.list().find((p) => p.jobId === "bf-1")!;
    expect(done).toMatchObject({ state: "deleted", outcome: "the job succeeded: RayCluster team-a/exit-test deleted (exit mode retain-on-failure)" });
    expect(fake.rayclusters.has("team-a/exit-test")).toBe(false);
    await expect(clusters.status(cluster)).rejects.toMatchObject({ status: 404 });
    expect(() => kube.planExit("bf-3", "not-kube", "delete")).toThrow(/exitMode applies to clusters created on Kubernetes/);
    expect(kube.planExit("bf-4", "team-a.embeddings", "retain")).toMatchObject({ mode: "retain" });
    expect(kube.exitPlans.list().find((p) => p.jobId === "bf-4")).toMatchObject({ state: "retained", outcome: "retain: the cluster stays" });
  });

  it("deletes: refused while a job runs, then the RayCluster, its registration and its port-forward go", async () => {
    const st = await kube.status("team-a", "embeddings");
    const address = st.connection!.address!;
    setJob("bf-9", "running", "team-a.embeddings");
    const busy = await failure(kube.remove("team-a", "embeddings"));
    expect(busy.status).toBe(409);
    expect(busy.message).toMatch(/jobs are running on 'team-a\.embeddings'.*cancel them first/);
    setJob("bf-9", "succeeded", "team-a.embeddings");
    expect(await kube.remove("team-a", "embeddings")).toEqual({ deleted: "team-a/embeddings", existed: true });
    expect(fake.rayclusters.has("team-a/embeddings")).toBe(false);
    expect([...fake.pods.values()].filter((p) => p.metadata.labels["ray.io/cluster"] === "embeddings")).toEqual([]);
    expect(kube.list().find((r) => r.name === "embeddings")).toBeUndefined();
    await expect(new RayApi({ address, timeoutMs: 2000 }).version()).rejects.toThrow(); // the local port is closed
    expect((await failure(kube.remove("team-a", "embeddings"))).status).toBe(404);
  });
});
