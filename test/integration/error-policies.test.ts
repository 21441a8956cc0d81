// Each error policy, end to end: what the job ends as, what the column holds,
// and what the error store records.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";

const ROWS = 20_000;
let srv: TestServer;
let db: string;
const isBad = (i: number) => i % 1000 === 7;
const BAD = Array.from({ length: ROWS }, (_, i) => i).filter(isBad);

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "e", ROWS, 4);
  srv = await startServer(db);
});
afterAll(async () => {
  await srv?.stop();
});

const failing = (name: string, decorator: string) => `from geneva import udf, retry_transient, skip_on_error, retry_all

${decorator}
def ${name}(id: int) -> int:
    if id % 1000 == 7:
        raise ValueError(f"bad row {id}")
    return id + 1
`;

async function run(name: string, source: string, extra: Record<string, unknown> = {}) {
  const add = await srv.api("/api/tables/e/columns", { body: { name, source } });
  expect(add.status, JSON.stringify(add.body)).toBe(201);
  const res = await srv.api("/api/tables/e/backfills", { body: { column: name, concurrency: 2, checkpointSize: 2000, ...extra } });
  expect(res.status).toBe(202);
  return waitForJob(srv, res.body.jobId);
}

describe("error policies", () => {
  it("fail (default): the job fails naming the UDF error; rows are recorded", async () => {
    const job = await run("p_fail", failing("p_fail", "@udf"));
    expect(job.state).toBe("failed");
    expect(job.error).toMatch(/ValueError: bad row \d*7\b/);
    const errs = (await srv.api(`/api/jobs/${job.id}/errors`)).body;
    expect(errs.length).toBeGreaterThanOrEqual(1);
    expect(errs[0]).toMatchObject({ errorType: "ValueError", action: "failed" });
    expect(errs[0].traceback).toContain("raise ValueError");
    expect(BAD).toContain(errs[0].rowAddress % 2 ** 32 + Math.floor(errs[0].rowAddress / 2 ** 32) * 5000);
  });

  it("skip: the job succeeds, failing rows are NULL and every one is recorded", async () => {
    const job = await run("p_skip", failing("p_skip", "@udf(on_error=skip_on_error())"));
    expect(job.state, job.error).toBe("succeeded");
    expect(job.rowsFailed).toBe(BAD.length);
    const got = readColumn(db, "e", "p_skip");
    expect(got).toEqual(Array.from({ length: ROWS }, (_, i) => (isBad(i) ? null : i + 1)));
    const errs = (await srv.api(`/api/jobs/${job.id}/errors?limit=1000`)).body;
    expect(errs).toHaveLength(BAD.length);
    const ids = errs.map((e: any) => Math.floor(e.rowAddress / 2 ** 32) * 5000 + (e.rowAddress % 2 ** 32)).sort((a: number, b: number) => a - b);
    expect(ids).toEqual(BAD);
    expect(errs.every((e: any) => e.action === "skipped" && e.errorType === "ValueError" && e.message.startsWith("bad row"))).toBe(true);
  });

  it("re-run failed rows: a backfill restricted to the rows the skip job recorded", async () => {
    const skipJob = (await srv.api("/api/jobs?column=p_skip")).body[0];
    const fixed = failing("p_skip", "@udf").replace('raise ValueError(f"bad row {id}")', "return -id");
    expect((await srv.api("/api/tables/e/columns/p_skip/udf", { method: "PUT", body: { source: fixed } })).status).toBe(200);
    const dry = await srv.api("/api/tables/e/backfills", { body: { column: "p_skip", failedRowsOf: skipJob.id, dryRun: true } });
    expect(dry.body).toMatchObject({ rowsMatching: BAD.length, rowsToCompute: BAD.length });
    const res = await srv.api("/api/tables/e/backfills", { body: { column: "p_skip", failedRowsOf: skipJob.id } });
    expect(res.status).toBe(202);
    const job = await waitForJob(srv, res.body.jobId);
    expect(job.state, job.error).toBe("succeeded");
    expect(job.rowsPlanned).toBe(BAD.length);
    // only the failed rows were computed (with the new UDF); the others kept their values
    expect(readColumn(db, "e", "p_skip")).toEqual(Array.from({ length: ROWS }, (_, i) => (isBad(i) ? -i : i + 1)));
    const frags = (await srv.api(`/api/jobs/${job.id}/fragments`)).body;
    expect(frags.ids).toEqual([0, 1, 2, 3]);
    expect(frags.state.map((s: number) => frags.states[s])).toEqual(["committed", "committed", "committed", "committed"]);
    expect(frags.rows.reduce((a: number, b: number) => a + b, 0)).toBe(BAD.length);
    const wrong = await srv.api("/api/tables/e/backfills", { body: { column: "p_fail", failedRowsOf: skipJob.id, dryRun: true } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain("e.p_skip");
  });

  it("retry: transient failures are retried and the job succeeds with exact values", async () => {
    // Fails the first attempt of each bad row (per worker process), then succeeds.
    const src = `from geneva import udf, retry_transient

seen = set()

@udf(on_error=retry_transient(max_attempts=3, initial_delay=0.01))
def p_retry(id: int) -> int:
    if id % 1000 == 7 and id not in seen:
        seen.add(id)
        raise ConnectionError(f"flaky {id}")
    return id + 1
`;
    const job = await run("p_retry", src);
    expect(job.state, job.error).toBe("succeeded");
    expect(job.rowsFailed).toBe(0);
    expect(readColumn(db, "e", "p_retry")).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
  });

  it("retry exhausted: a matcher list falls through to fail", async () => {
    const job = await run("p_retry_fail", failing("p_retry_fail", "@udf(on_error=retry_all(max_attempts=2, initial_delay=0.01))"));
    expect(job.state).toBe("failed");
    const errs = (await srv.api(`/api/jobs/${job.id}/errors`)).body;
    expect(errs[0]).toMatchObject({ errorType: "ValueError", attempts: 2 });
  });

  it("per-row timeout: slow rows time out and are skipped", async () => {
    const src = `import time
from geneva import udf, skip_on_error

@udf(timeout=0.2, on_error=skip_on_error())
def p_slow(id: int) -> int:
    if id in (3, 9000):
        time.sleep(5)
    return id
`;
    const t0 = Date.now();
    const job = await run("p_slow", src, { where: "id < 10 OR (id >= 9000 AND id < 9005)" });
    expect(job.state, job.error).toBe("succeeded");
    expect(Date.now() - t0).toBeLessThan(60_000);
    const errs = (await srv.api(`/api/jobs/${job.id}/errors`)).body;
    expect(errs).toHaveLength(2);
    for (const e of errs) expect(e).toMatchObject({ errorType: "TimeoutError", action: "skipped", message: "row exceeded timeout of 0.2s" });
    expect(readColumn(db, "e", "p_slow").filter((v) => v !== null)).toHaveLength(13);
  });
});
