// The REST API over real HTTP against the built server (`next start`), a real
// LanceDB directory and the real Python data plane: every route's answers to
// good and bad input, exact status codes, JSON error bodies naming the
// problem, and never a 500.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, readColumn } from "../helpers/python";
import { implementedRoutes } from "../helpers/routes";
import { freePort, startServer, tempDir, waitForJob, type ApiResponse, type TestServer } from "../helpers/server";

const TABLE = "items";
const ROWS = 2000;
const FRAGMENTS = 4; // makeTable writes ids in order, 500 per fragment
const ROWS_PER_FRAGMENT = ROWS / FRAGMENTS;
const NO_TABLE = "no_such_table";
const NO_JOB = "bf-20990101000000-abcdef";

let srv: TestServer;
let dbUri: string;
const seen: { call: string; status: number }[] = [];

// ---------------------------------------------------------------- helpers

/** One request; every status is recorded for the final "no 500" check. */
async function call<T = any>(p: string, init: { method?: string; body?: unknown; raw?: string } = {}): Promise<ApiResponse<T>> {
  const res = await srv.api<T>(p, init);
  seen.push({ call: `${init.method ?? (init.body !== undefined || init.raw !== undefined ? "POST" : "GET")} ${p}`, status: res.status });
  return res;
}

/** The response is `status` with a JSON `{error}` that mentions each of `mentions`. */
function expectError(res: ApiResponse, status: number, ...mentions: string[]): void {
  const dump = JSON.stringify(res.body);
  expect(res.status, dump).toBe(status);
  expect(res.headers.get("content-type") ?? "", dump).toMatch(/^application\/json/);
  expect(typeof res.body, dump).toBe("object");
  expect(typeof res.body.error, dump).toBe("string");
  expect(res.body.error.length, dump).toBeGreaterThan(0);
  for (const m of mentions) expect(res.body.error, dump).toContain(m);
}

/** Python source from an indented template literal. */
function src(text: string): string {
  const lines = text.replace(/^\n/, "").replace(/\n\s*$/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n") + "\n";
}

const SLEN = src(`
  from geneva import udf

  @udf
  def slen(s: str) -> int:
      return len(s)
`);

const TWICE = src(`
  from geneva import udf

  @udf
  def twice(id: int) -> int:
      return id * 2
`);

const PLUS_ONE = src(`
  from geneva import udf

  @udf
  def nplus(n: int) -> int:
      return n + 1
`);

// ~1.5 ms per row: 2000 rows at concurrency 1 take a few seconds.
const SLOW = src(`
  import time
  from geneva import udf

  @udf
  def slow(id: int) -> int:
      time.sleep(0.0015)
      return id + 1
`);

async function addColumn(name: string, source: string): Promise<void> {
  const res = await call(`/api/tables/${TABLE}/columns`, { body: { name, source } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function launch(column: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(`/api/tables/${TABLE}/backfills`, { body: { column, concurrency: 1, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(typeof res.body.jobId).toBe("string");
  return res.body.jobId;
}

async function jobCount(): Promise<number> {
  const res = await call("/api/jobs");
  expect(res.status).toBe(200);
  return res.body.length;
}

/** Ids with id % 7 == 3 (the table's n = 3), per fragment, computed here. */
function rowsWithN3(): number[] {
  const perFragment = Array.from({ length: FRAGMENTS }, () => 0);
  for (let id = 0; id < ROWS; id++) if (id % 7 === 3) perFragment[Math.floor(id / ROWS_PER_FRAGMENT)]++;
  return perFragment;
}

interface SseEvent {
  event: string;
  data: any;
  atMs: number;
}

/** Read an SSE stream until the server closes it or `timeoutMs` passes. */
async function readEvents(p: string, timeoutMs: number) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const t0 = Date.now();
  const events: SseEvent[] = [];
  let closedByServer = false;
  const res = await fetch(srv.url + p, { signal: ctrl.signal });
  seen.push({ call: `GET ${p}`, status: res.status });
  try {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        closedByServer = true;
        break;
      }
      buf += dec.decode(value, { stream: true });
      for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev: SseEvent = { event: "message", data: null, atMs: Date.now() - t0 };
        const data: string[] = [];
        for (const line of frame.split("\n")) {
          if (line.startsWith("event:")) ev.event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trim());
        }
        ev.data = data.length ? JSON.parse(data.join("\n")) : null;
        events.push(ev);
      }
    }
  } catch (e) {
    if (!ctrl.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", events, closedByServer };
}

// ------------------------------------------------------------------ setup

beforeAll(async () => {
  dbUri = tempDir("bfs-api-");
  makeTable(dbUri, TABLE, ROWS, FRAGMENTS);
  srv = await startServer(dbUri);
  await addColumn("slen", SLEN);
  await addColumn("twice", TWICE);
  await addColumn("nplus", PLUS_ONE);
  await addColumn("slow", SLOW);
});

afterAll(async () => {
  await srv?.stop();
  if (dbUri) fs.rmSync(dbUri, { recursive: true, force: true });
});

// ------------------------------------------------------------------ tests

describe("health, OpenAPI and unknown paths", () => {
  it("GET /api/health is 200", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
  });

  it("with authentication off, another site's page and a DNS-rebound host name cannot drive the server", async () => {
    // a simple cross-site POST (no preflight): what a malicious page can send to 127.0.0.1
    const cross = await fetch(`${srv.url}/api/preview`, {
      method: "POST", headers: { "content-type": "text/plain", origin: "http://evil.example" },
      body: JSON.stringify({ table: "items", source: "from geneva import udf\n@udf\ndef f(s: str) -> int:\n    return 1\n" }),
    });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error).toMatch(/cross-site request refused/);
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = http.request(`${srv.url}/api/tables`, { headers: { host: "evil.example:3000" } }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      r.on("error", reject);
      r.end();
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/loopback host names only/);
    expect((await call("/api/tables")).status).toBe(200); // this server's own names still work
  });

  it("GET /api/openapi.json describes every route and method implemented under app/api", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const routes = implementedRoutes();
    expect(routes.size).toBeGreaterThanOrEqual(15);
    for (const [route, methods] of routes) {
      expect(res.body.paths, `openapi.json lacks ${route}`).toHaveProperty([route]);
      expect(methods.length, `${route} exports no handler`).toBeGreaterThan(0);
      for (const m of methods) expect(res.body.paths[route], `openapi.json lacks ${m.toUpperCase()} ${route}`).toHaveProperty([m]);
    }
    // and documents no route that does not exist
    for (const documented of Object.keys(res.body.paths)) expect(routes.has(documented), `documented but not implemented: ${documented}`).toBe(true);
  });

  it("unknown API paths answer 404 JSON naming the path", async () => {
    expectError(await call("/api/nope"), 404, "/api/nope");
    expectError(await call("/api/nope", { body: {} }), 404, "/api/nope");
    expectError(await call("/api/nope/deeper", { method: "DELETE" }), 404, "/api/nope/deeper");
    expectError(await call(`/api/tables/${TABLE}/bogus`), 404, "bogus");
    expectError(await call(`/api/jobs/${NO_JOB}/bogus`, { body: {} }), 404, "bogus");
  });
});

describe("unknown table, column or job → 404", () => {
  it("unknown table", async () => {
    expectError(await call(`/api/tables/${NO_TABLE}`), 404, NO_TABLE);
    expectError(await call(`/api/tables/${NO_TABLE}/rows`), 404, NO_TABLE);
    expectError(await call(`/api/tables/${NO_TABLE}/columns`, { body: { name: "c", source: SLEN } }), 404, NO_TABLE);
    expectError(await call(`/api/tables/${NO_TABLE}/backfills`, { body: { column: "slen" } }), 404, NO_TABLE);
    expectError(await call(`/api/tables/${NO_TABLE}/backfills`, { body: { column: "slen", dryRun: true } }), 404, NO_TABLE);
    expectError(await call("/api/preview", { body: { table: NO_TABLE, source: SLEN } }), 404, NO_TABLE);
    expectError(await call("/api/udfs/validate", { body: { table: NO_TABLE, source: SLEN } }), 404, NO_TABLE);
    expectError(await call(`/api/tables/${NO_TABLE}/columns/slen/udf`, { method: "PUT", body: { source: SLEN } }), 404, NO_TABLE);
  });

  it("unknown column", async () => {
    expectError(await call(`/api/tables/${TABLE}/columns/no_col/udf`, { method: "PUT", body: { source: SLEN } }), 404, "no_col", TABLE);
    expectError(await call(`/api/tables/${TABLE}/columns/no_col/udf`), 404, "no_col");
    expectError(await call(`/api/tables/${TABLE}/backfills`, { body: { column: "no_col" } }), 404, "no_col", TABLE);
    expectError(await call(`/api/tables/${TABLE}/backfills`, { body: { column: "no_col", dryRun: true } }), 404, "no_col", TABLE);
  });

  it("unknown job", async () => {
    expectError(await call(`/api/jobs/${NO_JOB}`), 404, NO_JOB);
    expectError(await call(`/api/jobs/${NO_JOB}/events`), 404, NO_JOB);
    expectError(await call(`/api/jobs/${NO_JOB}/cancel`, { body: {} }), 404, NO_JOB);
    expectError(await call(`/api/jobs/${NO_JOB}/resume`, { body: {} }), 404, NO_JOB);
    expectError(await call(`/api/jobs/${NO_JOB}/errors`), 404, NO_JOB);
    expectError(await call(`/api/jobs/${NO_JOB}/logs`), 404, NO_JOB);
  });
});

describe("request bodies → 400", () => {
  const endpoints: { name: string; method: string; path: string; missing: [body: object, field: string][] }[] = [
    { name: "POST columns", method: "POST", path: `/api/tables/${TABLE}/columns`, missing: [[{ source: SLEN }, "name"], [{ name: "c1" }, "source"]] },
    { name: "PUT udf", method: "PUT", path: `/api/tables/${TABLE}/columns/slen/udf`, missing: [[{}, "source"], [{ source: "   " }, "source"]] },
    { name: "POST preview", method: "POST", path: "/api/preview", missing: [[{ source: SLEN }, "table"], [{ table: TABLE }, "source"]] },
    { name: "POST backfills", method: "POST", path: `/api/tables/${TABLE}/backfills`, missing: [[{}, "column"], [{ column: "" }, "column"]] },
    { name: "POST udfs/validate", method: "POST", path: "/api/udfs/validate", missing: [[{ table: TABLE }, "source"]] },
  ];

  for (const ep of endpoints) {
    it(`${ep.name}: invalid JSON, a non-object body and missing fields`, async () => {
      expectError(await call(ep.path, { method: ep.method, raw: "{not json" }), 400, "JSON");
      expectError(await call(ep.path, { method: ep.method, raw: "" }), 400, "JSON");
      for (const raw of ["[1, 2]", '"a string"', "42", "null"]) expectError(await call(ep.path, { method: ep.method, raw }), 400, "object");
      for (const [body, field] of ep.missing) expectError(await call(ep.path, { method: ep.method, body }), 400, field);
    });
  }
});

describe("UDF validation", () => {
  const validate = (source: string) => call("/api/udfs/validate", { body: { table: TABLE, source } });

  function expectInvalid(res: ApiResponse, kind: string, ...mentions: string[]) {
    expectError(res, 400, ...mentions);
    expect(res.body.details?.kind, JSON.stringify(res.body)).toBe(kind);
  }

  it("accepts a valid UDF and describes it", async () => {
    const res = await validate(SLEN);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.udf).toMatchObject({ name: "slen", inputColumns: ["s"], dataType: "int64", kind: "scalar" });
  });

  it("syntax error with its line and column", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def f(x: float) -> float:
          y = x $ 2
          return y
    `);
    const lines = source.split("\n");
    const line = lines.findIndex((l) => l.includes("$")) + 1;
    const column = lines[line - 1].indexOf("$") + 1;
    const res = await validate(source);
    expectInvalid(res, "syntax", "syntax", `line ${line}`);
    expect(res.body.details).toMatchObject({ line, column });
    expect(line).toBe(5);
  });

  it("no @udf", async () => {
    expectInvalid(await validate("def f(x: float) -> float:\n    return x\n"), "no_udf", "@udf");
  });

  it("two @udf functions", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def first(x: float) -> float:
          return x

      @udf
      def second(id: int) -> int:
          return id
    `);
    expectInvalid(await validate(source), "several_udfs", "first", "second");
  });

  it("unknown input column, named", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def f(no_such_input: float) -> float:
          return no_such_input
    `);
    expectInvalid(await validate(source), "input_column", "no_such_input");
    const viaArg = src(`
      from geneva import udf

      @udf(input_columns=["ghost_col"])
      def f(v: float) -> float:
          return v
    `);
    expectInvalid(await validate(viaArg), "input_column", "ghost_col");
  });

  it("missing data_type for a batched pa.Array UDF", async () => {
    const source = src(`
      import pyarrow as pa
      from geneva import udf

      @udf
      def f(x: pa.Array) -> pa.Array:
          return x
    `);
    expectInvalid(await validate(source), "data_type", "data_type");
  });

  it("a scalar int parameter fed by the string column s", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def f(s: int) -> int:
          return s
    `);
    expectInvalid(await validate(source), "input_type", "'s'", "int", "string");
  });

  it("adding a column validates the UDF first and stores nothing when it is invalid", async () => {
    const res = await call(`/api/tables/${TABLE}/columns`, { body: { name: "broken", source: "from geneva import udf\n@udf\ndef f(x: float) -> float:\n    return x $ 1\n" } });
    expectInvalid(res, "syntax", "syntax");
    const bad = await call(`/api/tables/${TABLE}/columns`, { body: { name: "broken", source: src(`
      from geneva import udf

      @udf
      def f(ghost: float) -> float:
          return ghost
    `) } });
    expectInvalid(bad, "input_column", "ghost");
    const table = await call(`/api/tables/${TABLE}`);
    expect(table.body.columns.map((c: { name: string }) => c.name)).not.toContain("broken");
  });

  it("replacing a UDF validates it too", async () => {
    const res = await call(`/api/tables/${TABLE}/columns/slen/udf`, { method: "PUT", body: { source: "def f(s):\n    return 1\n" } });
    expectInvalid(res, "no_udf", "@udf");
  });
});

describe("columns", () => {
  it("an added UDF column is nullable, all NULL and carries its UDF", async () => {
    const res = await call(`/api/tables/${TABLE}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: TABLE, numRows: ROWS });
    expect(typeof res.body.version).toBe("number");
    const col = res.body.columns.find((c: { name: string }) => c.name === "nplus");
    expect(col).toMatchObject({ name: "nplus", nullable: true, filled: 0, udf: { name: "nplus", inputColumns: ["n"], dataType: "int64", source: PLUS_ONE } });
    expect(typeof col.udf.version).toBe("string");
    const plain = res.body.columns.find((c: { name: string }) => c.name === "s");
    expect(plain.udf).toBeUndefined();
    const list = await call("/api/tables");
    expect(list.status).toBe(200);
    const udfColumns = res.body.columns.filter((c: { udf?: unknown }) => c.udf).length;
    expect(udfColumns).toBeGreaterThan(0);
    expect(list.body).toContainEqual({ name: TABLE, numRows: ROWS, udfColumns });
  });

  it("an existing column name → 409 naming it", async () => {
    expectError(await call(`/api/tables/${TABLE}/columns`, { body: { name: "s", source: SLEN } }), 409, "'s'");
    expectError(await call(`/api/tables/${TABLE}/columns`, { body: { name: "slen", source: SLEN } }), 409, "slen");
  });

  it("an invalid column name → 400 naming it", async () => {
    for (const name of ["1starts_with_digit", "has.dot", "x".repeat(300)]) {
      expectError(await call(`/api/tables/${TABLE}/columns`, { body: { name, source: SLEN } }), 400, name.slice(0, 40));
    }
    expectError(await call(`/api/tables/${TABLE}/columns`, { body: { name: 7, source: SLEN } }), 400, "name");
  });

  it("replacing a UDF changes its version; a column without a UDF cannot get one", async () => {
    const before = await call(`/api/tables/${TABLE}/columns/nplus/udf`);
    expect(before.status).toBe(200);
    const replaced = await call(`/api/tables/${TABLE}/columns/nplus/udf`, { method: "PUT", body: { source: PLUS_ONE.replace("n + 1", "1 + n") } });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.udf.version).not.toBe(before.body.udf.version);
    const back = await call(`/api/tables/${TABLE}/columns/nplus/udf`, { method: "PUT", body: { source: PLUS_ONE } });
    expect(back.status).toBe(200);
    // a plain data column: attaching a UDF would let a backfill overwrite its data
    const label = src(`
      from geneva import udf

      @udf
      def label(id: int) -> str:
          return str(id)
    `);
    expectError(await call(`/api/tables/${TABLE}/columns/s/udf`, { method: "PUT", body: { source: label } }), 400, "'s'", "no UDF");
    const dry = await call(`/api/tables/${TABLE}/backfills`, { body: { column: "s", dryRun: true } });
    expectError(dry, 400, "'s'", "UDF");
    expectError(await call(`/api/tables/${TABLE}/columns/s/udf`), 404, "'s'");
  });
});

describe("rows", () => {
  it("reads rows with limit, offset, where and columns", async () => {
    const res = await call(`/api/tables/${TABLE}/rows?limit=5&offset=2&where=${encodeURIComponent("n = 3")}&columns=id,n`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows.map((r: { id: number }) => r.id)).toEqual([17, 24, 31, 38, 45]);
    for (const r of res.body.rows) expect(r.n).toBe(3);
  });

  it("count=1 adds the number of rows matching the where", async () => {
    const all = await call(`/api/tables/${TABLE}/rows?limit=3&count=1`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.total).toBe(ROWS);
    expect(all.body.rows).toHaveLength(3);
    const some = await call(`/api/tables/${TABLE}/rows?limit=3&count=true&where=${encodeURIComponent("n = 3")}`);
    expect(some.body.total).toBe(Array.from({ length: ROWS }, (_, i) => i % 7).filter((n) => n === 3).length);
    // countRows cannot push a _rowid filter down on a default table: the scan fallback answers
    const byId = await call(`/api/tables/${TABLE}/rows?count=1&where=${encodeURIComponent("_rowid < 10")}`);
    expect(byId.status, JSON.stringify(byId.body)).toBe(200);
    expect(byId.body.total).toBe(10);
    expect((await call(`/api/tables/${TABLE}/rows?limit=3`)).body.total).toBeUndefined();
  });

  it("limit 0, 5000 and 'abc' → 400; a negative offset → 400", async () => {
    for (const limit of ["0", "5000", "abc", "1.5"]) expectError(await call(`/api/tables/${TABLE}/rows?limit=${limit}`), 400, "limit");
    expectError(await call(`/api/tables/${TABLE}/rows?offset=-1`), 400, "offset");
  });

  it("an invalid where → 400 with Lance's message and no Rust source paths", async () => {
    for (const [where, mention] of [["n >>= 3", ">>="], ["no_such_field = 1", "no_such_field"], ["id = 'abc'", "abc"]]) {
      const res = await call(`/api/tables/${TABLE}/rows?where=${encodeURIComponent(where)}`);
      expectError(res, 400, mention);
      expect(res.body.error).not.toMatch(/\.rs:\d+/);
    }
  });

  it("unknown columns → 400 naming them", async () => {
    expectError(await call(`/api/tables/${TABLE}/rows?columns=id,ghost_a,ghost_b`), 400, "ghost_a", "ghost_b");
  });
});

describe("backfills: validation and dry run", () => {
  const backfill = (body: Record<string, unknown>) => call(`/api/tables/${TABLE}/backfills`, { body });

  it("an invalid where → 400 naming the problem, and no job is created", async () => {
    const before = await jobCount();
    for (const [where, mention] of [["n === 3", "==="], ["ghost_field > 1", "ghost_field"]]) {
      for (const dryRun of [false, true]) {
        const res = await backfill({ column: "twice", where, dryRun });
        expectError(res, 400, "where", mention);
        expect(res.body.error).not.toMatch(/\.rs:\d+/);
      }
    }
    expectError(await backfill({ column: "twice", where: 42 }), 400, "where");
    expect(await jobCount()).toBe(before);
  });

  it("concurrency, checkpointSize, dryRun and runner are checked", async () => {
    const before = await jobCount();
    for (const concurrency of [0, 1000, 1.5, "2"]) expectError(await backfill({ column: "twice", concurrency }), 400, "concurrency");
    for (const checkpointSize of [0, -5, 2.5]) expectError(await backfill({ column: "twice", checkpointSize }), 400, "checkpointSize");
    expectError(await backfill({ column: "twice", dryRun: "yes" }), 400, "dryRun");
    expectError(await backfill({ column: "twice", runner: "ray" }), 400, "ray");
    expect(await jobCount()).toBe(before);
  });

  it("a column without a UDF → 400 naming it", async () => {
    expectError(await backfill({ column: "s" }), 400, "'s'", "UDF");
    expectError(await backfill({ column: "s", dryRun: true }), 400, "'s'", "UDF");
  });

  it("a dry run returns the plan's counts for a where, and for the default", async () => {
    const perFragment = rowsWithN3();
    const expected = perFragment.reduce((a, b) => a + b, 0);
    expect(expected).toBe(286);
    const before = await jobCount();

    const res = await backfill({ column: "nplus", where: "n = 3", checkpointSize: 30, dryRun: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      rowsMatching: expected,
      rowsDone: 0,
      rowsToCompute: expected,
      fragments: FRAGMENTS,
      batches: perFragment.reduce((a, c) => a + Math.ceil(c / 30), 0),
    });

    const all = await backfill({ column: "nplus", checkpointSize: 128, dryRun: true });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toMatchObject({
      rowsMatching: ROWS, rowsDone: 0, rowsToCompute: ROWS, fragments: FRAGMENTS, batches: FRAGMENTS * Math.ceil(ROWS_PER_FRAGMENT / 128),
    });

    const none = await backfill({ column: "nplus", where: "id < 0", dryRun: true });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ rowsMatching: 0, rowsToCompute: 0, fragments: 0, batches: 0 });
    expect(await jobCount()).toBe(before);
  });
});

describe("preview", () => {
  const preview = (body: Record<string, unknown>) => call("/api/preview", { body: { table: TABLE, source: TWICE, ...body } });

  it("limit 0 and 1001, a non-integer limit and sample 'weird' → 400", async () => {
    for (const limit of [0, 1001, 2.5, "10"]) expectError(await preview({ limit }), 400, "limit");
    expectError(await preview({ sample: "weird" }), 400, "sample");
    expectError(await preview({ where: "n ==== 1" }), 400, "where");
  });

  it("an invalid UDF → 400 with its details", async () => {
    const res = await preview({ source: "from geneva import udf\n@udf\ndef f(ghost: int) -> int:\n    return ghost\n" });
    expectError(res, 400, "ghost");
    expect(res.body.details.kind).toBe("input_column");
  });

  it("rows where the UDF raises carry {type, message, traceback}; the others carry outputs", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def picky(id: int) -> int:
          if id % 3 == 0:
              raise ValueError(f"no multiples of three: {id}")
          return id * 2
    `);
    const res = await preview({ source, limit: 12 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.outputType).toBe("int64");
    expect(typeof res.body.elapsedMs).toBe("number");
    expect(res.body.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(res.body.rows).toHaveLength(12);
    const ids = res.body.rows.map((r: { input: { id: number } }) => r.input.id).sort((a: number, b: number) => a - b);
    expect(ids).toEqual([...Array(12).keys()]);
    for (const row of res.body.rows) {
      const id = row.input.id;
      expect(Object.keys(row.input)).toEqual(["id"]);
      if (id % 3 === 0) {
        expect(row.output).toBeNull();
        expect(row.error).toMatchObject({ type: "ValueError", message: `no multiples of three: ${id}` });
        expect(row.error.traceback).toContain("ValueError");
        expect(row.error.traceback).toContain("picky");
      } else {
        expect(row.error).toBeUndefined();
        expect(row.output).toBe(id * 2);
      }
    }
  });

  it("samples randomly within a where", async () => {
    const source = src(`
      from geneva import udf

      @udf
      def both(id: int, n: int) -> int:
          return id + n
    `);
    const res = await preview({ source, limit: 7, sample: "random", where: "n = 2" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rows).toHaveLength(7);
    for (const row of res.body.rows) {
      expect(row.input.n).toBe(2);
      expect(row.input.id % 7).toBe(2);
      expect(row.output).toBe(row.input.id + 2);
    }
  });
});

describe("clusters: bad input (no Ray needed)", () => {
  it("POST /api/clusters checks kind, name, address and token, and an unreachable cluster is a 400", async () => {
    expectError(await call("/api/clusters", { body: { name: "a", kind: "k8s", address: "http://127.0.0.1:1" } }), 400, "kind");
    expectError(await call("/api/clusters", { body: { kind: "ray", address: "http://127.0.0.1:1" } }), 400, "name");
    expectError(await call("/api/clusters", { body: { name: "bad name!", kind: "ray", address: "http://127.0.0.1:1" } }), 400, "name");
    expectError(await call("/api/clusters", { body: { name: "a", kind: "ray" } }), 400, "address");
    expectError(await call("/api/clusters", { body: { name: "a", kind: "ray", address: "nope" } }), 400, "not a URL");
    expectError(await call("/api/clusters", { body: { name: "a", kind: "ray", address: "ftp://x" } }), 400, "http");
    expectError(await call("/api/clusters", { body: { name: "a", kind: "ray", address: "http://x", token: 5 } }), 400, "token");
    expectError(await call("/api/clusters", { raw: "{" }), 400, "JSON");
    const port = await freePort();
    expectError(await call("/api/clusters", { body: { name: "a", kind: "ray", address: `http://127.0.0.1:${port}` } }), 400, "unreachable", String(port));
    expect((await call("/api/clusters")).body).toEqual([]);
  });

  it("unknown cluster → 404 on GET and DELETE, 400 on a backfill", async () => {
    const backfill = (body: Record<string, unknown>) => call(`/api/tables/${TABLE}/backfills`, { body });
    expectError(await call("/api/clusters/nope"), 404, "nope");
    expectError(await call("/api/clusters/nope", { method: "DELETE" }), 404, "nope");
    expectError(await backfill({ column: "twice", cluster: "nope" }), 400, "unknown cluster 'nope'");
    expectError(await backfill({ column: "twice", cluster: "nope", workerGroup: [1] }), 400, "workerGroup");
  });
});

describe("jobs", () => {
  let first: any;

  it("GET /api/jobs?state=bogus → 400 naming the states", async () => {
    expectError(await call("/api/jobs?state=bogus"), 400, "state", "succeeded");
  });

  it("a real backfill: GET /api/jobs/:id has every field, and the column is filled", async () => {
    const id = await launch("slen", { checkpointSize: 300 });
    first = await waitForJob(srv, id, undefined, 120_000);
    const res = await call(`/api/jobs/${id}`);
    expect(res.status).toBe(200);
    const job = res.body;
    for (const field of ["id", "table", "column", "where", "udfVersion", "runner", "state", "rowsPlanned", "rowsCheckpointed", "rowsCommitted",
      "rowsFailed", "createdAt", "startedAt", "finishedAt", "updatedAt", "error", "events"]) {
      expect(job, `job lacks ${field}`).toHaveProperty([field]);
    }
    const udf = await call(`/api/tables/${TABLE}/columns/slen/udf`);
    expect(job).toMatchObject({
      id, table: TABLE, column: "slen", where: null, udfVersion: udf.body.udf.version, runner: "local", state: "succeeded",
      rowsPlanned: ROWS, rowsCheckpointed: ROWS, rowsCommitted: ROWS, rowsFailed: 0, error: null,
    });
    for (const ts of [job.createdAt, job.startedAt, job.finishedAt, job.updatedAt]) expect(Number.isNaN(Date.parse(ts)), ts).toBe(false);
    expect(Date.parse(job.createdAt)).toBeLessThanOrEqual(Date.parse(job.startedAt));
    expect(Date.parse(job.startedAt)).toBeLessThanOrEqual(Date.parse(job.finishedAt));
    expect(job.events.length).toBeGreaterThan(0);
    for (const ev of job.events) expect(ev).toMatchObject({ ts: expect.any(String), type: expect.any(String), message: expect.any(String) });

    const values = readColumn(dbUri, TABLE, "slen");
    const strings = readColumn(dbUri, TABLE, "s") as string[];
    expect(values).toEqual(strings.map((s) => s.length));

    const table = await call(`/api/tables/${TABLE}`);
    expect(table.body.columns.find((c: { name: string }) => c.name === "slen").filled).toBe(1);

    const errors = await call(`/api/jobs/${id}/errors?limit=10`);
    expect(errors.status).toBe(200);
    expect(errors.body).toEqual([]);
    expectError(await call(`/api/jobs/${id}/errors?limit=0`), 400, "limit");
    const logs = await call(`/api/jobs/${id}/logs?tail=20`);
    expect(logs.status).toBe(200);
    expect(Array.isArray(logs.body.lines)).toBe(true);
  });

  it("cancel or resume of a succeeded job → 409 naming its state", async () => {
    expectError(await call(`/api/jobs/${first.id}/cancel`, { body: {} }), 409, first.id, "succeeded");
    expectError(await call(`/api/jobs/${first.id}/resume`, { body: {} }), 409, first.id, "succeeded");
    const after = await call(`/api/jobs/${first.id}`);
    expect(after.body.state).toBe("succeeded");
  });

  it("lists jobs newest first and filters by table, column and state", async () => {
    const second = await launch("slen", { where: "n = 3" });
    await waitForJob(srv, second, undefined, 120_000);
    const other = await launch("twice", { where: "id < 100" });
    await waitForJob(srv, other, undefined, 120_000);

    const all = await call("/api/jobs");
    expect(all.status).toBe(200);
    const ids = all.body.map((j: { id: string }) => j.id);
    expect(ids.indexOf(other)).toBeLessThan(ids.indexOf(second));
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first.id));
    const created = all.body.map((j: { createdAt: string }) => j.createdAt);
    expect(created).toEqual([...created].sort().reverse());

    const slen = await call(`/api/jobs?table=${TABLE}&column=slen`);
    expect(slen.status).toBe(200);
    expect(slen.body.map((j: { id: string }) => j.id)).toEqual([second, first.id]);
    expect(slen.body[0]).toMatchObject({ where: "n = 3", rowsPlanned: 286, rowsCommitted: 286, state: "succeeded" });

    const twice = await call(`/api/jobs?table=${TABLE}&column=twice&state=succeeded`);
    expect(twice.body.map((j: { id: string }) => j.id)).toEqual([other]);
    expect((await call(`/api/jobs?table=${TABLE}&column=twice&state=failed`)).body).toEqual([]);
    expect((await call(`/api/jobs?table=${NO_TABLE}`)).body).toEqual([]);
  });
});

describe("SSE: GET /api/jobs/:id/events", () => {
  it("streams progress at least once a second while a job runs, then end", async () => {
    const id = await launch("slow", { checkpointSize: 250 });
    const streamed = readEvents(`/api/jobs/${id}/events`, 90_000);
    // while it runs, a second backfill of the same column is refused, naming the job
    expectError(await call(`/api/tables/${TABLE}/backfills`, { body: { column: "slow" } }), 409, id);

    const { status, contentType, events, closedByServer } = await streamed;
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(closedByServer).toBe(true);

    const progress = events.filter((e) => e.event === "progress");
    const end = events.filter((e) => e.event === "end");
    expect(end).toHaveLength(1);
    expect(events[events.length - 1].event).toBe("end");
    expect(end[0].data).toMatchObject({ state: "succeeded", error: null });

    // it really ran for a while, and progress came at least once a second
    expect(progress[0].data.state).toMatch(/^(queued|running)$/);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const runtime = end[0].atMs - progress[0].atMs;
    expect(runtime).toBeGreaterThan(2000);
    for (let i = 1; i < progress.length; i++) {
      const gap = progress[i].atMs - progress[i - 1].atMs;
      expect(gap, `progress gap ${gap} ms between events ${i - 1} and ${i}`).toBeLessThan(1400);
    }
    expect(end[0].atMs - progress[progress.length - 1].atMs).toBeLessThan(1400);
    for (const p of progress) expect(p.data).toMatchObject({ id, table: TABLE, column: "slow" });
    const checkpointed = progress.map((p) => p.data.rowsCheckpointed);
    expect(checkpointed).toEqual([...checkpointed].sort((a, b) => a - b));
    expect(progress[progress.length - 1].data).toMatchObject({ state: "succeeded", rowsCommitted: ROWS });
  });

  it("for a finished job: one progress and an end, at once", async () => {
    const [job] = (await call(`/api/jobs?column=slow&state=succeeded`)).body;
    const t0 = Date.now();
    const { status, contentType, events, closedByServer } = await readEvents(`/api/jobs/${job.id}/events`, 10_000);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(closedByServer).toBe(true);
    expect(events.map((e) => e.event)).toEqual(["progress", "end"]);
    expect(events[0].data).toMatchObject({ id: job.id, state: "succeeded", rowsCommitted: ROWS });
    expect(events[1].data).toMatchObject({ state: "succeeded" });
  });
});

describe("no 500s", () => {
  it("no response in this file was a server error", () => {
    expect(seen.length).toBeGreaterThan(100);
    const bad = seen.filter((s) => s.status >= 500);
    expect(bad, `${JSON.stringify(bad)}\n--- server log ---\n${srv.logs().slice(-4000)}`).toEqual([]);
  });
});
