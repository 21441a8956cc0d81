// Limits of the processes that run user code for the dashboard (preview,
// validate, add/replace a UDF column), and the environment they may see.

type Env = Record<string, string | undefined>;

export interface SandboxLimits {
  /** Wall time of one preview (BFS_PREVIEW_TIMEOUT_S). */
  timeoutMs: number;
  /** Wall time of validate / add / replace, which run only the module body. */
  validateTimeoutMs: number;
  /** Memory the UDF may allocate above the interpreter's own (BFS_PREVIEW_MEMORY_MB). */
  memoryMb: number;
  /** Processes (and threads) the UDF may start (BFS_PREVIEW_MAX_PROCS). */
  maxProcs: number;
  /** Bytes of one reply, inputs and outputs included (BFS_PREVIEW_MAX_OUTPUT_MB). */
  maxOutputMb: number;
  /** Pre-started sandbox processes (BFS_PREVIEW_WORKERS). */
  workers: number;
  /** Extra variable names (or `PREFIX_*`) passed through (BFS_PREVIEW_ENV_ALLOW). */
  envAllow: string[];
}

function num(env: Env, name: string, def: number, min: number): number {
  const v = Number(env[name]);
  return env[name] !== undefined && env[name] !== "" && Number.isFinite(v) && v >= min ? v : def;
}

export function sandboxLimits(env: Env = process.env): SandboxLimits {
  const timeoutMs = Math.round(num(env, "BFS_PREVIEW_TIMEOUT_S", 8, 0.1) * 1000);
  return {
    timeoutMs,
    validateTimeoutMs: Math.max(timeoutMs, 30_000),
    memoryMb: Math.round(num(env, "BFS_PREVIEW_MEMORY_MB", 1024, 64)),
    maxProcs: Math.round(num(env, "BFS_PREVIEW_MAX_PROCS", 32, 1)),
    maxOutputMb: Math.round(num(env, "BFS_PREVIEW_MAX_OUTPUT_MB", 32, 1)),
    workers: Math.round(num(env, "BFS_PREVIEW_WORKERS", 2, 1)),
    envAllow: (env.BFS_PREVIEW_ENV_ALLOW ?? "").split(",").map((s) => s.trim()).filter(Boolean),
  };
}

// What user code may see of the server's environment: locale, paths and the
// Arrow/Lance/BLAS knobs. Not tokens, kubeconfigs, cloud keys or BFS_* settings.
const ALLOW = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "TERM"];
const ALLOW_PREFIX = ["LC_", "LANCE_", "ARROW_", "PYARROW_", "OMP_", "OPENBLAS_", "MKL_"];

export function sandboxEnv(env: Env, limits: SandboxLimits, pythonPath: string): Record<string, string> {
  const names = [...ALLOW, ...limits.envAllow.filter((a) => !a.endsWith("*"))];
  const prefixes = [...ALLOW_PREFIX, ...limits.envAllow.filter((a) => a.endsWith("*")).map((a) => a.slice(0, -1))];
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && (names.includes(k) || prefixes.some((p) => p && k.startsWith(p)))) out[k] = v;
  }
  return {
    ...out,
    PYTHONPATH: pythonPath,
    PYTHONUNBUFFERED: "1",
    LANCE_LOG: "error",
    BFS_PARENT_PID: String(process.pid), // so it dies with the server even if the server died while it started
    BFS_SANDBOX_MEMORY_MB: String(limits.memoryMb),
    BFS_SANDBOX_MAX_PROCS: String(limits.maxProcs),
    BFS_SANDBOX_MAX_OUTPUT_MB: String(limits.maxOutputMb),
  };
}
