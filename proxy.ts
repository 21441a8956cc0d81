// Every request passes here first (Next's proxy, Node runtime): who is
// calling (session cookie or API token), whether a browser request carries its
// CSRF token, and whether the caller's role may do this. The route handlers
// get the identity as x-bfs-* headers, which are stripped from what clients
// send. With authentication off (the loopback default) everyone is the local
// admin. It also answers a path that is not valid percent-encoded UTF-8 with a
// JSON 400 (Next would answer its own HTML 500 when decoding route segments).
import { NextResponse, type NextRequest } from "next/server";
import { auditLog } from "@/server/audit/audit-log";
import { auditParams } from "@/server/audit/audit-params";
import { isStateChanging, requiredRole } from "@/server/auth/access-rules";
import { authService } from "@/server/auth/auth-instance";
import type { Principal } from "@/server/auth/auth-service";
import { CSRF_HEADER, credentialsOf, PRINCIPAL_HEADERS } from "@/server/auth/request-auth";
import { roleAtLeast } from "@/server/auth/roles";

const PUBLIC = [/^\/login$/, /^\/api\/auth\/login$/, /^\/api\/health$/];

export async function proxy(req: NextRequest) {
  try {
    for (const seg of new URL(req.url).pathname.split("/")) decodeURIComponent(seg);
  } catch {
    return NextResponse.json({ error: "the URL path is not valid percent-encoded UTF-8" }, { status: 400 });
  }
  const headers = new Headers(req.headers);
  for (const h of Object.values(PRINCIPAL_HEADERS)) headers.delete(h);
  const auth = authService();
  const path = req.nextUrl.pathname;
  const method = req.method.toUpperCase();
  const isApi = path.startsWith("/api/");
  const pass = (p: Principal) => {
    headers.set(PRINCIPAL_HEADERS.user, encodeURIComponent(p.user));
    headers.set(PRINCIPAL_HEADERS.role, p.role);
    headers.set(PRINCIPAL_HEADERS.via, p.via);
    return NextResponse.next({ request: { headers } });
  };
  const refuse = async (status: number, error: string, p: Principal | null) => {
    if (isStateChanging(method)) {
      auditLog().record({ user: p?.user ?? null, role: p?.role ?? null, via: p?.via ?? null, method, path, params: await auditParams(req), status, outcome: "denied", error });
    }
    return NextResponse.json({ error }, { status });
  };

  if (!auth.enabled) {
    // No login on loopback, but a web page the user visits must not drive this server: browsers send
    // Origin on cross-site POSTs (which a form or a no-cors fetch can make), and a DNS-rebound name
    // arrives with a Host that is not loopback.
    if (!loopbackHost(req.headers.get("host"))) return refuse(403, "this server answers loopback host names only (authentication is off)", null);
    if (isStateChanging(method) && crossSite(req)) return refuse(403, "cross-site request refused (its Origin is not this server)", null);
    return pass({ user: "local", role: "admin", via: "local" });
  }
  if (PUBLIC.some((r) => r.test(path))) {
    if (isStateChanging(method) && crossSite(req)) return refuse(403, "cross-site request refused (its Origin is not this server)", null);
    return NextResponse.next({ request: { headers } });
  }

  const who = auth.authenticate(credentialsOf(req.headers));
  if (!who) {
    if (isApi) return refuse(401, "sign in first (or send an API token as 'Authorization: Bearer …')", null);
    const login = new URL("/login", req.url);
    login.searchParams.set("next", path + req.nextUrl.search);
    return NextResponse.redirect(login);
  }
  if (who.via === "session" && isStateChanging(method)) {
    if (crossSite(req)) return refuse(403, "cross-site request refused (its Origin is not this server)", who);
    if (req.headers.get(CSRF_HEADER) !== who.csrf) return refuse(403, `missing or wrong CSRF token: send the ${CSRF_HEADER} header with the value of the bfs_csrf cookie`, who);
  }
  if (isApi) {
    const need = requiredRole(method, path, { dryRun: await isDryRun(req, path) });
    if (!roleAtLeast(who.role, need.role)) return refuse(403, `your role '${who.role}' cannot ${need.what}: that needs the ${need.role} role`, who);
  }
  return pass(who);
}

function loopbackHost(host: string | null): boolean {
  if (!host) return true; // HTTP/1.0 clients; the socket is loopback-bound anyway
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "").toLowerCase();
  return name === "localhost" || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

/** A browser request from another site (Origin present and not this host). */
function crossSite(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.get("host");
  } catch {
    return true;
  }
}

async function isDryRun(req: NextRequest, path: string): Promise<boolean> {
  if (req.method === "POST" && path === "/api/cluster-configs") return req.nextUrl.searchParams.get("dryRun") === "true";
  if (req.method !== "POST" || !/^\/api\/tables\/[^/]+\/backfills$/.test(path)) return false;
  try {
    return (await req.clone().json())?.dryRun === true;
  } catch {
    return false;
  }
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|monaco/|favicon.ico).*)"],
};
