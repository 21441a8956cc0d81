// Every API route, taken from GET /api/openapi.json (a route the app has but
// the document lacks fails the first test), gets malformed JSON, a 20 MB
// body, wrong types, unknown fields, path traversal and odd unicode in names,
// hostile `where` strings and empty values. Never a 500, never a crash (the
// server answers /api/health at the end), every error is JSON naming the
// problem, and the data is intact: same tables, schema, versions, jobs, and
// the same checksum of every value (read independently with pylance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable, pyJson } from "../helpers/python";
import { implementedRoutes } from "../helpers/routes";
import { freePort, startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";

const TABLE = "items";
const COLUMN = "slen";
const SLEN = "from geneva import udf\n\n@udf\ndef slen(s: str) -> int:\n    return len(s)\n";
let srv: TestServer;
let db: string;
let jobId: string;
let deadPort: number;
let doc: any;
const seen: { call: string; status: number; error?: string }[] = [];

interface Sent {
  status: number;
  body: any;
  ms: number;
}

async function send(method: string, p: string, body?: string | ReadableStream, headers: Record<string, string> = {}): Promise<Sent> {
  const t0 = Date.now();
  const res = await fetch(srv.url + p, {
    method, body, headers: { "content-type": "application/json", ...headers },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // checked below: errors must be JSON
  }
  const out = { status: res.status, body: parsed, ms: Date.now() - t0 };
  const call = `${method} ${p.slice(0, 120)}${typeof body === "string" ? ` ${body.slice(0, 80)}` : ""}`;
  seen.push({ call, status: res.status, error: typeof parsed === "object" ? parsed?.error : String(parsed).slice(0, 200) });
  // 431: a URL longer than Node's header limit (16 KB) is refused by Node's HTTP parser before any code of ours runs.
  if (res.status >= 400 && res.status !== 431) {
    expect(typeof parsed, `${call} → ${res.status} not JSON: ${String(text).slice(0, 300)}`).toBe("object");
    expect(typeof parsed.error, `${call} → ${res.status} without an error message`).toBe("string");
    expect(parsed.error.length, call).toBeGreaterThan(0);
  }
  return out;
}

/** The response is a 4xx whose error mentions each of `mentions` (case-insensitive). */
function expect4xx(res: Sent, what: string, ...mentions: string[]) {
  expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
  for (const m of mentions) expect(res.body.error.toLowerCase(), `${what}: ${res.body.error}`).toContain(m.toLowerCase());
}

const expectNot5xx = (res: Sent, what: string) => expect(res.status, `${what}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);

// -------------------------------------------------------------- routes

interface Route {
  path: string;
  method: string;
  pathParams: string[];
  query: { name: string; schema: any }[];
  body?: { properties: Record<string, any>; required: string[] };
}

function routes(): Route[] {
  const out: Route[] = [];
  for (const [p, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const params: any[] = op.parameters ?? [];
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      out.push({
        path: p, method: method.toUpperCase(),
        pathParams: params.filter((x) => x.in === "path").map((x) => x.name),
        query: params.filter((x) => x.in === "query").map((x) => ({ name: x.name, schema: x.schema })),
        body: schema ? { properties: schema.properties ?? {}, required: schema.required ?? [] } : undefined,
      });
    }
  }
  return out;
}

/** Values that exist (or are well-formed) for each path parameter. */
const validParam = (name: string) => ({ table: TABLE, column: COLUMN, id: jobId, name: "no-such-cluster" })[name] ?? "x";

function fill(route: Route, override: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_, n) => override[n] ?? encodeURIComponent(validParam(n)));
}

/** A body that passes validation and has no side effect (dry runs, unreachable clusters, 409s). */
function validBody(route: Route): Record<string, unknown> {
  switch (route.path) {
    case "/api/tables/{table}/columns": return { name: COLUMN, source: SLEN }; // exists: 409, nothing added
    case "/api/tables/{table}/columns/{column}/udf": return { source: SLEN.replace("len(s)", "len(s) + 0") };
    case "/api/udfs/validate": return { table: TABLE, source: SLEN };
    case "/api/preview": return { table: TABLE, source: SLEN, limit: 2 };
    case "/api/tables/{table}/backfills": return { column: COLUMN, dryRun: true };
    case "/api/clusters": return { name: "c1", kind: "ray", address: `http://127.0.0.1:${deadPort}` };
    // cluster designs: "no-such-cluster" does not exist (404s); a new design is checked, not run
    case "/api/cluster-configs": return { name: "bad-input-design", head: { image: "rayproject/ray:2.60.0", cpus: 1, memory: "2Gi" }, workerGroups: [] };
    case "/api/cluster-configs/{name}": return { head: { image: "rayproject/ray:2.60.0", cpus: 1, memory: "2Gi" }, workerGroups: [] };
    case "/api/cluster-configs/{name}/check": return { table: TABLE, column: COLUMN };
    case "/api/cluster-configs/{name}/local": return { version: 1 };
    // no kubeconfig here: a clear 400 before anything is created
    case "/api/kubernetes/namespaces/{namespace}/rayclusters": return { config: "no-such-cluster" };
    case "/api/kubernetes/namespaces/{namespace}/rayclusters/{name}/connect": return { access: "port-forward" };
    // authentication is off in this suite: sign-in and tokens answer 4xx; users are a 409 or 404
    case "/api/auth/login": return { name: "nobody", password: "not a password" };
    case "/api/auth/tokens": return { name: "script" };
    case "/api/users": return { name: "admin", role: "viewer", password: "a long enough password" };
    case "/api/users/{name}": return { role: "viewer" };
    default: throw new Error(`no valid body for ${route.method} ${route.path}: add one here`);
  }
}

// Hostile names: traversal, absolute paths, NUL, RTL / zero-width / emoji, a lone
// surrogate (invalid UTF-8 once encoded), very long, SQL-ish, blank.
const HOSTILE_NAMES = [
  "../../etc", "../../../etc/passwd", "/etc/passwd", "..", "\u0000", `${TABLE}\u0000`, `${TABLE}\u0000.lance`, "a\u0000b",
  "\u202esmeti", `it\u200bems`, "\u{1F600}", "\ud800", "x".repeat(5000), " ", `${TABLE}'--`, `${TABLE}; DROP TABLE ${TABLE}`, "%", "..\\..\\windows",
];
const HOSTILE_PATH_SEGMENTS = [
  ...HOSTILE_NAMES.filter((n) => n !== "\ud800").map(encodeURIComponent),
  "%ED%A0%80", "%FF%FE", "..%2F..%2Fetc", "%2E%2E%2F%2E%2E%2Fetc", "%252F..%252F",
];
const HOSTILE_WHERES = [
  "1=1; DROP TABLE items", "' OR '1'='1", "id = 1 UNION SELECT * FROM items", "id = 1 --", "/* */ id = 1", "s = 'unbalanced", 'id = "x', "((id = 1)",
  "sleep(10) = 1", "length(repeat(s, 100000000)) > 0", "lpad(s, 2000000000, 'x') = s", "regexp_replace(s, '', s) = s", "x".repeat(100_000),
  // deep chains under the length cap: ~700 terms overflow the planner's stack (SIGSEGV) without the where guard
  "id=1 OR ".repeat(1200) + "id=2", "a OR ".repeat(1900) + "a", "NOT ".repeat(2400) + "id = 1", "id+".repeat(3000) + "1 > 0",
  "(".repeat(4000) + "id = 1" + ")".repeat(4000),
  "abs(".repeat(300) + "id" + ")".repeat(300) + " > 0", `s = '\u202e\u200b\u{1F600}'`, "s = '\ud800'", "\u0000", "id = \u0000", "", "   ",
];
const MALFORMED = ["{not json", '{"a":', "[", "", '{"a":1}}', "\u0000", "{'single': 1}", "NaN", '{"a": 1,}', "\u00ff\u00fe", "[".repeat(100_000)];
const OPTIONAL_BODY = new Set(["POST /api/cluster-configs/{name}/local", "POST /api/kubernetes/namespaces/{namespace}/rayclusters/{name}/connect"]);
const NOT_OBJECT = ["[1, 2]", '"a string"', "42", "null", "true"];

/** Values of the wrong JSON type for a property schema. */
function wrongTypes(schema: any): unknown[] {
  if (schema.enum) return [12345, "bogus-value", [], {}];
  if (schema.oneOf) return [12345, true, [1, 2]];
  switch (schema.type) {
    case "string": return [12345, true, [], {}, ["a"]];
    case "integer": return ["10", 1.5, true, [], {}];
    case "number": return ["1", true, [], {}];
    case "boolean": return ["yes", 1, [], {}];
    case "array": return ["a string", 5, {}, [1], [{}]];
    case "object": return ["a string", 5, [1]];
    default: return [];
  }
}

// ------------------------------------------------------------ data intact

const CHECKSUM = `
import sys, json, hashlib, lance
ds = lance.dataset(sys.argv[1] + "/items.lance")
t = ds.to_table().sort_by("id")
h = hashlib.sha256()
for name in t.column_names:
    h.update(name.encode()); h.update(repr(t.column(name).to_pylist()).encode())
print(json.dumps({"rows": t.num_rows, "version": ds.version, "columns": t.column_names, "sha": h.hexdigest()}))
`;

async function snapshot() {
  const tables = await srv.api("/api/tables");
  const table = await srv.api(`/api/tables/${TABLE}`);
  const jobs = await srv.api("/api/jobs");
  const clusters = await srv.api("/api/clusters");
  return {
    tables: tables.body, version: table.body.version, columns: table.body.columns,
    jobs: jobs.body.map((j: any) => `${j.id}:${j.state}`), clusters: clusters.body, data: pyJson(CHECKSUM, [db]),
  };
}

let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  db = tempDir("bfs-bad-");
  makeTable(db, TABLE, 2000, 4);
  deadPort = await freePort();
  srv = await startServer(db);
  expect((await srv.api(`/api/tables/${TABLE}/columns`, { body: { name: COLUMN, source: SLEN } })).status).toBe(201);
  const launched = await srv.api(`/api/tables/${TABLE}/backfills`, { body: { column: COLUMN, concurrency: 1 } });
  jobId = launched.body.jobId;
  expect((await waitForJob(srv, jobId)).state).toBe("succeeded");
  doc = (await srv.api("/api/openapi.json")).body;
  before = await snapshot();
});
afterAll(async () => {
  await srv?.stop();
});

// ------------------------------------------------------------------ tests

describe("bad input on every route", () => {
  it("the OpenAPI document lists every route the app implements", () => {
    const impl = implementedRoutes();
    for (const [p, methods] of impl) for (const m of methods) expect(doc.paths[p]?.[m], `${m.toUpperCase()} ${p} is not in /api/openapi.json`).toBeDefined();
    expect(routes().length).toBeGreaterThanOrEqual(20);
  });

  it("path traversal, NUL, odd unicode and huge names in path parameters", async () => {
    for (const route of routes().filter((r) => r.pathParams.length)) {
      for (const param of route.pathParams) {
        for (const seg of HOSTILE_PATH_SEGMENTS) {
          const p = fill(route, { [param]: seg });
          const body = route.body ? JSON.stringify(validBody(route)) : undefined;
          const res = await send(route.method, p, body);
          expectNot5xx(res, `${route.method} ${route.path} with ${param}=${seg.slice(0, 40)}`);
          // a hostile name never matches anything real
          if (res.status < 300 && route.method !== "GET") throw new Error(`${route.method} ${p} succeeded: ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
  });

  it("hostile query parameters", async () => {
    for (const route of routes().filter((r) => r.query.length)) {
      for (const q of route.query) {
        const values = q.name === "where" ? HOSTILE_WHERES : ["abc", "-1", "0", "1e309", "99999999999999999999", "", "1.5", "0x10", "[]", "null", "\u0000", "\u{1F600}", "x".repeat(10_000), ...HOSTILE_NAMES];
        for (const v of values) {
          const res = await send(route.method, `${fill(route)}?${q.name}=${v.isWellFormed() ? encodeURIComponent(v) : "%ED%A0%80"}`);
          expectNot5xx(res, `${route.method} ${route.path}?${q.name}=${v.slice(0, 40)}`);
          if (q.schema?.type === "integer" && res.status >= 400) expect(res.body.error, v).toContain(q.name);
        }
      }
    }
  });

  it("malformed JSON and bodies that are not objects → 400 naming it", async () => {
    for (const route of routes().filter((r) => r.body)) {
      // actions whose options all have defaults take an empty body
      const optional = OPTIONAL_BODY.has(`${route.method} ${route.path}`);
      for (const raw of MALFORMED) if (!(optional && raw === "")) expect4xx(await send(route.method, fill(route), raw), `${route.method} ${route.path} ${raw.slice(0, 20)}`, "JSON");
      for (const raw of NOT_OBJECT) expect4xx(await send(route.method, fill(route), raw), `${route.method} ${route.path} ${raw}`, "object");
    }
  });

  it("a 20 MB body → 413 before it is read, with or without a content-length", async () => {
    const huge = JSON.stringify({ source: "x".repeat(20 * 1024 * 1024) });
    for (const route of routes().filter((r) => r.body)) {
      const res = await send(route.method, fill(route), huge);
      expect(res.status, `${route.method} ${route.path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(413);
      expect(res.body.error).toMatch(/too large/);
      // chunked: no content-length, so the server must count as it reads
      const bytes = new TextEncoder().encode(huge);
      const stream = new ReadableStream({
        start(ctl) {
          for (let i = 0; i < bytes.length; i += 1 << 20) ctl.enqueue(bytes.subarray(i, i + (1 << 20)));
          ctl.close();
        },
      });
      const chunked = await send(route.method, fill(route), stream);
      expect(chunked.status, `${route.method} ${route.path} (chunked)`).toBe(413);
    }
  });

  it("wrong types → 400 naming the field", async () => {
    for (const route of routes().filter((r) => r.body)) {
      for (const [prop, schema] of Object.entries(route.body!.properties)) {
        for (const v of wrongTypes(schema)) {
          const body = { ...validBody(route), [prop]: v };
          expect4xx(await send(route.method, fill(route), JSON.stringify(body)), `${route.method} ${route.path} ${prop}=${JSON.stringify(v)}`, prop);
        }
      }
    }
  });

  it("unknown fields → 400 naming them", async () => {
    for (const route of routes().filter((r) => r.body)) {
      for (const field of ["bogusField", "__proto__", "constructor", "", "\u202efield", "chekpointSize"]) {
        const raw = JSON.stringify(validBody(route)).replace(/^\{/, `{${JSON.stringify(field)}: 1, `);
        expect4xx(await send(route.method, fill(route), raw), `${route.method} ${route.path} + ${field}`, "unknown field");
      }
    }
  });

  it("hostile and empty strings in every string field", async () => {
    for (const route of routes().filter((r) => r.body)) {
      for (const [prop, schema] of Object.entries(route.body!.properties)) {
        if (schema.type !== "string") continue;
        const values = prop === "where" ? HOSTILE_WHERES : [...HOSTILE_NAMES, ""];
        for (const v of values) {
          const res = await send(route.method, fill(route), JSON.stringify({ ...validBody(route), [prop]: v }));
          expectNot5xx(res, `${route.method} ${route.path} ${prop}=${JSON.stringify(v).slice(0, 40)}`);
        }
      }
      for (const [prop] of Object.entries(route.body!.properties)) {
        for (const v of ["", [], {}]) expectNot5xx(await send(route.method, fill(route), JSON.stringify({ ...validBody(route), [prop]: v })), `${route.path} ${prop}=${JSON.stringify(v)}`);
      }
    }
  });

  it("UDF source with NUL, lone surrogates, RTL and huge lines is a 400 or runs, never a 500", async () => {
    const sources = [
      SLEN.replace("len(s)", "len(s)\u0000"), SLEN.replace("len(s)", "len('\ud800')"), `# \ud800\n${SLEN}`, SLEN.replace("slen", "s\u202elen"),
      SLEN.replace("slen", "s\u200blen"), `x = '${"a".repeat(500_000)}'\n${SLEN}`, "\ufeff" + SLEN, SLEN.replace(/\n/g, "\r\n"), "\u0000",
    ];
    for (const source of sources) {
      for (const p of ["/api/udfs/validate", "/api/preview"]) {
        expectNot5xx(await send("POST", p, JSON.stringify({ table: TABLE, source, limit: 2 })), `${p} ${JSON.stringify(source).slice(0, 60)}`);
      }
    }
  });
});

describe("afterwards", () => {
  it("no response was a 5xx; the server answers; the data is intact", async () => {
    console.log(`bad-input: ${seen.length} requests`);
    expect(seen.length).toBeGreaterThan(500);
    const bad = seen.filter((s) => s.status >= 500);
    expect(bad.slice(0, 20), `${bad.length} server errors\n--- server log ---\n${srv.logs().slice(-3000)}`).toEqual([]);
    expect((await srv.api("/api/health")).status).toBe(200);
    expect(srv.proc.exitCode).toBeNull();
    expect(await snapshot()).toEqual(before);
  });
});
