// `npm start`: install what is missing, build if sources changed, seed the
// demo database, then run `next start` in the foreground.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import {
  ROOT,
  ensureBuild,
  ensureNodeDeps,
  ensurePythonVenv,
  pythonEnv,
  seedIfEmpty,
  venvPython,
} from "./lib/setup.mjs";

// Checked before anything else: a server reachable from other machines runs
// their users' Python, so it needs authentication (the server checks again).
const host = process.env.HOST || "127.0.0.1";
const loopback = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
if (!loopback && !/^(1|on|true|yes)$/i.test(process.env.BFS_AUTH ?? "")) {
  console.error(`[start] HOST=${host} is reachable from other machines, and Backfill Studio runs users' Python code: ` +
    "it will not serve the network without authentication. Set BFS_AUTH=on and BFS_ADMIN_PASSWORD=<at least 12 characters> " +
    "(the first start creates the admin user 'admin'; BFS_ADMIN_USER changes the name), or bind HOST=127.0.0.1. See README → Access.");
  process.exit(78);
}

try {
  ensureNodeDeps();
  ensurePythonVenv();
  ensureBuild();

  // Local paths become absolute so the server and its Python workers agree
  // on one database whatever their cwd; remote URIs (s3://…) pass through.
  const rawUri = process.env.LANCEDB_URI || "./data";
  const uri = rawUri.includes("://") ? rawUri : path.resolve(ROOT, rawUri);
  process.env.LANCEDB_URI = uri;
  seedIfEmpty(uri);
} catch (e) {
  console.error(`[start] ${e.message}`);
  process.exit(1);
}

const port = process.env.PORT || "3000";
const args = [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", host, "-p", port];
console.log(`[start] next start on http://${host}:${port} (LANCEDB_URI=${process.env.LANCEDB_URI})`);

// Spawned directly with node (not npx) so a signal reaches the real server.
const child = spawn(process.execPath, args, {
  cwd: ROOT,
  stdio: "inherit",
  env: pythonEnv({ NEXT_TELEMETRY_DISABLED: "1", BFS_PYTHON: venvPython(), BFS_BIND_HOST: host }),
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
// Mirror the server's exit: its code, or 128+N when a signal ended it.
child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
