// Each UDF kind, backfilled over 100k rows in 8 fragments by the local runner,
// equals an independent computation.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";
import { BATCHED_DOUBLE, fixture, RECORD_BATCH_SUM, SCALAR_LEN, statefulOffset, STRUCT_OUT } from "../helpers/udfs";

const ROWS = 100_000;
const FRAGMENTS = 8;
let srv: TestServer;
let db: string;

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "big", ROWS, FRAGMENTS);
  srv = await startServer(db);
});
afterAll(async () => {
  await srv?.stop();
});

async function addAndBackfill(name: string, source: string) {
  const add = await srv.api("/api/tables/big/columns", { body: { name, source } });
  expect(add.status, JSON.stringify(add.body)).toBe(201);
  const dry = await srv.api("/api/tables/big/backfills", { body: { column: name, dryRun: true } });
  expect(dry.body).toMatchObject({ rowsMatching: ROWS, rowsDone: 0, rowsToCompute: ROWS, fragments: FRAGMENTS });
  const launch = await srv.api("/api/tables/big/backfills", { body: { column: name, concurrency: 2, checkpointSize: 5000 } });
  expect(launch.status, JSON.stringify(launch.body)).toBe(202);
  const job = await waitForJob(srv, launch.body.jobId);
  expect(job.state, job.error).toBe("succeeded");
  expect(job.rowsPlanned).toBe(ROWS);
  expect(job.rowsCommitted).toBe(ROWS);
  expect(job.rowsFailed).toBe(0);
  return readColumn(db, "big", name);
}

const ids = Array.from({ length: ROWS }, (_, i) => i);

describe("UDF kinds on 100k rows / 8 fragments", () => {
  it("scalar", async () => {
    const got = await addAndBackfill("s_len", SCALAR_LEN);
    expect(got).toEqual(ids.map((i) => fixture.s(i).length));
  });

  it("batched pa.Array", async () => {
    const got = await addAndBackfill("x_double", BATCHED_DOUBLE);
    expect(got).toEqual(ids.map((i) => fixture.x(i) * 2));
  });

  it("pa.RecordBatch", async () => {
    const got = await addAndBackfill("id_plus_n", RECORD_BATCH_SUM);
    expect(got).toEqual(ids.map((i) => i + fixture.n(i)));
  });

  it("stateful class: setup() once per worker", async () => {
    const log = path.join(db, "setup.log");
    const got = await addAndBackfill("n_offset", statefulOffset(log));
    expect(got).toEqual(ids.map((i) => fixture.n(i) + 1000));
    const pids = fs.readFileSync(log, "utf8").trim().split("\n");
    expect(pids.length).toBeGreaterThanOrEqual(1);
    expect(pids.length).toBeLessThanOrEqual(2); // concurrency 2: one setup per worker, not per batch
    expect(new Set(pids).size).toBe(pids.length);
  });

  it("struct output", async () => {
    const got = await addAndBackfill("s_info", STRUCT_OUT);
    expect(got).toEqual(ids.map((i) => ({ length: fixture.s(i).length, tail: fixture.s(i).slice(-3) })));
  });

  it("describes the UDF columns with their UDFs and fill fraction", async () => {
    const { body } = await srv.api("/api/tables/big");
    expect(body.numRows).toBe(ROWS);
    const col = body.columns.find((c: any) => c.name === "s_info");
    expect(col.udf.name).toBe("s_info");
    expect(col.udf.inputColumns).toEqual(["s"]);
    expect(col.udf.dataType).toBe("struct<length: int64, tail: string>");
    expect(col.filled).toBe(1);
    expect(body.columns.find((c: any) => c.name === "id").udf).toBeUndefined();
  });
});
