import { authService } from "@/server/auth/auth-instance";
import { requirePrincipal } from "@/server/auth/request-auth";
import { handle, json, type Params } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** Revoke a token (yours, or anyone's as an admin). */
export function DELETE(req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => json(authService().revokeToken((await params).id, requirePrincipal(req))), req);
}
