import { handle, json, readJson } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Registered clusters with their live status (tokens are never returned). */
export function GET() {
  return handle(async () => json(await services().clusters.list()));
}

/** Register a Ray cluster ({name, kind: "ray", address, token?}) or start/reuse local Ray ({kind: "local-ray"}). */
export function POST(req: Request) {
  return handle(async () => json(await services().clusters.register(await readJson(req, "/api/clusters")), 201), req);
}
