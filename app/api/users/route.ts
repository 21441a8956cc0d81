import { authService } from "@/server/auth/auth-instance";
import { handle, json, readJson } from "@/server/http/respond";

export const dynamic = "force-dynamic";

export function GET() {
  return handle(async () => json(authService().listUsers()));
}

/** Add a user: {name, role: viewer|author|operator|admin, password}. */
export function POST(req: Request) {
  return handle(async () => json(await authService().createUser(await readJson(req, "/api/users")), 201), req);
}
