// Set-up contract shared by scripts/start.mjs and scripts/test.mjs.
// Node built-ins only: this runs before node_modules exists.
// Each ensure* step is idempotent and keyed on a content/metadata hash stamp,
// so a second run prints "up to date" and does no work.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const r = (...p) => path.join(ROOT, ...p);

const log = (msg) => console.log(`[setup] ${msg}`);

/** Run a command with inherited stdio; throw with the command line on failure. */
export function run(cmd, args = [], opts = {}) {
  const line = [cmd, ...args].join(" ");
  log(`$ ${line}`);
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", ...opts });
  if (res.error) throw new Error(`Command failed to start: ${line}\n${res.error.message}`);
  if (res.status !== 0) {
    const why = res.signal ? `signal ${res.signal}` : `exit code ${res.status}`;
    throw new Error(`Command failed (${why}): ${line}`);
  }
}

export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

function readStamp(file) {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- node deps

export function ensureNodeDeps() {
  const hash = sha256(fs.readFileSync(r("package-lock.json")));
  const stamp = r("node_modules", ".bfs-lock-hash");
  if (fs.existsSync(r("node_modules")) && readStamp(stamp) === hash) {
    log("node_modules up to date");
    return;
  }
  log("installing node dependencies (package-lock.json changed or node_modules missing)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  run(npm, ["ci", "--no-audit", "--no-fund"]);
  // npm ci wipes node_modules, so the stamp can only be written afterwards.
  fs.writeFileSync(stamp, hash + "\n");
}

// ---------------------------------------------------------------- python venv

/** Absolute path of the venv's interpreter. */
export function venvPython() {
  return process.platform === "win32" ? r(".venv", "Scripts", "python.exe") : r(".venv", "bin", "python");
}

/** Env for running the in-repo python package without installing it. */
export function pythonEnv(extra = {}) {
  const pp = [r("python"), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, PYTHONPATH: pp, PYTHONUNBUFFERED: "1", ...extra };
}

function findSystemPython() {
  const tried = [];
  for (const exe of ["python3", "python"]) {
    const res = spawnSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    });
    if (res.error || res.status !== 0) continue;
    const ver = res.stdout.trim();
    const [maj, min] = ver.split(".").map(Number);
    if (maj > 3 || (maj === 3 && min >= 10)) return exe;
    tried.push(`${exe} is ${ver}`);
  }
  throw new Error(
    `Python >= 3.10 is required to create .venv, but none was found on PATH` +
      (tried.length ? ` (${tried.join(", ")})` : " (tried python3, python)") +
      `. Install it, e.g. 'apt-get install -y python3 python3-venv'.`,
  );
}

export function ensurePythonVenv() {
  const req = r("python", "requirements.txt");
  const hash = sha256(fs.readFileSync(req));
  const stamp = r(".venv", ".bfs-req-hash");
  if (fs.existsSync(venvPython()) && readStamp(stamp) === hash) {
    log(".venv up to date");
    return;
  }
  if (!fs.existsSync(venvPython())) {
    const py = findSystemPython();
    log(`creating .venv with ${py}`);
    try {
      run(py, ["-m", "venv", ".venv"]);
    } catch (e) {
      throw new Error(`${e.message}\n(On Debian/Ubuntu the venv module is in 'python3-venv'.)`);
    }
  }
  log("installing python requirements (python/requirements.txt changed or .venv new)");
  run(venvPython(), ["-m", "pip", "install", "--disable-pip-version-check", "-r", req]);
  fs.writeFileSync(stamp, hash + "\n");
}

// ---------------------------------------------------------------- next build

// Everything `next build` output depends on. Metadata (path + mtime + size)
// instead of contents keeps this cheap; a touched-but-unchanged file only
// costs one extra build.
// public/ is served at run time, so it is not a build input.
const BUILD_INPUT_DIRS = ["app", "components", "lib", "server"];
const BUILD_INPUT_FILES = [
  "next.config.js",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  "postcss.config.mjs",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
];

function walk(rel, out) {
  let entries;
  try {
    entries = fs.readdirSync(r(rel), { withFileTypes: true });
  } catch {
    return; // missing dir is fine
  }
  for (const e of entries) {
    const child = path.join(rel, e.name);
    if (e.isDirectory()) {
      if (e.name === "node_modules" || e.name === "__pycache__") continue;
      walk(child, out);
    } else if (e.isFile()) out.push(child);
  }
}

export function sourceHash() {
  const files = [];
  for (const d of BUILD_INPUT_DIRS) walk(d, files);
  for (const f of BUILD_INPUT_FILES) if (fs.existsSync(r(f))) files.push(f);
  files.sort();
  const h = createHash("sha256");
  for (const f of files) {
    const st = fs.statSync(r(f));
    h.update(`${f}\0${st.mtimeMs}\0${st.size}\n`);
  }
  return h.digest("hex");
}

// ---------------------------------------------------------------- monaco

// The UDF editor loads Monaco's AMD build from /monaco/vs (public/monaco/vs),
// never from a CDN, so the dashboard works offline. The copy is keyed on the
// installed monaco-editor version. Read package.json by path: the package's
// exports map blocks require.resolve("monaco-editor/package.json").
const MONACO_SRC = r("node_modules", "monaco-editor", "min", "vs");
export const MONACO_DEST = r("public", "monaco", "vs");
const MONACO_STAMP = r("public", "monaco", ".bfs-monaco-version");

function monacoVersion() {
  const pkg = r("node_modules", "monaco-editor", "package.json");
  if (!fs.existsSync(pkg) || !fs.existsSync(MONACO_SRC)) {
    throw new Error(`monaco-editor is not installed (${MONACO_SRC} missing): run npm ci`);
  }
  return `monaco-editor@${JSON.parse(fs.readFileSync(pkg, "utf8")).version}`;
}

/** True when public/monaco/vs is missing or was copied from another monaco-editor version. */
export function monacoStale() {
  return !fs.existsSync(r("public", "monaco", "vs", "loader.js")) || readStamp(MONACO_STAMP) !== monacoVersion();
}

/** Copy node_modules/monaco-editor/min/vs to public/monaco/vs when missing or stale (or always with force). */
export function ensureMonaco({ force = false } = {}) {
  if (!force && !monacoStale()) {
    log("public/monaco/vs up to date");
    return;
  }
  const version = monacoVersion();
  log(`copying ${version} min/vs to public/monaco/vs`);
  fs.rmSync(r("public", "monaco"), { recursive: true, force: true });
  fs.mkdirSync(r("public", "monaco"), { recursive: true });
  fs.cpSync(MONACO_SRC, MONACO_DEST, { recursive: true });
  fs.writeFileSync(MONACO_STAMP, version + "\n");
}

export function ensureBuild() {
  // Before the build, and even when the build is current: `next start` lists
  // public/ when it starts, and a fresh clone has no public/monaco yet.
  ensureMonaco();
  const stamp = r(".next", ".bfs-src-hash");
  if (fs.existsSync(r(".next", "BUILD_ID")) && readStamp(stamp) === sourceHash()) {
    log(".next build up to date");
    return;
  }
  log("building the Next.js app (sources changed or no build yet)");
  run(process.execPath, [r("node_modules", "next", "dist", "bin", "next"), "build"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  // Hash after the build: `next build` may itself touch tsconfig.json.
  fs.writeFileSync(stamp, sourceHash() + "\n");
}

// ---------------------------------------------------------------- chromium

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Make sure a Debian chromium exists for the e2e tests; returns its path. */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) {
    log(`chromium present (${CHROMIUM_PATH})`);
    return CHROMIUM_PATH;
  }
  const hint =
    `The e2e tests need Chromium at ${CHROMIUM_PATH}. ` +
    `Install it with: apt-get update && apt-get install -y chromium (as root).`;
  if (!fs.existsSync("/usr/bin/apt-get")) throw new Error(`${hint} (apt-get not found)`);
  log("installing chromium with apt-get (first run only)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    run("apt-get", ["update"], { env });
    run("apt-get", ["install", "-y", "chromium"], { env });
  } catch (e) {
    throw new Error(`${hint}\n${e.message}`);
  }
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${hint} (apt-get finished but ${CHROMIUM_PATH} is missing)`);
  return CHROMIUM_PATH;
}

// ---------------------------------------------------------------- seed data

/** Seed the demo tables; the python command itself is a no-op on a non-empty db. */
export function seedIfEmpty(uri) {
  if (!fs.existsSync(r("python", "backfill_studio", "__main__.py"))) return;
  run(venvPython(), ["-m", "backfill_studio", "seed", "--uri", uri], { env: pythonEnv() });
}
