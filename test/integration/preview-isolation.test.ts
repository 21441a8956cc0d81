// A hanging UDF must not wedge the server: an abandoned preview is killed, and
// planning never waits behind user code.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTable } from "../helpers/python";
import { startServer, tempDir, type TestServer } from "../helpers/server";

let srv: TestServer;
beforeAll(async () => {
  const db = tempDir();
  makeTable(db, "h", 1000, 2);
  srv = await startServer(db);
  const ok = await srv.api("/api/tables/h/columns", { body: { name: "c", source: "from geneva import udf\n@udf\ndef c(id: int) -> int:\n    return id\n" } });
  expect(ok.status).toBe(201);
});
afterAll(async () => {
  await srv?.stop();
});

const HANG = "from geneva import udf\n@udf\ndef f(id: int) -> int:\n    while True:\n        pass\n";

it("abandoned hanging previews are killed; previews and dry runs keep answering", async () => {
  const hanging: Promise<unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    const ctl = new AbortController();
    hanging.push(fetch(`${srv.url}/api/preview`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ table: "h", source: HANG, limit: 2 }), signal: ctl.signal,
    }).catch(() => "aborted"));
    setTimeout(() => ctl.abort(), 1500);
  }
  // While user code spins, planning is not blocked behind it.
  const t0 = Date.now();
  const dry = await srv.api("/api/tables/h/backfills", { body: { column: "c", dryRun: true } });
  expect(dry.status).toBe(200);
  expect(dry.body.rowsToCompute).toBe(1000);
  expect(Date.now() - t0).toBeLessThan(10_000);

  expect(await Promise.all(hanging)).toEqual(["aborted", "aborted", "aborted"]);
  const t1 = Date.now();
  const res = await srv.api("/api/preview", { body: { table: "h", source: "from geneva import udf\n@udf\ndef f(id: int) -> int:\n    return id * 2\n", limit: 3 } });
  expect(res.status).toBe(200);
  expect(res.body.rows.map((r: any) => r.output)).toEqual([0, 2, 4]);
  expect(Date.now() - t1).toBeLessThan(15_000); // not the 120 s preview timeout
});

it("a server killed during a hanging preview leaves no Python process spinning", async () => {
  const { execFileSync } = await import("node:child_process");
  const fs = await import("node:fs");
  const ctl = new AbortController();
  const hanging = fetch(`${srv.url}/api/preview`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ table: "h", source: HANG, limit: 2 }), signal: ctl.signal,
  }).catch(() => "gone");
  await new Promise((r) => setTimeout(r, 1500));
  const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(srv.proc.pid)], { encoding: "utf8" })
    .split("\n").map((s) => Number(s.trim())).filter(Boolean);
  expect(children.length).toBeGreaterThan(0);
  await srv.kill9();
  ctl.abort();
  await hanging;
  const running = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 5000;
  while (children.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(children.filter(running)).toEqual([]);
});
