// Faults beyond crashes (crash-resume.test.ts covers SIGKILL of the server and
// of a worker; backfill-semantics.test.ts two columns committing at once):
// the disk holding checkpoints fills up mid-job. The state directory is a
// real 16 MB tmpfs (test/helpers/tiny-disk.ts); the test fills it while
// batches are being checkpointed. The job must fail naming the full disk,
// the server must keep answering, and after space is freed a resume must end
// with the exact column, nothing lost, and at most one batch per worker
// computed twice (counted by the UDF itself, outside the full disk).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computedRows, countingUdf, until } from "../helpers/jobs";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";
import { fillDisk, seenBy, tinyDiskPrefix, tinyDiskUnavailable } from "../helpers/tiny-disk";

const ROWS = 20_000;
const CONCURRENCY = 2;
const CHECKPOINT = 500;
const unavailable = tinyDiskUnavailable();
let db: string;
let stateDir: string;
let srv: TestServer;

beforeAll(async () => {
  if (unavailable) return;
  db = tempDir();
  stateDir = tempDir("bfs-state-");
  makeTable(db, "d", ROWS, 4);
  srv = await startServer(db, { BFS_STATE_DIR: stateDir }, tinyDiskPrefix(stateDir, 16));
});
afterAll(async () => {
  await srv?.stop();
});

describe("faults", () => {
  it.skipIf(unavailable)(`a full disk while checkpointing: the job fails naming it, the server keeps answering, resume is exact${unavailable ? ` (skipped: ${unavailable})` : ""}`, async () => {
    const log = path.join(db, "full-disk.log"); // outside the full disk
    const filler = seenBy(srv.proc.pid!, path.join(stateDir, "filler"));
    expect((await srv.api("/api/tables/d/columns", { body: { name: "v", source: countingUdf("v", log, 0.15) } })).status).toBe(201);
    const launched = await srv.api("/api/tables/d/backfills", { body: { column: "v", concurrency: CONCURRENCY, checkpointSize: CHECKPOINT } });
    expect(launched.status, JSON.stringify(launched.body)).toBe(202);
    const id = launched.body.jobId;

    await until(async () => (await srv.api(`/api/jobs/${id}`)).body.rowsCheckpointed >= 2 * CHECKPOINT, 60_000, "checkpoints");
    expect(fillDisk(filler)).toBeGreaterThan(0);
    const failed = await waitForJob(srv, id, ["succeeded", "failed", "cancelled"], 60_000);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/No space left on device/);
    expect(failed.error).toMatch(/checkpoint/);
    expect(failed.rowsCheckpointed).toBeLessThan(ROWS);
    // The record kept its failure event though it could not be written to disk.
    expect(failed.events.some((e: any) => e.type === "failed" && /No space left/.test(e.message))).toBe(true);
    // The server kept answering while its state disk was full; a new launch is a clear 507.
    expect((await srv.api("/api/health")).status).toBe(200);
    expect((await srv.api("/api/tables/d")).status).toBe(200);
    expect((await srv.api("/api/tables/d/columns", { body: { name: "w", source: countingUdf("w", log + ".w", 0) } })).status).toBe(201);
    const refused = await srv.api("/api/tables/d/backfills", { body: { column: "w" } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(507);
    expect(refused.body.error).toMatch(/disk is full/);
    expect((await srv.api("/api/jobs")).body.map((j: any) => j.id)).toEqual([id]);

    fs.rmSync(filler);
    const resumed = await srv.api(`/api/jobs/${id}/resume`, { method: "POST" });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    const done = await waitForJob(srv, id, ["succeeded", "failed", "cancelled"], 120_000);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.rowsCommitted).toBe(ROWS);
    expect(readColumn(db, "d", "v")).toEqual(Array.from({ length: ROWS }, (_, i) => i + 7));
    const recomputed = computedRows(log) - ROWS;
    expect(recomputed).toBeGreaterThanOrEqual(0);
    expect(recomputed).toBeLessThanOrEqual(CONCURRENCY * CHECKPOINT);
  });
});
