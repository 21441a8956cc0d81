import { authService } from "@/server/auth/auth-instance";
import { sessionCookies } from "@/server/auth/request-auth";
import { handle, json, readJson } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** Sign in with {name, password}: sets the session cookie (httpOnly) and the CSRF cookie. */
export function POST(req: Request) {
  return handle(async () => {
    const body = await readJson(req, "/api/auth/login");
    const s = await authService().login(body.name, body.password);
    const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
    const res = json({ user: s.user.name, role: s.user.role, expiresAt: s.expiresAt });
    for (const c of sessionCookies(s.sessionId, s.csrf, s.expiresAt, secure)) res.headers.append("set-cookie", c);
    return res;
  }, req);
}
