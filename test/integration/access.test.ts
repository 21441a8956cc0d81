// Access control on the real server: refusing to listen beyond loopback
// without authentication, sign-in sessions with CSRF protection, the four
// roles on real actions, API tokens (hashed, revocable), the audit log, and
// secrets kept out of job processes and job logs.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTable } from "../helpers/python";
import { freePort, ROOT, startServer, tempDir, type TestServer } from "../helpers/server";

const ADMIN_PW = "correct horse battery staple";
const SECRET = "sup3r-s3cret-value-42";
let srv: TestServer;
let db: string;

interface Client {
  cookie: string;
  csrf: string;
}

async function call(p: string, init: { method?: string; body?: unknown; as?: Client | null; csrf?: string | null; bearer?: string; origin?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.as) headers.cookie = init.as.cookie;
  const csrf = init.csrf === undefined ? init.as?.csrf : init.csrf;
  if (csrf) headers["x-bfs-csrf"] = csrf;
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  if (init.origin) headers.origin = init.origin;
  const res = await fetch(srv.url + p, {
    method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    redirect: "manual",
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML
  }
  return { status: res.status, body, headers: res.headers };
}

async function login(name: string, password: string): Promise<Client> {
  const res = await call("/api/auth/login", { body: { name, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookies = res.headers.getSetCookie();
  const pick = (n: string) => cookies.find((c) => c.startsWith(`${n}=`))!.split(";")[0];
  expect(cookies.find((c) => c.startsWith("bfs_session="))).toMatch(/HttpOnly/);
  expect(cookies.find((c) => c.startsWith("bfs_session="))).toMatch(/SameSite=Lax/);
  return { cookie: `${pick("bfs_session")}; ${pick("bfs_csrf")}`, csrf: decodeURIComponent(pick("bfs_csrf").split("=")[1]) };
}

/** Run a server command line until it exits (it must refuse to start). */
function runToExit(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    const t = setTimeout(() => p.kill("SIGKILL"), 60_000);
    p.on("exit", (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

const UDF = `import os
from geneva import udf

@udf
def env_probe(s: str) -> str:
    # what a UDF can see of the server's secrets (nothing), printed into the job log
    print("probe", os.environ.get("MY_SECRET"), os.environ.get("BFS_ADMIN_PASSWORD"), flush=True)
    return str(os.environ.get("MY_SECRET"))
`;

beforeAll(async () => {
  db = tempDir();
  makeTable(db, "t", 2000, 2);
  srv = await startServer(db, { BFS_AUTH: "on", BFS_ADMIN_PASSWORD: ADMIN_PW, MY_SECRET: SECRET, BFS_SECRET_ENV: "MY_SECRET" });
}, 120_000);
afterAll(async () => {
  await srv?.stop();
});

describe("start-up", () => {
  it("refuses to listen beyond loopback without authentication, and says how to fix it", async () => {
    const port = String(await freePort());
    const next = await runToExit([path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "0.0.0.0", "-p", port],
      { LANCEDB_URI: tempDir(), BFS_BIND_HOST: "0.0.0.0", BFS_AUTH: "" });
    expect(next.code).toBe(78);
    expect(next.out).toMatch(/HOST=0\.0\.0\.0 is reachable from other machines.*Set BFS_AUTH=on and BFS_ADMIN_PASSWORD/s);
    const start = await runToExit([path.join(ROOT, "scripts/start.mjs")], { HOST: "0.0.0.0", BFS_AUTH: "" });
    expect(start.code).toBe(78);
    expect(start.out).toMatch(/Set BFS_AUTH=on and BFS_ADMIN_PASSWORD/);
  });

  it("refuses BFS_AUTH=on without a way to create the first admin", async () => {
    const port = String(await freePort());
    const res = await runToExit([path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", port],
      { LANCEDB_URI: tempDir(), BFS_AUTH: "on", BFS_ADMIN_PASSWORD: "" });
    expect(res.code).toBe(78);
    expect(res.out).toMatch(/no user exists yet: set BFS_ADMIN_PASSWORD/);
  });
});

describe("sessions", () => {
  it("asks for sign-in: 401 on the API, a redirect for pages; health stays public", async () => {
    expect((await call("/api/tables")).status).toBe(401);
    expect((await call("/api/tables")).body.error).toMatch(/sign in first/);
    const page = await call("/tables/t");
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/login\?next=%2Ftables%2Ft$/);
    expect((await call("/api/health")).status).toBe(200);
  });

  it("a wrong password and an unknown user get the same answer", async () => {
    const a = await call("/api/auth/login", { body: { name: "admin", password: "nope nope nope" } });
    const b = await call("/api/auth/login", { body: { name: "nobody", password: "nope nope nope" } });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.error).toBe("wrong user name or password");
    expect(b.body.error).toBe(a.body.error);
  });

  it("state-changing requests need the CSRF token and this origin; sign-out ends the session", async () => {
    const admin = await login("admin", ADMIN_PW);
    expect((await call("/api/auth/me", { as: admin })).body).toMatchObject({ authEnabled: true, user: "admin", role: "admin", via: "session" });
    const noCsrf = await call("/api/users", { as: admin, csrf: null, body: { name: "x1", role: "viewer", password: "a long password 1" } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toMatch(/CSRF token/);
    const foreign = await call("/api/users", { as: admin, origin: "http://evil.example", body: { name: "x1", role: "viewer", password: "a long password 1" } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatch(/cross-site/);
    expect((await call("/api/users", { as: admin })).body.map((u: any) => u.name)).toEqual(["admin"]);

    const other = await login("admin", ADMIN_PW);
    expect((await call("/api/auth/logout", { as: other, method: "POST" })).status).toBe(200);
    expect((await call("/api/tables", { as: other })).status).toBe(401);
    expect((await call("/api/tables", { as: admin })).status).toBe(200); // only that session ended
  });
});

describe("roles", () => {
  const users: Record<string, Client> = {};
  beforeAll(async () => {
    const admin = await login("admin", ADMIN_PW);
    users.admin = admin;
    for (const role of ["viewer", "author", "operator"]) {
      const res = await call("/api/users", { as: admin, body: { name: `${role}1`, role, password: `${role} password 123` } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      users[role] = await login(`${role}1`, `${role} password 123`);
    }
  });

  it("each role may do its own actions and gets a 403 naming the missing role otherwise", async () => {
    const preview = { table: "t", source: UDF, limit: 3 };
    const dry = { column: "probe", dryRun: true };
    // viewer: reads only
    expect((await call("/api/tables/t", { as: users.viewer })).status).toBe(200);
    const denied = await call("/api/preview", { as: users.viewer, body: preview });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe("your role 'viewer' cannot preview UDFs: that needs the author role");
    // author: previews and adds the column; a dry run shows the plan; launching is refused
    expect((await call("/api/preview", { as: users.author, body: preview })).status).toBe(200);
    expect((await call("/api/tables/t/columns", { as: users.author, body: { name: "probe", source: UDF } })).status).toBe(201);
    expect((await call("/api/tables/t/backfills", { as: users.author, body: dry })).status).toBe(200);
    const launchDenied = await call("/api/tables/t/backfills", { as: users.author, body: { column: "probe" } });
    expect(launchDenied.status).toBe(403);
    expect(launchDenied.body.error).toMatch(/cannot launch backfills: that needs the operator role/);
    // operator: launches; cannot register clusters or read the audit log
    const launched = await call("/api/tables/t/backfills", { as: users.operator, body: { column: "probe", concurrency: 1 } });
    expect(launched.status, JSON.stringify(launched.body)).toBe(202);
    expect((await call("/api/clusters", { as: users.operator, body: { kind: "local-ray" } })).status).toBe(403);
    expect((await call("/api/audit", { as: users.operator })).status).toBe(403);
    expect((await call("/api/users", { as: users.operator })).status).toBe(403);
    // the job ran; the UDF saw none of the server's secrets, and none reached the log
    const id = launched.body.jobId;
    let job: any;
    for (let i = 0; i < 600; i++) {
      job = (await call(`/api/jobs/${id}`, { as: users.viewer })).body;
      if (["succeeded", "failed"].includes(job.state)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job.state, job.error).toBe("succeeded");
    const logs = (await call(`/api/jobs/${id}/logs`, { as: users.viewer })).body.lines.join("\n");
    expect(logs).toContain("probe None None");
    const rows = (await call(`/api/tables/t/rows?limit=3&columns=probe`, { as: users.viewer })).body.rows;
    expect(rows.map((r: any) => r.probe)).toEqual(["None", "None", "None"]);
  });

  it("the last admin cannot be demoted or removed; a disabled user cannot sign in", async () => {
    const r = await call("/api/users/admin", { as: users.admin, method: "PATCH", body: { role: "viewer" } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatch(/last admin/);
    expect((await call("/api/users/admin", { as: users.admin, method: "DELETE" })).status).toBe(409);
    expect((await call("/api/users/viewer1", { as: users.admin, method: "PATCH", body: { disabled: true } })).status).toBe(200);
    expect((await call("/api/tables", { as: users.viewer })).status).toBe(401); // the session ended
    expect((await call("/api/auth/login", { body: { name: "viewer1", password: "viewer password 123" } })).status).toBe(403);
    expect((await call("/api/users", { as: users.admin, body: { name: "weak", role: "viewer", password: "short" } })).body.error).toMatch(/at least 12 characters/);
  });

  it("API tokens: shown once, stored hashed, act with the owner's role, revocable", async () => {
    const created = await call("/api/auth/tokens", { as: users.operator, body: { name: "nightly script" } });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^bfs_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(fs.readFileSync(path.join(db, ".backfill-studio", "auth.json"), "utf8")).not.toContain(token.split("_").pop()!);
    expect((fs.statSync(path.join(db, ".backfill-studio", "auth.json")).mode & 0o777).toString(8)).toBe("600");
    // no CSRF needed for a bearer token; the role is the owner's
    expect((await call("/api/auth/me", { bearer: token })).body).toMatchObject({ user: "operator1", role: "operator", via: "token" });
    expect((await call("/api/tables/t/backfills", { bearer: token, body: { column: "probe", dryRun: true } })).status).toBe(200);
    expect((await call("/api/users", { bearer: token })).status).toBe(403);
    const listed = (await call("/api/auth/tokens", { as: users.operator })).body;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed[0].lastUsedAt).not.toBeNull();
    // another user cannot revoke it; the owner can
    expect((await call(`/api/auth/tokens/${created.body.id}`, { as: users.author, method: "DELETE" })).status).toBe(404);
    expect((await call(`/api/auth/tokens/${created.body.id}`, { as: users.operator, method: "DELETE" })).status).toBe(200);
    expect((await call("/api/auth/me", { bearer: token })).status).toBe(401);
    expect((await call("/api/auth/me", { bearer: "bfs_nottherightsh_" + "x".repeat(43) })).status).toBe(401);
  });

  it("the audit log records who did what with which parameters and the outcome, filterable, secrets redacted", async () => {
    const all = (await call("/api/audit?limit=1000", { as: users.admin })).body as any[];
    const launch = all.find((e) => e.path === "/api/tables/t/backfills" && e.user === "operator1" && e.outcome === "ok");
    expect(launch).toMatchObject({ method: "POST", role: "operator", via: "session", status: 202, params: { body: { column: "probe", concurrency: 1 } } });
    expect(all.some((e) => e.path === "/api/tables/t/backfills" && e.user === "author1" && e.outcome === "denied" && e.status === 403)).toBe(true);
    expect(all.some((e) => e.params?.body?.dryRun)).toBe(false); // dry runs change nothing: not recorded
    const addUser = all.find((e) => e.path === "/api/users" && e.method === "POST" && e.outcome === "ok");
    expect(addUser.params.body.password).toBe("[redacted]");
    const failedLogins = all.filter((e) => e.path === "/api/auth/login" && e.status === 401).map((e) => e.params.body);
    expect(failedLogins).toContainEqual({ name: "admin", password: "[redacted]" });
    expect(failedLogins).toContainEqual({ name: "nobody", password: "[redacted]" });
    const file = fs.readFileSync(path.join(db, ".backfill-studio", "audit.jsonl"), "utf8");
    expect(file).not.toContain(ADMIN_PW);
    expect(file).not.toContain("operator password 123");
    // filters
    const denied = (await call("/api/audit?outcome=denied&user=author1", { as: users.admin })).body as any[];
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome === "denied" && e.user === "author1")).toBe(true);
    const byAction = (await call(`/api/audit?action=${encodeURIComponent("DELETE /api/auth/tokens")}`, { as: users.admin })).body as any[];
    expect(byAction.map((e) => e.status).sort()).toEqual([200, 404]);
    expect((await call("/api/audit?outcome=maybe", { as: users.admin })).status).toBe(400);
    // newest first
    expect(all.map((e) => e.ts)).toEqual([...all.map((e) => e.ts)].sort().reverse());
  });
});
