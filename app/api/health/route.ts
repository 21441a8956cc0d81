import { json } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET() {
  // warmHost: whether a local job started now skips process start-up (server/runners/local/job-hosts.ts).
  return json({ ok: true, warmHost: services().localRunner.warmHost() });
}
