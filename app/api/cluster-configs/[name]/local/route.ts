import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";
import { badRequest } from "@/server/errors";

export const dynamic = "force-dynamic";

/** The configuration's local shape (Ray nodes on this machine): state ("off" when none runs), nodes, notes. */
export function GET(_req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => json(services().shapes.get((await params).name)));
}

/** Start it: a head plus one node per worker group, registered as Ray cluster shape-<name> (202; GET follows). */
export function POST(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const body = await readJson(req, "/api/cluster-configs/{name}/local", { optional: true });
    if (body.version !== undefined && (typeof body.version !== "number" || !Number.isInteger(body.version))) throw badRequest("version must be a version number");
    return json(services().shapes.start((await params).name, body.version as number | undefined), 202);
  }, req);
}

export function DELETE(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const name = (await params).name;
    await services().shapes.stop(name);
    return json({ stopped: name });
  }, req);
}
