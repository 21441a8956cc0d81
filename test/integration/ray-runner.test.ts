// The Ray runner against a real local Ray cluster (head + workers `group=cpu`
// and `group=gpu-sim` with the custom resource `gpu_sim`), token auth on:
// exact results vs the local runner, worker-group placement, cancel, a server
// restart that re-attaches, a worker node crash, and the clear errors.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { startRayCluster, type RayTestCluster } from "../helpers/ray-cluster";
import { freePort, startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";
import { fixture } from "../helpers/udfs";

const ROWS = 20_000;
const TOKEN = "bfs-test-token-7f3a9c";
let ray: RayTestCluster;
let db: string;
let srv: TestServer;

const expectedLen = Array.from({ length: ROWS }, (_, i) => fixture.s(i).length);

/** A batched UDF that records, per batch, how many rows it computed and on which Ray node. */
const tracingUdf = (name: string, log: string, sleep: number, decorator = "@udf(data_type=pa.int64(), num_gpus=0)") => `import os, time
import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

${decorator}
def ${name}(s: pa.Array) -> pa.Array:
    time.sleep(${sleep})
    import ray  # only asks for the node id inside a Ray worker; never starts Ray
    node = ray.get_runtime_context().get_node_id() if ray.is_initialized() else "local"
    fd = os.open(${JSON.stringify(log)}, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, f"{len(s)} {node}\\n".encode())
    os.close(fd)
    return pc.utf8_length(s).cast(pa.int64())
`;

/** The pid of a job's driver (`python -m backfill_studio run-job <job dir>`), found in /proc. */
function driverPid(jobId: string): number | null {
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
      if (cmd.includes("run-job") && cmd.some((a) => a.endsWith(`/jobs/${jobId}`))) return Number(d);
    } catch {
      // gone
    }
  }
  return null;
}

const logLines = (log: string) => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")) : []);
const computedRows = (log: string) => logLines(log).reduce((a, [n]) => a + Number(n), 0);

async function until(fn: () => Promise<boolean> | boolean, timeoutMs = 90_000, what = "condition") {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function addColumn(name: string, source: string) {
  const res = await srv.api("/api/tables/t/columns", { body: { name, source } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function launch(body: Record<string, unknown>) {
  const res = await srv.api("/api/tables/t/backfills", { body: { checkpointSize: 1000, concurrency: 2, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.jobId as string;
}

const aliveActors = async () =>
  (await ray.get(`/api/v0/actors?limit=1000&detail=true&filter_keys=class_name&filter_predicates=%3D&filter_values=BatchActor`))
    .data.result.result.filter((a: any) => a.state !== "DEAD");

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "t", ROWS, 4);
  ray = await startRayCluster({ token: TOKEN }); // first: on 2 cores, Ray's node start-up has fixed deadlines
  // Building the virtualenv of a pip runtime env takes ~60 s here: let the launch wait for Ray's verdict.
  srv = await startServer(db, { BFS_RAY_SUBMIT_WAIT_S: "180" });
  const res = await srv.api("/api/clusters", { body: { name: "test", kind: "ray", address: ray.address, token: TOKEN } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 300_000);

afterAll(async () => {
  await srv?.stop();
  await ray?.stop();
}, 120_000);

describe("clusters", () => {
  it("registers a cluster and shows its health; the token is never returned", async () => {
    const list = await srv.api("/api/clusters");
    expect(list.status).toBe(200);
    const { body } = await srv.api("/api/clusters/test");
    expect(body).toMatchObject({ name: "test", kind: "ray", address: ray.address, status: "up", rayVersion: "2.60.0", hasToken: true });
    expect(JSON.stringify([body, list.body])).not.toContain(TOKEN);
    expect(fs.readFileSync(path.join(db, ".backfill-studio", "clusters.json"), "utf8")).toContain(TOKEN); // kept for the server
    const gpu = body.nodes.find((n: any) => n.id === ray.nodes.gpuSim.id);
    expect(gpu).toMatchObject({ alive: true, labels: { group: "gpu-sim" } });
    expect(gpu.resources.gpu_sim).toBe(1);
    expect(body.nodes).toHaveLength(3);
    expect(body.running).toEqual([]);
    expect(srv.logs()).not.toContain(TOKEN);
  });

  it("a wrong address, a missing or wrong token, a duplicate and an unknown name are clear errors", async () => {
    const closed = await freePort();
    const down = await srv.api("/api/clusters", { body: { name: "nowhere", kind: "ray", address: `http://127.0.0.1:${closed}` } });
    expect(down.status).toBe(400);
    expect(down.body.error).toMatch(/unreachable.*ECONNREFUSED/);
    const bad = await srv.api("/api/clusters", { body: { name: "x", kind: "ray", address: "not a url" } });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/not a URL/) } });
    const noToken = await srv.api("/api/clusters", { body: { name: "x", kind: "ray", address: ray.address } });
    expect(noToken).toMatchObject({ status: 400, body: { error: expect.stringMatching(/requires a token/) } });
    const wrong = await srv.api("/api/clusters", { body: { name: "x", kind: "ray", address: ray.address, token: "wrong-token" } });
    expect(wrong).toMatchObject({ status: 400, body: { error: expect.stringMatching(/rejected the token/) } });
    expect(JSON.stringify(wrong.body)).not.toContain("wrong-token");
    const dup = await srv.api("/api/clusters", { body: { name: "test", kind: "ray", address: ray.address, token: TOKEN } });
    expect(dup.status).toBe(409);
    expect((await srv.api("/api/clusters/nope")).status).toBe(404);
    expect((await srv.api("/api/clusters/nope", { method: "DELETE" })).status).toBe(404);
    expect((await srv.api("/api/clusters")).body.map((c: any) => c.name)).toEqual(["test"]);
  });
});

/** The runtime-env failure needs Ray to build a virtualenv (tens of seconds on 2 cores): it is
 * started early and checked later, overlapping the placement tests. */
let envFailure: Promise<{ status: number; body: any; ms: number }> | null = null;

describe("backfills on Ray", () => {
  it("gives exactly the column the local runner gives", async () => {
    const src = tracingUdf("len_x", path.join(db, "eq.log"), 0);
    await addColumn("len_local", src.replace("def len_x", "def len_local"));
    await addColumn("len_ray", src.replace("def len_x", "def len_ray").replace("    time.sleep(0)", '    print("hello from the UDF", flush=True)'));
    const local = await launch({ column: "len_local" });
    const t0 = Date.now();
    const onRay = await launch({ column: "len_ray", runner: "ray", cluster: "test" });
    const [a, b] = [await waitForJob(srv, local), await waitForJob(srv, onRay)];
    expect(a.state, a.error).toBe("succeeded");
    expect(b.state, b.error).toBe("succeeded");
    console.log(`[ray] 20k-row backfill on Ray: ${Date.now() - t0} ms from launch`);
    expect(b).toMatchObject({ runner: "ray", cluster: "test", rowsCommitted: ROWS, fragmentsCommitted: 4 });
    expect(b.ray.submissionId).toMatch(new RegExp(`^${onRay}-a1-`));
    expect(readColumn(db, "t", "len_ray")).toEqual(expectedLen);
    expect(readColumn(db, "t", "len_ray")).toEqual(readColumn(db, "t", "len_local"));
    expect(b.events.some((e: any) => /Worker \d+ ready \(pid \d+, node [0-9a-f]+\)/.test(e.message))).toBe(true);
    const logs = (await srv.api(`/api/jobs/${onRay}/logs`)).body.lines as string[];
    expect(logs.join("\n")).not.toMatch(/"event":/); // events travel through the job directory, not the log
    // the driver's log arrives live over Ray's tail WebSocket, UDF prints included
    expect(logs.some((l) => l.includes("hello from the UDF"))).toBe(true);
    expect(logs.join("\n")).not.toMatch(/live log tail unavailable/);
  });

  it("a UDF for the gpu-sim worker group runs only on that node", async () => {
    const t0 = Date.now();
    envFailure = srv.api("/api/tables/t/backfills", { body: { column: "len_ray", cluster: "test", where: "id < 10", pip: ["bfs-no-such-package==1.0"] } })
      .then((r) => ({ ...r, ms: Date.now() - t0 }));
    const log = path.join(db, "gpu.log");
    await addColumn("len_gpu", tracingUdf("len_gpu", log, 0.02));
    const id = await launch({ column: "len_gpu", cluster: "test", workerGroup: { group: "gpu-sim" } });
    const job = await waitForJob(srv, id);
    expect(job.state, job.error).toBe("succeeded");
    const nodes = new Set(logLines(log).map(([, node]) => node));
    expect([...nodes]).toEqual([ray.nodes.gpuSim.id]);
    expect(readColumn(db, "t", "len_gpu")).toEqual(expectedLen);
  });

  it("a custom-resource worker group places workers the same way", async () => {
    const log = path.join(db, "res.log");
    await addColumn("len_res", tracingUdf("len_res", log, 0));
    const id = await launch({ column: "len_res", cluster: "test", workerGroup: "gpu_sim", concurrency: 1, checkpointSize: 5000 });
    const job = await waitForJob(srv, id);
    expect(job.state, job.error).toBe("succeeded");
    expect([...new Set(logLines(log).map(([, node]) => node))]).toEqual([ray.nodes.gpuSim.id]);
  });

  it("clear 400s: unknown cluster, no node with the resource, unknown group, runtime env failure", async () => {
    await addColumn("needs_gpu", tracingUdf("needs_gpu", path.join(db, "x.log"), 0, "@udf(data_type=pa.int64(), num_gpus=1)"));
    const post = (body: Record<string, unknown>) => srv.api("/api/tables/t/backfills", { body });
    expect(await post({ column: "len_ray", runner: "ray", cluster: "nope", where: "id < 10" }))
      .toMatchObject({ status: 400, body: { error: expect.stringMatching(/unknown cluster 'nope'/) } });
    expect(await post({ column: "needs_gpu", cluster: "test" }))
      .toMatchObject({ status: 400, body: { error: expect.stringMatching(/need GPU 1 \(the most on a node is 0\)/) } });
    expect(await post({ column: "len_ray", cluster: "test", workerGroup: "tpu_v9", where: "id < 10" }))
      .toMatchObject({ status: 400, body: { error: expect.stringMatching(/need tpu_v9/) } });
    expect(await post({ column: "len_ray", cluster: "test", workerGroup: { group: "fpga" }, where: "id < 10" }))
      .toMatchObject({ status: 400, body: { error: expect.stringMatching(/no node has labels group=fpga/) } });
    const env = await envFailure!;
    console.log(`[ray] runtime env failure answered in ${env.ms} ms`);
    expect(env.status).toBe(400);
    expect(env.body.error).toMatch(/Ray could not set up the runtime environment: .*bfs-no-such-package/s);
    // None of these left a job behind.
    expect((await srv.api("/api/jobs?column=needs_gpu")).body).toEqual([]);
    expect((await srv.api("/api/jobs?column=len_ray")).body).toHaveLength(1);
  });

  it("cancel stops the Ray job and its workers within 5 s; resume finishes exactly", async () => {
    const log = path.join(db, "cancel.log");
    await addColumn("len_cancel", tracingUdf("len_cancel", log, 0.25));
    const id = await launch({ column: "len_cancel", cluster: "test", checkpointSize: 500 });
    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.rowsCheckpointed >= 1000, 120_000, "progress");
    const t0 = Date.now();
    expect((await srv.api(`/api/jobs/${id}/cancel`, { method: "POST" })).status).toBe(200);
    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.state === "cancelled", 5000, "cancelled");
    await until(async () => (await aliveActors()).length === 0, 5000 - (Date.now() - t0), "actors to stop");
    expect(Date.now() - t0).toBeLessThan(5000);
    const atCancel = computedRows(log);
    await new Promise((r) => setTimeout(r, 1500));
    expect(computedRows(log)).toBe(atCancel); // nothing computes after cancel
    expect(atCancel).toBeLessThan(ROWS);
    const job = (await srv.api(`/api/jobs/${id}`)).body;
    expect((await ray.get(`/api/jobs/${job.ray.submissionId}`)).status).toBe("STOPPED");

    expect((await srv.api(`/api/jobs/${id}/resume`, { method: "POST" })).status).toBe(202);
    const done = await waitForJob(srv, id);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.ray.submissionId).toMatch(new RegExp(`^${id}-a2-`));
    expect(readColumn(db, "t", "len_cancel")).toEqual(expectedLen);
  });

  it("a server restart re-attaches to the Ray job still running (no second driver)", async () => {
    const log = path.join(db, "restart.log");
    await addColumn("len_restart", tracingUdf("len_restart", log, 0.15));
    const id = await launch({ column: "len_restart", cluster: "test", checkpointSize: 500 });
    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.rowsCheckpointed >= 1000, 120_000, "progress");
    const sub = (await srv.api(`/api/jobs/${id}`)).body.ray.submissionId;
    await srv.kill9();
    srv = await startServer(db, { BFS_RAY_SUBMIT_WAIT_S: "180" });
    const job = await waitForJob(srv, id);
    expect(job.state, job.error).toBe("succeeded");
    expect(job.attempts).toBe(1);
    expect(job.ray.submissionId).toBe(sub);
    expect(job.events.some((e: any) => /Re-attached after a server restart/.test(e.message))).toBe(true);
    expect(job.rowsCommitted).toBe(ROWS);
    expect(readColumn(db, "t", "len_restart")).toEqual(expectedLen);
    expect(computedRows(log)).toBe(ROWS); // the driver kept running: nothing was recomputed
  });

  it("a driver that dies is detected: the job fails with Ray's reason, and resume finishes exactly", async () => {
    const log = path.join(db, "driver.log");
    await addColumn("len_driver", tracingUdf("len_driver", log, 0.2));
    const id = await launch({ column: "len_driver", cluster: "test", checkpointSize: 500 });
    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.rowsCheckpointed >= 1000, 120_000, "progress");
    const pid = driverPid(id);
    expect(pid, "the driver process of the Ray job").toBeGreaterThan(0);
    process.kill(pid!, "SIGKILL");
    const failed = await waitForJob(srv, id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/driver exited unexpectedly \(Ray job FAILED/);
    const atFailure = computedRows(log);
    expect(atFailure).toBeLessThan(ROWS);

    expect((await srv.api(`/api/jobs/${id}/resume`, { method: "POST" })).status).toBe(202);
    const done = await waitForJob(srv, id);
    expect(done.state, done.error).toBe("succeeded");
    expect(readColumn(db, "t", "len_driver")).toEqual(expectedLen);
    // checkpointed batches are not recomputed: at most one batch per worker was in flight
    expect(computedRows(log)).toBeLessThanOrEqual(ROWS + 2 * 500);
  });

  it("SIGKILL of a worker node's raylet mid-job: the job still succeeds with exact results", async () => {
    const log = path.join(db, "node.log");
    await addColumn("len_node", tracingUdf("len_node", log, 0.3));
    const id = await launch({ column: "len_node", cluster: "test", checkpointSize: 500 });
    let victim = "";
    await until(async () => {
      const job = (await srv.api(`/api/jobs/${id}`)).body;
      const used = logLines(log).map(([, node]) => node).filter((n) => n !== ray.nodes.head.id);
      victim = used[0] ?? "";
      return !!victim && job.rowsCheckpointed >= 1000;
    }, 120_000, "a worker on a worker node");
    ray.killRaylet(victim);
    const killedAt = computedRows(log);
    const job = await waitForJob(srv, id);
    expect(job.state, job.error).toBe("succeeded");
    expect(killedAt).toBeLessThan(ROWS);
    expect(job.events.some((e: any) => /Worker \d+ died .*re-queued/.test(e.message))).toBe(true);
    expect(readColumn(db, "t", "len_node")).toEqual(expectedLen);
    const nodes = (await srv.api("/api/clusters/test")).body.nodes;
    expect(nodes.find((n: any) => n.id === victim).alive).toBe(false);
  });
});
