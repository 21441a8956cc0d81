// Authentication settings from the environment, and the rule that a server
// bound beyond loopback must not start without them: it runs other people's
// Python, so an open network port would hand out code execution.
import fs from "node:fs";

export interface AuthConfig {
  enabled: boolean;
  /** Where the server listens (HOST as given to `npm start`). */
  bindHost: string;
  /** The first admin, created on first start when no user exists. */
  adminUser: string;
  adminPassword: string | null;
  sessionHours: number;
}

export const MIN_PASSWORD_LENGTH = 12;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  let adminPassword = env.BFS_ADMIN_PASSWORD || null;
  if (!adminPassword && env.BFS_ADMIN_PASSWORD_FILE) {
    try {
      adminPassword = fs.readFileSync(env.BFS_ADMIN_PASSWORD_FILE, "utf8").trim() || null;
    } catch {
      adminPassword = null;
    }
  }
  const hours = Number(env.BFS_SESSION_HOURS);
  return {
    enabled: /^(1|on|true|yes)$/i.test(env.BFS_AUTH ?? ""),
    bindHost: env.BFS_BIND_HOST || env.HOST || "127.0.0.1",
    adminUser: env.BFS_ADMIN_USER || "admin",
    adminPassword,
    sessionHours: Number.isFinite(hours) && hours > 0 ? hours : 12,
  };
}

export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/** Why the server must not start with this configuration, or null. */
export function startupProblem(cfg: AuthConfig, hasUsers: boolean): string | null {
  if (!cfg.enabled && !isLoopback(cfg.bindHost)) {
    return `HOST=${cfg.bindHost} is reachable from other machines, and Backfill Studio runs users' Python code: it will not serve the network without authentication. ` +
      `Set BFS_AUTH=on and BFS_ADMIN_PASSWORD=<at least ${MIN_PASSWORD_LENGTH} characters> (the first start creates the admin user '${cfg.adminUser}'; BFS_ADMIN_USER changes the name), or bind HOST=127.0.0.1.`;
  }
  if (cfg.enabled && !hasUsers && !cfg.adminPassword) {
    return `BFS_AUTH=on but no user exists yet: set BFS_ADMIN_PASSWORD (or BFS_ADMIN_PASSWORD_FILE) so the first start can create the admin user '${cfg.adminUser}'.`;
  }
  if (cfg.enabled && !hasUsers && cfg.adminPassword && cfg.adminPassword.length < MIN_PASSWORD_LENGTH) {
    return `BFS_ADMIN_PASSWORD is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  return null;
}
