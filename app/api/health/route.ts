import { json } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Liveness, and the preview sandbox's limits (how its process limit is enforced here). */
export function GET() {
  // previewSandbox: the limits in force; warmHost: whether a local job started now skips process start-up (server/runners/local/job-hosts.ts).
  return json({ ok: true, previewSandbox: services().udfPool.info(), warmHost: services().localRunner.warmHost() });
}
