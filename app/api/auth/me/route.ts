import { authService } from "@/server/auth/auth-instance";
import { principalOf } from "@/server/auth/request-auth";
import { ROLE_GRANTS, ROLES, roleAtLeast } from "@/server/auth/roles";
import { handle, json } from "@/server/http/respond";

export const dynamic = "force-dynamic";

/** Who the caller is and what their role allows (the UI hides or disables the rest). */
export function GET(req: Request) {
  return handle(async () => {
    const p = principalOf(req);
    const grants = p ? ROLES.filter((r) => roleAtLeast(p.role, r)).map((r) => ROLE_GRANTS[r]) : [];
    return json({ authEnabled: authService().enabled, user: p?.user ?? null, role: p?.role ?? null, via: p?.via ?? null, grants });
  });
}
