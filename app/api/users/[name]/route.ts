import { authService } from "@/server/auth/auth-instance";
import { handle, json, readJson, type Params } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** Change a user's role, password or disabled flag. */
export function PATCH(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => json(await authService().updateUser((await params).name, await readJson(req, "/api/users/{name}"))), req);
}

/** Remove a user: their sessions end and their tokens are revoked. */
export function DELETE(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const name = (await params).name;
    authService().deleteUser(name);
    return json({ deleted: name });
  }, req);
}
