// The process-wide AuthService (on globalThis: the proxy and the route
// handlers are separate bundles in one process and must share sessions).
import { loadConfig } from "../config";
import { loadAuthConfig } from "./auth-config";
import { AuthService } from "./auth-service";

const KEY = Symbol.for("backfill-studio.auth");
type G = typeof globalThis & { [KEY]?: AuthService };

export function authService(): AuthService {
  const g = globalThis as G;
  g[KEY] ??= new AuthService(loadConfig().stateDir, loadAuthConfig());
  return g[KEY]!;
}
