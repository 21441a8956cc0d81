// `npm test` (and CI): same set-up as `npm start`, then vitest, then the
// Python unit tests. Any failure makes the exit code non-zero.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  ensureBuild,
  ensureChromium,
  ensureNodeDeps,
  ensurePythonVenv,
  pythonEnv,
  venvPython,
} from "./lib/setup.mjs";

const env = pythonEnv({ NEXT_TELEMETRY_DISABLED: "1", BFS_PYTHON: venvPython() });
try {
  ensureNodeDeps();
  ensurePythonVenv();
  ensureBuild(); // integration/e2e tests run against the production build
  if (fs.existsSync(path.join(ROOT, "test", "e2e"))) env.CHROMIUM_PATH = ensureChromium();
} catch (e) {
  console.error(`[test] ${e.message}`);
  process.exit(1);
}

function step(name, cmd, args) {
  console.log(`[test] ${name}: ${[cmd, ...args].join(" ")}`);
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env });
  if (res.error) console.error(`[test] ${name} failed to start: ${res.error.message}`);
  const code = res.status ?? 1;
  if (code !== 0) console.error(`[test] ${name} failed (exit ${code})`);
  return code;
}

// Both suites run even if the first fails, so one CI run reports everything.
const codes = [
  step("vitest", process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...process.argv.slice(2)]),
];
if (fs.existsSync(path.join(ROOT, "python", "tests"))) {
  codes.push(step("python", venvPython(), ["-m", "unittest", "discover", "-s", "python/tests", "-t", "python", "-v"]));
}
process.exit(codes.find((c) => c !== 0) ?? 0);
