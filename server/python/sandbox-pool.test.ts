// The Node side of the preview sandbox, with a stand-in "python" (a shell
// script speaking the same JSON lines): the output cap refuses a huge reply
// without buffering it, a timeout kills the whole process group, exits are
// named, and the environment is scrubbed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sandboxEnv, sandboxLimits } from "./sandbox-config";
import { SandboxPool } from "./sandbox-pool";

const pools: SandboxPool[] = [];
afterEach(() => pools.splice(0).forEach((p) => p.stop()));

/** A fake interpreter: says ready, reads one request, then runs `after`. */
function fakePython(after: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bfs-fake-py-"));
  const file = path.join(dir, "python");
  fs.writeFileSync(file, `#!/bin/sh\necho '{"id": null, "result": {"ready": true, "pid": '$$', "sandbox": {"procLimit": "none"}}}'\nread line\n${after}\n`, { mode: 0o755 });
  return file;
}

function pool(after: string, env: Record<string, string> = {}) {
  const p = new SandboxPool({ pythonBin: fakePython(after), pythonPath: "/nowhere" }, sandboxLimits({ BFS_PREVIEW_WORKERS: "1", ...env }));
  pools.push(p);
  return p;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("sandbox pool", () => {
  it("refuses a reply over the output cap without buffering it", async () => {
    const p = pool(`head -c 300000000 /dev/zero | tr '\\0' x; echo; sleep 30`, { BFS_PREVIEW_MAX_OUTPUT_MB: "2" });
    const before = process.memoryUsage().rss;
    await expect(p.request("preview", {})).rejects.toMatchObject({ status: 422, message: expect.stringContaining("output larger than 2 MB") });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("a timeout kills the whole process group, children included", async () => {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bfs-pid-")), "child");
    const p = pool(`sleep 300 & echo $! > ${pidFile}; wait`, { BFS_PREVIEW_TIMEOUT_S: "0.5" });
    await expect(p.request("preview", {})).rejects.toMatchObject({ status: 408, message: expect.stringContaining("timed out after 0.5 s") });
    const child = Number(fs.readFileSync(pidFile, "utf8"));
    const end = Date.now() + 3000;
    while (alive(child) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(alive(child)).toBe(false);
  });

  it("names an exit code and a signal", async () => {
    await expect(pool("exit 3").request("preview", {})).rejects.toMatchObject({ status: 422, message: "the UDF process exited with code 3" });
    await expect(pool("kill -SEGV $$").request("preview", {})).rejects.toMatchObject({ status: 422, message: expect.stringContaining("crashed with SIGSEGV") });
  });

  it("a replacement process serves the next request", async () => {
    const p = pool(`if [ -e "$0.used" ]; then echo '{"id": 1, "result": {"ok": true}}'; sleep 30; else touch "$0.used"; exit 3; fi`);
    await expect(p.request("preview", {})).rejects.toMatchObject({ message: "the UDF process exited with code 3" });
    await expect(p.request("preview", {})).resolves.toEqual({ ok: true });
  });

  it("an interpreter that cannot start is an error, not a hang", async () => {
    const p = new SandboxPool({ pythonBin: "/nonexistent/python", pythonPath: "/nowhere" }, sandboxLimits({ BFS_PREVIEW_WORKERS: "1" }));
    pools.push(p);
    await expect(p.request("preview", {})).rejects.toThrow(/cannot start Python|exited at start/);
  });
});

describe("sandbox config", () => {
  it("defaults keep every failure under 10 s, and env vars override them", () => {
    expect(sandboxLimits({})).toMatchObject({ timeoutMs: 8000, memoryMb: 1024, maxProcs: 32, maxOutputMb: 32, workers: 2 });
    expect(sandboxLimits({ BFS_PREVIEW_TIMEOUT_S: "2.5", BFS_PREVIEW_MEMORY_MB: "512", BFS_PREVIEW_MAX_PROCS: "8", BFS_PREVIEW_MAX_OUTPUT_MB: "4", BFS_PREVIEW_WORKERS: "3" }))
      .toMatchObject({ timeoutMs: 2500, memoryMb: 512, maxProcs: 8, maxOutputMb: 4, workers: 3 });
    expect(sandboxLimits({ BFS_PREVIEW_TIMEOUT_S: "soon", BFS_PREVIEW_MEMORY_MB: "-1" })).toMatchObject({ timeoutMs: 8000, memoryMb: 1024 });
  });

  it("passes locale, paths and Arrow/Lance settings; drops tokens, keys and BFS_* settings", () => {
    const env = sandboxEnv({
      PATH: "/bin", HOME: "/h", LANG: "C.UTF-8", LC_ALL: "C", LANCE_IO_THREADS: "4", ARROW_IO_THREADS: "2",
      RAY_API_TOKEN: "x", KUBECONFIG: "/k", AWS_SECRET_ACCESS_KEY: "x", BFS_STATE_DIR: "/s", AUTH_SECRET: "x", PYTHONPATH: "/evil", LD_PRELOAD: "/evil.so",
    }, sandboxLimits({}), "/app/python");
    expect(Object.keys(env).sort()).toEqual(["ARROW_IO_THREADS", "BFS_PARENT_PID", "BFS_SANDBOX_MAX_OUTPUT_MB", "BFS_SANDBOX_MAX_PROCS", "BFS_SANDBOX_MEMORY_MB",
      "HOME", "LANCE_IO_THREADS", "LANCE_LOG", "LANG", "LC_ALL", "PATH", "PYTHONPATH", "PYTHONUNBUFFERED"]);
    expect(env.PYTHONPATH).toBe("/app/python");
    const extra = sandboxEnv({ AWS_REGION: "eu", AWS_ACCESS_KEY_ID: "k", HF_HOME: "/hf", OTHER: "x" }, sandboxLimits({ BFS_PREVIEW_ENV_ALLOW: "AWS_*, HF_HOME" }), "/p");
    expect(extra).toMatchObject({ AWS_REGION: "eu", AWS_ACCESS_KEY_ID: "k", HF_HOME: "/hf" });
    expect(extra.OTHER).toBeUndefined();
  });
});
