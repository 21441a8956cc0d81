// Credentials in a request (session cookie, bearer token) and the identity
// the proxy vouches for to the route handlers (x-bfs-* headers, which the
// proxy strips from incoming requests before setting them).
import { unauthorized, type Principal } from "./auth-service";
import { isRole } from "./roles";

export const SESSION_COOKIE = "bfs_session";
export const CSRF_COOKIE = "bfs_csrf";
export const CSRF_HEADER = "x-bfs-csrf";
export const PRINCIPAL_HEADERS = { user: "x-bfs-user", role: "x-bfs-role", via: "x-bfs-via" } as const;

export function cookieOf(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function credentialsOf(headers: Headers): { sessionId: string | null; bearer: string | null } {
  const auth = headers.get("authorization");
  const bearer = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, "").trim() : null;
  return { sessionId: cookieOf(headers.get("cookie"), SESSION_COOKIE), bearer };
}

/** The caller as established by the proxy; null if the request did not pass through it. */
export function principalOf(req: Request): Principal | null {
  const user = req.headers.get(PRINCIPAL_HEADERS.user);
  const role = req.headers.get(PRINCIPAL_HEADERS.role);
  const via = req.headers.get(PRINCIPAL_HEADERS.via);
  if (!user || !isRole(role) || (via !== "session" && via !== "token" && via !== "local")) return null;
  return { user: decodeURIComponent(user), role, via };
}

export function requirePrincipal(req: Request): Principal {
  const p = principalOf(req);
  if (!p) throw unauthorized();
  return p;
}

export function sessionCookies(sessionId: string, csrf: string, expiresAt: string, secure: boolean): string[] {
  const attrs = `Path=/; SameSite=Lax; Expires=${new Date(expiresAt).toUTCString()}${secure ? "; Secure" : ""}`;
  return [`${SESSION_COOKIE}=${encodeURIComponent(sessionId)}; HttpOnly; ${attrs}`, `${CSRF_COOKIE}=${encodeURIComponent(csrf)}; ${attrs}`];
}

export function clearedCookies(): string[] {
  const gone = "Path=/; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  return [`${SESSION_COOKIE}=; HttpOnly; ${gone}`, `${CSRF_COOKIE}=; ${gone}`];
}
