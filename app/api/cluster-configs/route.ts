import { checkDesign } from "@/server/kubernetes/config-service";
import { handle, json, readJson } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Saved cluster configurations, newest version of each. */
export function GET() {
  return handle(async () => json(services().configs.list()));
}

/** Save a new configuration (201); 400 names each invalid field. `?dryRun=true`: only check it (200, with the manifest and its YAML). */
export function POST(req: Request) {
  return handle(async () => {
    const body = await readJson(req, "/api/cluster-configs");
    if (new URL(req.url).searchParams.get("dryRun") === "true") {
      const { note: _note, ...design } = body;
      return json(checkDesign(design));
    }
    return json(services().configs.create(body), 201);
  }, req);
}
