// The cluster-configuration and Kubernetes routes over HTTP against the built
// server (`next start`), with KUBECONFIG pointing at the TEST-ONLY Kubernetes
// API server: 201/400/404/409 flows, versions and diffs, the manifest as JSON
// and YAML, the resource check before a backfill launches, and the RayCluster
// create → status → connect (port-forward) → delete flow with API-server errors.
import fs from "node:fs";
import { loadYaml } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twoGroupConfig } from "../helpers/cluster-configs";
import { startFakeDashboard, startFakeKube, type FakeKube } from "../helpers/fake-kube-api";
import { makeTable } from "../helpers/python";
import { startServer, tempDir, type ApiResponse, type TestServer } from "../helpers/server";

let srv: TestServer;
let fake: FakeKube;
let dash: Awaited<ReturnType<typeof startFakeDashboard>>;
let db: string;

function expectError(res: ApiResponse, status: number, ...mentions: (string | RegExp)[]) {
  const dump = JSON.stringify(res.body);
  expect(res.status, dump).toBe(status);
  expect(res.headers.get("content-type") ?? "", dump).toMatch(/^application\/json/);
  for (const m of mentions) expect(res.body.error, dump).toMatch(m);
}

const cpuOnly = () => {
  const c = twoGroupConfig("cpu-only");
  c.workerGroups = [c.workerGroups[0]];
  return c;
};

beforeAll(async () => {
  db = tempDir("bfs-cc-api-");
  [fake, dash] = await Promise.all([startFakeKube({ namespace: "team-a" }), startFakeDashboard()]);
  fake.forwardTo.set(8265, dash.port);
  makeTable(db, "items", 200, 2);
  srv = await startServer(db, { KUBECONFIG: fake.kubeconfig });
});

afterAll(async () => {
  await srv?.stop();
  await Promise.all([fake?.stop(), dash?.stop()]);
  if (db) fs.rmSync(db, { recursive: true, force: true });
});

describe("cluster configurations API", () => {
  it("POST → 201, GET, 409 for the same name, 404 for an unknown one", async () => {
    const res = await srv.api("/api/cluster-configs", { body: { ...twoGroupConfig("embeddings"), note: "first" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: "embeddings", version: 1, latest: 1, note: "first", config: { name: "embeddings", rayVersion: "2.60.0", autoscaling: true } });
    expect(res.body.config.workerGroups.map((g: any) => g.name)).toEqual(["cpu", "gpu"]);
    expectError(await srv.api("/api/cluster-configs", { body: twoGroupConfig("embeddings") }), 409, "already exists", "PUT /api/cluster-configs/embeddings");
    expectError(await srv.api("/api/cluster-configs/nope"), 404, "cluster configuration 'nope' not found");
    expectError(await srv.api("/api/cluster-configs/nope/manifest"), 404, "nope");
    const list = await srv.api("/api/cluster-configs");
    expect(list.body).toEqual([expect.objectContaining({ name: "embeddings", latest: 1, workerGroups: 2, gpuGroups: ["gpu"], summary: "head 2 CPU/8Gi · cpu 0–10× 4 CPU/8Gi · gpu 0–4× 8 CPU/32Gi/1 GPU" })]);
  });

  it("invalid → 400 naming each field, with details.errors for the form", async () => {
    const bad: any = twoGroupConfig("x".repeat(54));
    bad.workerGroups[1].memory = "32GB";
    bad.workerGroups[0].minReplicas = 11;
    delete bad.workerGroups[1].maxReplicas;
    const res = await srv.api("/api/cluster-configs", { body: bad });
    expectError(res, 400, /^invalid cluster configuration: name: .*at most 53 characters/, /workerGroups\[1\]\.memory: memory '32GB' is not a quantity/,
      /workerGroups\[0\]\.minReplicas: minReplicas \(11\) is more than maxReplicas \(10\)/, /workerGroups\[1\]\.maxReplicas: maxReplicas is required/);
    expect(res.body.details.errors.map((e: any) => e.path)).toEqual(["name", "workerGroups[0].minReplicas", "workerGroups[0].replicas", "workerGroups[1].memory", "workerGroups[1].maxReplicas"]);
    expectError(await srv.api("/api/cluster-configs", { raw: "{nope" }), 400, "valid JSON");
    expectError(await srv.api("/api/cluster-configs", { body: [] as unknown as object }), 400, "JSON object");
  });

  it("?dryRun=true checks without saving and returns the manifest and its YAML", async () => {
    const bad: any = twoGroupConfig("draft");
    bad.workerGroups[0].cpus = "four";
    const res = await srv.api("/api/cluster-configs?dryRun=true", { body: bad });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.errors).toEqual([{ path: "workerGroups[0].cpus", message: expect.stringMatching(/'four' is not a quantity/) }]);
    expect(res.body.yaml).toContain("cpu: four");
    const ok = await srv.api("/api/cluster-configs?dryRun=true", { body: twoGroupConfig("draft") });
    expect(ok.body).toMatchObject({ valid: true, errors: [], manifest: { apiVersion: "ray.io/v1", kind: "RayCluster", metadata: { name: "draft" } } });
    expect((await srv.api("/api/cluster-configs/draft")).status).toBe(404);
  });

  it("PUT saves versions (unchanged content keeps the version); diff between versions", async () => {
    const v2: any = twoGroupConfig("embeddings");
    v2.workerGroups[1].maxReplicas = 8;
    v2.workerGroups.push({ name: "parse", image: "rayproject/ray:2.60.0-py311", cpus: 2, memory: "4Gi", minReplicas: 0, maxReplicas: 3 });
    const put = await srv.api("/api/cluster-configs/embeddings", { method: "PUT", body: { ...v2, note: "more GPUs" } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ version: 2, latest: 2, unchanged: false });
    const again = await srv.api("/api/cluster-configs/embeddings", { method: "PUT", body: v2 });
    expect(again.body).toMatchObject({ version: 2, unchanged: true });
    expectError(await srv.api("/api/cluster-configs/embeddings", { method: "PUT", body: { ...v2, name: "other" } }), 400, "keeps its name");
    const badPut = await srv.api("/api/cluster-configs/embeddings", { method: "PUT", body: { ...v2, head: { ...v2.head, memory: "lots" } } });
    expectError(badPut, 400, "head.memory");
    const got = await srv.api("/api/cluster-configs/embeddings");
    expect(got.body.versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await srv.api("/api/cluster-configs/embeddings?version=1")).body.config.workerGroups).toHaveLength(2);
    expectError(await srv.api("/api/cluster-configs/embeddings?version=9"), 404, "no version 9 (versions 1–2)");

    const diff = await srv.api("/api/cluster-configs/embeddings/diff");
    expect(diff.body).toMatchObject({ from: 1, to: 2 });
    expect(diff.body.changes).toEqual([
      { path: "workerGroups[gpu].maxReplicas", kind: "changed", before: 4, after: 8 },
      { path: "workerGroups[parse]", kind: "added", after: expect.objectContaining({ name: "parse", cpus: 2 }) },
    ]);
    expect(diff.body.yaml.filter((l: any) => l.op !== " ").map((l: any) => `${l.op}${l.text}`)).toEqual(expect.arrayContaining([
      '-    backfill-studio.io/config-version: "1"', '+    backfill-studio.io/config-version: "2"', "-    maxReplicas: 4", "+    maxReplicas: 8", "+  - groupName: parse",
    ]));
    expectError(await srv.api("/api/cluster-configs/embeddings/diff?from=1&to=7"), 404, "no version 7");
  });

  it("GET …/manifest: the RayCluster as JSON, or YAML with ?format=yaml", async () => {
    const j = await srv.api("/api/cluster-configs/embeddings/manifest?namespace=ml&version=1");
    expect(j.status).toBe(200);
    expect(j.body).toMatchObject({ apiVersion: "ray.io/v1", kind: "RayCluster", metadata: { name: "embeddings", namespace: "ml", labels: { "backfill-studio.io/config-version": "1" } } });
    const y = await fetch(`${srv.url}/api/cluster-configs/embeddings/manifest?format=yaml`);
    expect(y.headers.get("content-type")).toMatch(/^application\/yaml/);
    const text = await y.text();
    expect(text.startsWith("apiVersion: ray.io/v1\nkind: RayCluster\n")).toBe(true);
    expect(loadYaml(text)).toEqual((await srv.api("/api/cluster-configs/embeddings/manifest")).body);
    expectError(await srv.api("/api/cluster-configs/embeddings/manifest?format=xml"), 400, "format must be json or yaml");
  });
});

describe("resource check before a backfill launches", () => {
  it("a UDF asking for a GPU against a design without GPUs is a 400; with a GPU group it plans", async () => {
    expect((await srv.api("/api/cluster-configs", { body: cpuOnly() })).status).toBe(201);
    const source = "from geneva import udf\n@udf(num_gpus=1)\ndef g(s: str) -> int:\n    return len(s)\n";
    const added = await srv.api("/api/tables/items/columns", { body: { name: "g", source } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const check = await srv.api("/api/cluster-configs/cpu-only/check", { body: { table: "items", column: "g" } });
    expect(check.body).toMatchObject({ ok: false, message: "the UDF asks for 1 GPU; no worker group has GPUs" });
    expect(check.body.groups.find((g: any) => g.group === "cpu")).toMatchObject({ fits: false, reasons: ["0 GPUs, needs 1"] });
    const launch = await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, clusterConfig: "cpu-only" } });
    expectError(launch, 400, "cluster configuration 'cpu-only' (v1) cannot run this UDF: the UDF asks for 1 GPU; no worker group has GPUs");
    expect(launch.body.details.fit.groups).toHaveLength(2);

    const fits = await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, clusterConfig: "embeddings" } });
    expect(fits.status, JSON.stringify(fits.body)).toBe(200);
    expect(fits.body.rowsToCompute).toBe(200);
    const group = await srv.api("/api/cluster-configs/embeddings/check", { body: { numGpus: 1, workerGroup: { workload: "cpu" } } });
    expect(group.body).toMatchObject({ ok: false, message: "the UDF asks for 1 GPU; no matching worker group has GPUs" });
    const old = await srv.api("/api/cluster-configs/embeddings/check", { body: { numCpus: 12, version: 1 } });
    expect(old.body).toMatchObject({ ok: false, version: 1, message: "the UDF asks for 12 CPUs; the most a worker group has is 8 (gpu)" });
    expectError(await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, clusterConfig: "nope" } }), 404, "nope");
    expectError(await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, exitMode: "delete" } }), 400, 'exitMode applies to runner "ray"');
    expectError(await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, exitMode: "sometimes", runner: "ray", cluster: "x" } }), 400, "exitMode must be one of \"delete\", \"retain\", \"retain-on-failure\"");
  });
});

describe("Kubernetes routes (test-only API server)", () => {
  const rc = "/api/kubernetes/namespaces/team-a/rayclusters";
  it("shows the kubeconfig in use", async () => {
    const res = await srv.api("/api/kubernetes");
    expect(res.body).toMatchObject({ configured: true, context: "fake-ctx", namespace: "team-a", server: fake.url, rayclusters: [], exitPlans: [] });
  });

  it("create 201 → 409; status per group; connect through a port-forward; launch on it; delete", async () => {
    expectError(await srv.api(rc, { body: {} }), 400, "config is required");
    expectError(await srv.api(rc, { body: { config: "nope" } }), 404, "nope");
    const created = await srv.api(rc, { body: { config: "embeddings", version: 1 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ namespace: "team-a", name: "embeddings", config: "embeddings", configVersion: 1, object: { kind: "RayCluster" } });
    expectError(await srv.api(rc, { body: { config: "embeddings" } }), 409, "a RayCluster named 'embeddings' already exists in namespace 'team-a'");

    let st: ApiResponse;
    const deadline = Date.now() + 15_000;
    do {
      st = await srv.api(`${rc}/embeddings`);
      if (st.body.state === "ready") break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(st.body).toMatchObject({ state: "ready", readyWorkers: 1, head: { ready: true }, groups: [{ name: "cpu", ready: 1, desired: 1 }, { name: "gpu", ready: 0, desired: 0 }] });
    expectError(await srv.api(`${rc}/nope`), 404, "no RayCluster 'nope' in namespace 'team-a'");

    const conn = await srv.api(`${rc}/embeddings/connect`, { body: {} });
    expect(conn.status, JSON.stringify(conn.body)).toBe(201);
    expect(conn.body).toMatchObject({ cluster: "team-a.embeddings", access: "port-forward" });
    const cluster = await srv.api("/api/clusters/team-a.embeddings");
    expect(cluster.body).toMatchObject({ status: "up", rayVersion: "2.60.0" });

    // the Ray runner's launch check uses the cluster's design (v1 has a GPU group; autoscaling, so no live GPU node is needed)
    const plan = await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, runner: "ray", cluster: "team-a.embeddings" } });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expectError(await srv.api("/api/tables/items/backfills", { body: { column: "g", dryRun: true, runner: "ray", cluster: "team-a.embeddings", workerGroup: { workload: "cpu" } } }),
      400, "cluster 'team-a.embeddings' (configuration 'embeddings' v1) cannot run this UDF: the UDF asks for 1 GPU; no matching worker group has GPUs");

    const gone = await srv.api(`${rc}/embeddings`, { method: "DELETE" });
    expect(gone.body).toEqual({ deleted: "team-a/embeddings", existed: true });
    expect((await srv.api("/api/clusters/team-a.embeddings")).status).toBe(404);
    expectError(await srv.api(`${rc}/embeddings`), 404, "no RayCluster 'embeddings'");
  });

  it("403, 422 and an unreachable API server as JSON errors that say what to do", async () => {
    fake.forbidden.push({ verb: "create", resource: "rayclusters" });
    expectError(await srv.api(rc, { body: { config: "embeddings" } }), 403, "403 Forbidden", "kubectl auth can-i create rayclusters.ray.io -n team-a");
    fake.forbidden.length = 0;
    fake.policies.push(() => [{ field: "spec.headGroupSpec.template.spec.serviceAccountName", message: "Forbidden: service account ray-runner is not allowed" }]);
    expectError(await srv.api(rc, { body: { config: "embeddings" } }), 422, "spec.headGroupSpec.template.spec.serviceAccountName: Forbidden: service account ray-runner is not allowed");
    fake.policies.length = 0;
    await fake.close();
    expectError(await srv.api(`${rc}/embeddings`), 502, `cannot reach the Kubernetes API server at ${fake.url}`, "kubectl cluster-info");
  });
});
