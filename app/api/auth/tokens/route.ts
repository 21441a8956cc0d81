import { authService } from "@/server/auth/auth-instance";
import { requirePrincipal } from "@/server/auth/request-auth";
import { badRequest } from "@/server/errors";
import { handle, json, readJson } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** Your API tokens (an admin may add ?all=1 for everyone's); never the secrets. */
export function GET(req: Request) {
  return handle(async () => {
    const p = requirePrincipal(req);
    const all = new URL(req.url).searchParams.get("all") === "1" && p.role === "admin";
    return json(authService().listTokens(all ? null : p.user));
  });
}

/** Create an API token for yourself: {name}. The secret is in this answer only. */
export function POST(req: Request) {
  return handle(async () => {
    const p = requirePrincipal(req);
    const body = await readJson(req, "/api/auth/tokens");
    if (!authService().enabled) throw badRequest("authentication is off (BFS_AUTH is not on): API tokens are not needed");
    return json(authService().createToken(p.user, body.name), 201);
  }, req);
}
