// Secrets the server holds (the bootstrap admin password, Ray cluster tokens,
// environment variables marked secret with BFS_SECRET_ENV=NAME,NAME): never
// passed to job processes, and masked wherever text leaves the server (job
// logs, events, errors).
const KEY = Symbol.for("backfill-studio.secrets");
type G = typeof globalThis & { [KEY]?: Set<string> };

const SERVER_SECRET_ENV = ["BFS_ADMIN_PASSWORD", "BFS_ADMIN_PASSWORD_FILE"];
/** Shorter strings are too likely to occur by chance to be masked. */
const MIN_SECRET_LENGTH = 6;
export const MASK = "[secret]";

function registry(): Set<string> {
  const g = globalThis as G;
  g[KEY] ??= new Set();
  return g[KEY]!;
}

/** Names of environment variables that hold secrets. */
export function secretEnvNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const marked = (env.BFS_SECRET_ENV ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return [...SERVER_SECRET_ENV, "BFS_SECRET_ENV", ...marked];
}

export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registry().add(value);
}

function knownSecrets(): string[] {
  const fromEnv = secretEnvNames().filter((n) => n !== "BFS_SECRET_ENV").map((n) => process.env[n]).filter((v): v is string => !!v && v.length >= MIN_SECRET_LENGTH);
  return [...new Set([...registry(), ...fromEnv])].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  let out = text;
  for (const s of knownSecrets()) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** The server's environment without its secrets, for job drivers and workers (storage credentials stay: they read the tables). */
export function jobEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const n of secretEnvNames()) delete env[n];
  return { ...env, ...extra };
}
