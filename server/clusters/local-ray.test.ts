// The server's own local Ray head must come up on a machine where someone ran a
// local `ray.init()` before: Ray >= 2.5x then leaves ~/.ray/auth_token behind,
// and `ray start` turns token auth on by default whenever that file exists.
// The head is always started with token auth and its own token, which the
// server then uses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { RayApi } from "../runners/ray/ray-api";
import { LocalRay } from "./local-ray";

const ROOT = path.resolve(__dirname, "../..");
const home = fs.mkdtempSync(path.join(os.tmpdir(), "bfs-home-"));
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "bfs-state-"));
const saved = { HOME: process.env.HOME, RAY_AUTH_MODE: process.env.RAY_AUTH_MODE };
const localRay = new LocalRay({ pythonBin: path.join(ROOT, ".venv", "bin", "python"), stateDir });

let rayRoot: string | undefined;

/** Pids whose command line mentions the head's temp root (its Ray processes). */
function rayPids(): number[] {
  const headPid = JSON.parse(fs.readFileSync(path.join(stateDir, "local-ray.json"), "utf8")).pid as number;
  const root = fs.readFileSync(`/proc/${headPid}/cmdline`, "utf8").match(/--temp-dir=([^\0]+)/)?.[1];
  rayRoot = root;
  if (!root) return [];
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes(root);
    } catch {
      return false;
    }
  });
}

afterAll(async () => {
  await localRay.stop();
  process.env.HOME = saved.HOME;
  if (saved.RAY_AUTH_MODE === undefined) delete process.env.RAY_AUTH_MODE;
  else process.env.RAY_AUTH_MODE = saved.RAY_AUTH_MODE;
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(stateDir, { recursive: true, force: true });
  if (rayRoot) fs.rmSync(rayRoot, { recursive: true, force: true });
});

it("starts and answers although ~/.ray/auth_token exists, and stop() ends its processes", async () => {
  fs.mkdirSync(path.join(home, ".ray"));
  fs.writeFileSync(path.join(home, ".ray", "auth_token"), "a".repeat(64));
  process.env.HOME = home;
  delete process.env.RAY_AUTH_MODE;

  const { address, token } = await localRay.ensure();
  expect(token).not.toBe("a".repeat(64)); // its own token, not the one lying in ~/.ray
  const api = new RayApi({ address, token, timeoutMs: 5000 });
  expect((await api.nodes()).some((n) => n.state === "ALIVE")).toBe(true);
  await expect(new RayApi({ address, timeoutMs: 5000 }).nodes()).rejects.toMatchObject({ status: 401 });
  expect((fs.statSync(path.join(stateDir, "local-ray.json")).mode & 0o777).toString(8)).toBe("600");

  const pids = rayPids();
  expect(pids.length).toBeGreaterThan(0);
  await localRay.stop();
  const alive = () => pids.filter((p) => fs.existsSync(`/proc/${p}`));
  for (let i = 0; i < 150 && alive().length; i++) await new Promise((r) => setTimeout(r, 200));
  expect(alive()).toEqual([]);
}, 240_000);
