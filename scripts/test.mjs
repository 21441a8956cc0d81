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
const vitestJson = path.join(ROOT, "test-output", "vitest.json");
fs.rmSync(vitestJson, { force: true });
const codes = [
  step("vitest", process.execPath, [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run",
    "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`, ...process.argv.slice(2)]),
];
const totals = { passed: 0, failed: 0, skipped: 0 };
try {
  const r = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  totals.passed += r.numPassedTests;
  // A file that failed to load has no failed test of its own: count it once.
  totals.failed += r.numFailedTests || (r.numFailedTestSuites ?? 0);
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
} catch {
  totals.failed += 1; // vitest crashed before reporting
}
if (fs.existsSync(path.join(ROOT, "python", "tests"))) {
  // unittest reports on stderr: echo it and count from it.
  console.log("[test] python: unittest discover python/tests");
  const res = spawnSync(venvPython(), ["-m", "unittest", "discover", "-s", "python/tests", "-t", "python", "-v"],
    { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  process.stderr.write(res.stderr ?? "");
  const ran = Number(/Ran (\d+) tests?/.exec(res.stderr ?? "")?.[1] ?? 0);
  const bad = [...(res.stderr ?? "").matchAll(/(?:failures|errors)=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
  const skipped = Number(/skipped=(\d+)/.exec(res.stderr ?? "")?.[1] ?? 0);
  totals.passed += ran - bad - skipped;
  totals.failed += bad + (res.status !== 0 && bad === 0 ? 1 : 0);
  totals.skipped += skipped;
  codes.push(res.status ?? 1);
}
// One plain closing line for CI: vitest + unittest together.
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(codes.find((c) => c !== 0) ?? (totals.failed ? 1 : 0));
