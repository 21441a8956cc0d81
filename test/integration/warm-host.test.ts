// The local runner's warm job host: a job started while a host is idle runs on
// it (pre-started driver and workers), each job gets a host of its own (no
// process that ran a UDF serves another job), cancel kills a warm host's driver
// and workers at once, and a SIGKILLed server leaves no idle host or worker behind.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";

const ROWS = 2000;
let db: string;
let stateDir: string;
let srv: TestServer;

// A module-level counter: fresh per process. A host reused across jobs would
// carry it over and the second column would not start again at 1.
const counterUdf = (name: string) => `import pyarrow as pa
from geneva import udf

calls = [0]

@udf(data_type=pa.int64())
def ${name}(id: pa.Array) -> pa.Array:
    calls[0] += 1
    return pa.array([calls[0]] * len(id), pa.int64())
`;

async function until(fn: () => Promise<boolean> | boolean, timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Live (not zombie) processes started by this test's server for its state dir (host, workers, cold drivers). */
function ownProcesses(): number[] {
  const mark = `BFS_RUNNER_STATE_DIR=${stateDir}\0`;
  const out: number[] = [];
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${d}/stat`, "utf8"))) continue;
      if ((fs.readFileSync(`/proc/${d}/environ`, "latin1") + "\0").includes(mark)) out.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

const warmHostState = async () => (await srv.api("/api/health")).body.warmHost?.state;
const driverPid = (job: any) => Number(job.events.map((e: any) => /Driver started \(pid (\d+)\)/.exec(e.message)?.[1]).find(Boolean));
const workerPids = (job: any): number[] =>
  job.events.map((e: any) => /Worker \d+ ready \(pid (\d+)\)/.exec(e.message)?.[1]).filter(Boolean).map(Number);

async function backfill(column: string) {
  expect((await srv.api("/api/tables/w/columns", { body: { name: column, source: counterUdf(column) } })).status).toBe(201);
  const res = await srv.api("/api/tables/w/backfills", { body: { column, concurrency: 1, checkpointSize: ROWS } });
  expect(res.status).toBe(202);
  const job = await waitForJob(srv, res.body.jobId);
  expect(job.state, job.error).toBe("succeeded");
  return job;
}

beforeAll(async () => {
  db = tempDir();
  stateDir = path.join(db, ".backfill-studio");
  makeTable(db, "w", ROWS, 1);
  srv = await startServer(db, { BFS_WARM_HOST: "after-job" });
});
afterAll(async () => {
  await srv?.kill9();
});

describe("warm job host", () => {
  it("runs each job on its own pre-started host; cancel stops it at once; a SIGKILLed server leaves no host or worker behind", async () => {
    expect((await srv.api("/api/health")).body.warmHost.policy).toBe("after-job");
    await until(async () => (await warmHostState()) === "ready");

    const first = await backfill("first");
    const started1 = first.events.find((e: any) => e.type === "started").message;
    expect(started1).toMatch(/on a warm host pre-started with \d+ worker/);
    // One batch, one call, in a process that never ran anything else.
    expect(readColumn(db, "w", "first")).toEqual(Array(ROWS).fill(1));

    await until(async () => (await warmHostState()) === "ready"); // refilled after the first job ended
    const second = await backfill("second");
    expect(second.events.find((e: any) => e.type === "started").message).toMatch(/on a warm host/);
    expect(driverPid(second)).not.toBe(driverPid(first));
    expect(workerPids(second).some((p) => workerPids(first).includes(p))).toBe(false);
    expect(readColumn(db, "w", "second")).toEqual(Array(ROWS).fill(1));

    // Cancel on a warm host: the driver and its workers die at once (one process group).
    await until(async () => (await warmHostState()) === "ready");
    const slow = `import time
import pyarrow as pa
from geneva import udf

@udf(data_type=pa.int64())
def slow(id: pa.Array) -> pa.Array:
    time.sleep(0.2)
    return id
`;
    expect((await srv.api("/api/tables/w/columns", { body: { name: "slow", source: slow } })).status).toBe(201);
    const res = await srv.api("/api/tables/w/backfills", { body: { column: "slow", concurrency: 1, checkpointSize: 50 } });
    let job: any;
    await until(async () => {
      job = (await srv.api(`/api/jobs/${res.body.jobId}`)).body;
      return job.rowsCheckpointed > 0 && workerPids(job).length > 0;
    });
    expect(job.events.find((e: any) => e.type === "started").message).toMatch(/on a warm host/);
    const pids = [driverPid(job), ...workerPids(job)];
    const t0 = Date.now();
    expect((await srv.api(`/api/jobs/${job.id}/cancel`, { method: "POST" })).status).toBe(200);
    await until(() => pids.every((p) => !ownProcesses().includes(p)), 2000);
    expect(Date.now() - t0).toBeLessThan(2000);

    await until(async () => (await warmHostState()) === "ready");
    const idle = ownProcesses();
    expect(idle.length).toBeGreaterThanOrEqual(2); // the idle host and its worker(s)
    await srv.kill9();
    await until(() => ownProcesses().length === 0, 10_000);
  });
});
