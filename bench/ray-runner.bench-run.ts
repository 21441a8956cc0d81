// Ray runner numbers for bench/RESULTS.md: submit-to-first-checkpoint latency on
// a warm local Ray cluster, and rows/s of the same backfill on the local runner
// and on the local Ray cluster (head + 2 workers, 1 CPU each) on this machine.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { makeTable } from "../test/helpers/python";
import { startRayCluster, type RayTestCluster } from "../test/helpers/ray-cluster";
import { startServer, tempDir, waitForJob, type TestServer } from "../test/helpers/server";

const ROWS = 100_000;
let ray: RayTestCluster;
let srv: TestServer;
let db: string;

const udf = (name: string) => `from geneva import udf

@udf
def ${name}(s: str) -> int:
    return sum(ord(c) for c in s)
`;

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "b", ROWS, 8);
  ray = await startRayCluster();
  srv = await startServer(db);
  const r = await srv.api("/api/clusters", { body: { name: "bench", address: ray.address } });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
});
afterAll(async () => {
  await srv?.stop();
  await ray?.stop();
});

function firstBatchTs(jobId: string): number {
  const file = path.join(db, ".backfill-studio", "jobs", jobId, "events.jsonl");
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.includes('"event": "batch"')) return JSON.parse(line).ts * 1000;
  }
  return NaN;
}

async function run(column: string, body: Record<string, unknown>) {
  if ((await srv.api("/api/tables/b/columns", { body: { name: column, source: udf(column) } })).status !== 201) throw new Error("add column");
  const t0 = Date.now();
  const res = await srv.api("/api/tables/b/backfills", { body: { column, concurrency: 2, checkpointSize: 2000, ...body } });
  if (res.status !== 202) throw new Error(JSON.stringify(res.body));
  const t202 = Date.now();
  const job = await waitForJob(srv, res.body.jobId, undefined, 600_000);
  if (job.state !== "succeeded") throw new Error(job.error);
  const first = firstBatchTs(job.id);
  const total = (Date.parse(job.finishedAt) - t0) / 1000;
  const compute = (Date.parse(job.finishedAt) - first) / 1000;
  return { column, postMs: t202 - t0, toFirstCheckpointMs: Math.round(first - t0), totalS: total, rowsPerS: Math.round(ROWS / total),
    rowsPerSAfterFirstCheckpoint: Math.round(ROWS / compute) };
}

it("measures", async () => {
  const out: unknown[] = [];
  out.push({ runner: "local", ...(await run("l1", {})) });
  out.push({ runner: "ray (cold: first job on the cluster)", ...(await run("r1", { cluster: "bench" })) });
  for (const c of ["r2", "r3"]) out.push({ runner: "ray (warm)", ...(await run(c, { cluster: "bench" })) });
  out.push({ runner: "local", ...(await run("l2", {})) });
  console.log("BENCH " + JSON.stringify(out));
});
