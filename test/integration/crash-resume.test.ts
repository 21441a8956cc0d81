// Durability: SIGKILL of the server mid-job and of a worker mid-job, and a
// cancel that stops everything within 2 s, each followed by an exact result
// with at most one batch per worker computed twice.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";

const ROWS = 100_000;
const CONCURRENCY = 2;
const CHECKPOINT = 1000;
let db: string;
let srv: TestServer;

/** A batched UDF that logs how many rows each call computed, so the test can
 *  count recomputation independently of the engine's own counters. */
const countingUdf = (name: string, log: string, sleep: number) => `import os, time
import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

@udf(data_type=pa.int64())
def ${name}(id: pa.Array) -> pa.Array:
    time.sleep(${sleep})
    out = pc.add(id, 7)
    fd = os.open(${JSON.stringify(log)}, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, f"{len(id)}\\n".encode())
    os.close(fd)
    return out
`;

const computedRows = (log: string) =>
  fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).reduce((a, l) => a + Number(l), 0) : 0;

/** Running, i.e. exists and is not a zombie (a killed child waiting to be reaped runs nothing). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function until(fn: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const workerPids = (job: any): number[] =>
  job.events.map((e: any) => /Worker \d+ ready \(pid (\d+)\)/.exec(e.message)?.[1]).filter(Boolean).map(Number);
const driverPid = (job: any): number =>
  Number([...job.events].reverse().map((e: any) => /Driver started \(pid (\d+)\)/.exec(e.message)?.[1]).find(Boolean));

async function launch(column: string, log: string, sleep: number) {
  expect((await srv.api("/api/tables/c/columns", { body: { name: column, source: countingUdf(column, log, sleep) } })).status).toBe(201);
  const res = await srv.api("/api/tables/c/backfills", { body: { column, concurrency: CONCURRENCY, checkpointSize: CHECKPOINT } });
  expect(res.status).toBe(202);
  return res.body.jobId as string;
}

const expected = Array.from({ length: ROWS }, (_, i) => i + 7);

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "c", ROWS, 8);
  srv = await startServer(db);
});
afterAll(async () => {
  await srv?.stop();
});

describe("crash and resume", () => {
  it("server SIGKILLed mid-job: restart resumes by itself; exact result; ≤ concurrency × checkpointSize recomputed", async () => {
    const log = path.join(db, "kill-server.log");
    // 0.1 s a batch: ~5 s of compute, so the first interval commit (2 s) lands mid-job
    // even on a warm job host, whose workers start computing at once.
    const id = await launch("k_server", log, 0.1);
    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.rowsCommitted > 0);
    const before = (await srv.api(`/api/jobs/${id}`)).body;
    expect(before.rowsCommitted).toBeLessThan(ROWS);
    const pids = [driverPid(before), ...workerPids(before)];
    await srv.kill9();
    // The driver and its workers die with the server: no orphan keeps computing.
    await until(() => pids.every((p) => !alive(p)), 5000);
    const computedBeforeRestart = computedRows(log);
    expect(computedBeforeRestart).toBeLessThan(ROWS);

    srv = await startServer(db);
    const job = await waitForJob(srv, id);
    expect(job.state, job.error).toBe("succeeded");
    expect(job.attempts).toBe(2);
    expect(job.events.some((e: any) => /server restart/.test(e.message))).toBe(true);
    expect(readColumn(db, "c", "k_server")).toEqual(expected);
    const recomputed = computedRows(log) - ROWS;
    expect(recomputed).toBeGreaterThanOrEqual(0);
    expect(recomputed).toBeLessThanOrEqual(CONCURRENCY * CHECKPOINT);
  });

  it("a worker SIGKILLed mid-job: its batch is re-queued and the job succeeds exactly", async () => {
    const log = path.join(db, "kill-worker.log");
    const id = await launch("k_worker", log, 0.03);
    let job: any;
    await until(async () => {
      job = (await srv.api(`/api/jobs/${id}`)).body;
      return workerPids(job).length === CONCURRENCY && job.rowsCheckpointed > 5 * CHECKPOINT;
    });
    process.kill(workerPids(job)[0], "SIGKILL");
    const done = await waitForJob(srv, id);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.events.some((e: any) => /Worker \d+ died \(exit -9\)/.test(e.message))).toBe(true);
    expect(readColumn(db, "c", "k_worker")).toEqual(expected);
    expect(computedRows(log) - ROWS).toBeLessThanOrEqual(CHECKPOINT);
  });

  it("cancel stops the driver and workers within 2 s, keeps committed data, and resume finishes", async () => {
    const log = path.join(db, "cancel.log");
    const id = await launch("k_cancel", log, 0.1); // see k_server: commits must land mid-job
    let job: any;
    await until(async () => {
      job = (await srv.api(`/api/jobs/${id}`)).body;
      return job.rowsCommitted > 0 && workerPids(job).length === CONCURRENCY;
    });
    const pids = [driverPid(job), ...workerPids(job)];
    const t0 = Date.now();
    expect((await srv.api(`/api/jobs/${id}/cancel`, { method: "POST" })).status).toBe(200);
    await until(() => pids.every((p) => !alive(p)), 2000);
    expect(Date.now() - t0).toBeLessThan(2000);
    const cancelled = await waitForJob(srv, id, ["cancelled"], 5000);
    const computedAtCancel = computedRows(log);
    await new Promise((r) => setTimeout(r, 500));
    expect(computedRows(log)).toBe(computedAtCancel); // nothing runs after cancel
    const values = readColumn(db, "c", "k_cancel");
    const filled = values.filter((v) => v !== null).length;
    expect(filled).toBeGreaterThanOrEqual(cancelled.rowsCommitted);
    expect(filled).toBeLessThan(ROWS);
    values.forEach((v, i) => v !== null && expect(v).toBe(i + 7));

    expect((await srv.api(`/api/jobs/${id}/resume`, { method: "POST" })).status).toBe(202);
    const resumed = await waitForJob(srv, id);
    expect(resumed.state, resumed.error).toBe("succeeded");
    expect(readColumn(db, "c", "k_cancel")).toEqual(expected);
    expect(computedRows(log) - ROWS).toBeLessThanOrEqual(CONCURRENCY * CHECKPOINT);
  });
});
