import { authService } from "@/server/auth/auth-instance";
import { clearedCookies, cookieOf, SESSION_COOKIE } from "@/server/auth/request-auth";
import { handle, json } from "@/server/http/respond";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handle(async () => {
    authService().logout(cookieOf(req.headers.get("cookie"), SESSION_COOKIE) ?? undefined);
    const res = json({ signedOut: true });
    for (const c of clearedCookies()) res.headers.append("set-cookie", c);
    return res;
  }, req);
}
