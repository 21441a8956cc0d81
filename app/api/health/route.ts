import { json } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Liveness, and the preview sandbox's limits (how its process limit is enforced here). */
export function GET() {
  return json({ ok: true, previewSandbox: services().udfPool.info() });
}
