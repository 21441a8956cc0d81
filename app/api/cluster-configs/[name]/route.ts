import { handle, versionParam, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** A configuration (the latest version, or ?version=N) and its list of versions. */
export function GET(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => json(services().configs.get((await params).name, versionParam(new URL(req.url), "version"))));
}

/** Save a new version (unchanged content keeps the latest: `unchanged: true`). */
export function PUT(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => json(services().configs.saveVersion((await params).name, await readJson(req, "/api/cluster-configs/{name}"))), req);
}

export function DELETE(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const name = (await params).name;
    services().configs.remove(name);
    return json({ deleted: name });
  }, req);
}
