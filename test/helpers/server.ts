// Start the built Next server (`next start`) on a temp database, as a real
// user would run it, and talk to it over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { freePort } from "../../server/net/free-port";

export { freePort };

export const ROOT = path.resolve(__dirname, "../..");
export const PYTHON = path.join(ROOT, ".venv", "bin", "python");

export function tempDir(prefix = "bfs-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  url: string;
  dbUri: string;
  proc: ChildProcess;
  logs: () => string;
  api<T = any>(p: string, init?: { method?: string; body?: unknown; raw?: string }): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
  /** SIGKILL the server process (its job drivers die with it). */
  kill9(): Promise<void>;
}

/** `prefix`: a command the server runs under, which must exec it (its pid stays the server's),
 *  e.g. `unshare` with a tmpfs mount (test/helpers/tiny-disk.ts). */
export async function startServer(dbUri: string, env: Record<string, string> = {}, prefix: string[] = []): Promise<TestServer> {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no Next build: run `npm test` (it builds first)");
  const port = await freePort();
  const cmd = [...prefix, process.execPath];
  const proc = spawn(cmd[0], [...cmd.slice(1), path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1",
    // Longer than undici's 4 s client keep-alive: the client always closes an idle
    // socket first, so a request never races the server closing it ("other side closed").
    "--keepAliveTimeout", "70000"], {
    cwd: ROOT,
    // No warm job host unless a test asks for one (BFS_WARM_HOST): each costs ~6 CPU-s to start,
    // which on CI's 2 cores would slow every suite that never runs a job. warm-host.test.ts covers it.
    env: { ...process.env, LANCEDB_URI: dbUri, BFS_PYTHON: PYTHON, NEXT_TELEMETRY_DISABLED: "1", BFS_WARM_HOST: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const api: TestServer["api"] = async (p, init = {}) => {
    let res: Response;
    try {
      res = await fetch(url + p, {
        method: init.method ?? (init.body !== undefined || init.raw !== undefined ? "POST" : "GET"),
        headers: { "content-type": "application/json" },
        body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
      });
    } catch (e) {
      throw new Error(`${init.method ?? "request"} ${p} failed: ${(e as Error).message} (server exit: ${proc.exitCode ?? proc.signalCode ?? "running"})\n--- server log ---\n${out.slice(-4000)}`);
    }
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (an SSE stream or an HTML page): keep the text
    }
    return { status: res.status, body, headers: res.headers };
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(url + "/api/health")).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url, dbUri, proc, api, logs: () => out,
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exited;
    },
    kill9: async () => {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

export async function waitForJob(srv: TestServer, id: string, states = ["succeeded", "failed", "cancelled"], timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await srv.api(`/api/jobs/${id}`);
    if (states.includes(body.state)) return body;
    if (Date.now() > deadline) throw new Error(`job ${id} stuck in ${body.state}: ${JSON.stringify(body).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
