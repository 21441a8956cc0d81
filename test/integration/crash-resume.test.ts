// Durability: SIGKILL of the server mid-job and of a worker mid-job, and a
// cancel that stops everything within 2 s, each followed by an exact result
// with at most one batch per worker computed twice.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, computedRows, countingUdf, driverPid, until, workerPids } from "../helpers/jobs";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";

const ROWS = 100_000;
const CONCURRENCY = 2;
const CHECKPOINT = 1000;
let db: string;
let srv: TestServer;

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
