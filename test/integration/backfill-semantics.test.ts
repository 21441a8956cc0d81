// Filtered, incremental and replaced-UDF backfills, and the one-backfill-per-
// column rule, on a real table through the HTTP API.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computedRows, countingUdf } from "../helpers/jobs";
import { makeTable, py, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";
import { fixture, SCALAR_LEN } from "../helpers/udfs";

const ROWS = 100_000;
let srv: TestServer;
let db: string;

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "t", ROWS, 8);
  srv = await startServer(db);
});
afterAll(async () => {
  await srv?.stop();
});

async function backfill(column: string, extra: Record<string, unknown> = {}) {
  const res = await srv.api("/api/tables/t/backfills", { body: { column, concurrency: 2, checkpointSize: 4000, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitForJob(srv, res.body.jobId);
  expect(job.state, job.error).toBe("succeeded");
  return job;
}

const dryRun = async (column: string, where?: string) =>
  (await srv.api("/api/tables/t/backfills", { body: { column, where, dryRun: true } })).body;

describe("backfill semantics", () => {
  it("a filtered backfill touches only matching rows", async () => {
    expect((await srv.api("/api/tables/t/columns", { body: { name: "len_f", source: SCALAR_LEN.replace("s_len", "len_f") } })).status).toBe(201);
    const expected = Array.from({ length: ROWS }, (_, i) => (fixture.n(i) === 3 ? fixture.s(i).length : null));
    const matching = expected.filter((v) => v !== null).length;
    const plan = await dryRun("len_f", "n = 3");
    expect(plan).toMatchObject({ rowsMatching: matching, rowsToCompute: matching, rowsDone: 0 });
    const job = await backfill("len_f", { where: "n = 3" });
    expect(job.rowsPlanned).toBe(matching);
    expect(job.where).toBe("n = 3");
    expect(readColumn(db, "t", "len_f")).toEqual(expected);

    // A second filtered backfill keeps the values of the first.
    await backfill("len_f", { where: "n = 5" });
    const both = readColumn(db, "t", "len_f");
    expect(both).toEqual(Array.from({ length: ROWS }, (_, i) => ([3, 5].includes(fixture.n(i)) ? fixture.s(i).length : null)));
  });

  it("after an append, a default re-run computes exactly the new rows", async () => {
    expect((await srv.api("/api/tables/t/columns", { body: { name: "len_a", source: SCALAR_LEN.replace("s_len", "len_a") } })).status).toBe(201);
    await backfill("len_a");
    expect(await dryRun("len_a")).toMatchObject({ rowsToCompute: 0, rowsDone: ROWS });

    py(`
import sys, lance, pyarrow as pa
ds = lance.dataset(sys.argv[1] + "/t.lance")
ids = list(range(${ROWS}, ${ROWS + 3000}))
new = pa.table({"id": pa.array(ids, pa.int64()), "s": [("word " * (i % 9)) + f"row-{i}" for i in ids],
  "x": pa.array([(i % 1000) / 10 for i in ids]), "n": pa.array([i % 7 for i in ids], pa.int32()),
  "tags": pa.array([[f"t{i % 3}", f"u{i % 5}"] for i in ids], pa.list_(pa.string())),
  "b": pa.array([bytes([i % 256]) for i in ids], pa.binary())})
lance.write_dataset(new, sys.argv[1] + "/t.lance", mode="append", schema=new.schema)
`, [db]);
    expect(await dryRun("len_a")).toMatchObject({ rowsToCompute: 3000, rowsNull: 3000, rowsDone: ROWS });
    const job = await backfill("len_a");
    expect(job.rowsPlanned).toBe(3000);
    const got = readColumn(db, "t", "len_a");
    expect(got).toEqual(Array.from({ length: ROWS + 3000 }, (_, i) => fixture.s(i).length));
  });

  it("a replaced UDF keeps values, then the default backfill recomputes them", async () => {
    const put = await srv.api("/api/tables/t/columns/len_a/udf", {
      method: "PUT",
      body: { source: SCALAR_LEN.replace("s_len", "len_a").replace("return len(s)", "return len(s) + 1") },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const total = ROWS + 3000;
    // Values stay until a backfill runs.
    expect(readColumn(db, "t", "len_a").slice(0, 3)).toEqual([0, 1, 2].map((i) => fixture.s(i).length));
    const plan = await dryRun("len_a");
    expect(plan).toMatchObject({ rowsToCompute: total, rowsStale: total, rowsDone: 0 });
    const job = await backfill("len_a");
    expect(job.rowsPlanned).toBe(total);
    expect(job.udfVersion).toBe(put.body.udf.version);
    expect(readColumn(db, "t", "len_a")).toEqual(Array.from({ length: total }, (_, i) => fixture.s(i).length + 1));
    expect(await dryRun("len_a")).toMatchObject({ rowsToCompute: 0, rowsDone: total });
  });

  it("a column computed from a re-backfilled input is stale (inputs changed)", async () => {
    const src = `from geneva import udf

@udf
def twice(len_a: int) -> int:
    return len_a * 2
`;
    expect((await srv.api("/api/tables/t/columns", { body: { name: "twice", source: src } })).status).toBe(201);
    await backfill("twice");
    expect(await dryRun("twice")).toMatchObject({ rowsToCompute: 0 });
    // Rewrite the input column for some rows: fragments holding them change input files.
    await backfill("len_a", { where: "id < 10" });
    const plan = await dryRun("twice");
    expect(plan.rowsToCompute).toBeGreaterThan(0);
    expect(plan.staleReasons.inputsChanged).toBe(plan.rowsToCompute);
  });

  it("one running backfill per column (409 names the job); two columns run at once, both commit, each row computed once", async () => {
    const logs = { slow_a: path.join(db, "slow_a.log"), slow_b: path.join(db, "slow_b.log") };
    for (const name of ["slow_a", "slow_b"] as const) {
      expect((await srv.api("/api/tables/t/columns", { body: { name, source: countingUdf(name, logs[name], 0.15) } })).status).toBe(201);
    }
    const a = await srv.api("/api/tables/t/backfills", { body: { column: "slow_a", concurrency: 1, checkpointSize: 5000 } });
    expect(a.status).toBe(202);
    const again = await srv.api("/api/tables/t/backfills", { body: { column: "slow_a" } });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain(a.body.jobId);
    const b = await srv.api("/api/tables/t/backfills", { body: { column: "slow_b", concurrency: 1, checkpointSize: 5000 } });
    expect(b.status).toBe(202);
    const [ja, jb] = await Promise.all([waitForJob(srv, a.body.jobId), waitForJob(srv, b.body.jobId)]);
    expect([ja.state, jb.state]).toEqual(["succeeded", "succeeded"]);
    // They overlapped in time, so their commits interleaved on one table.
    expect(Date.parse(jb.startedAt)).toBeLessThan(Date.parse(ja.finishedAt));
    const commits = (j: any) => j.events.filter((e: any) => e.type === "commit").map((e: any) => Date.parse(e.ts));
    const [ca, cb] = [commits(ja), commits(jb)];
    expect(ca.length).toBeGreaterThan(1);
    expect(cb.length).toBeGreaterThan(1);
    expect(Math.min(...cb)).toBeLessThan(Math.max(...ca)); // B committed before A's last commit
    const total = ROWS + 3000;
    const want = Array.from({ length: total }, (_, i) => i + 7); // countingUdf: id + 7
    expect(readColumn(db, "t", "slow_a")).toEqual(want);
    expect(readColumn(db, "t", "slow_b")).toEqual(want);
    // Nothing lost, nothing computed twice: the UDFs' own counts and the jobs' counters agree.
    for (const j of [ja, jb]) expect(j).toMatchObject({ rowsPlanned: total, rowsCheckpointed: total, rowsCommitted: total, rowsFailed: 0 });
    expect(computedRows(logs.slow_a)).toBe(total);
    expect(computedRows(logs.slow_b)).toBe(total);
  });
});
