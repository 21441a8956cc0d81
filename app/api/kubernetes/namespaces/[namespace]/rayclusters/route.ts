import { badRequest } from "@/server/errors";
import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Create the RayCluster of a saved configuration in this namespace: {config, version?, name?} → 201. */
export function POST(req: Request, { params }: Params<{ namespace: string }>) {
  return handle(async () => {
    const namespace = (await params).namespace;
    const body = await readJson(req, "/api/kubernetes/namespaces/{namespace}/rayclusters");
    if (typeof body.config !== "string" || !body.config) throw badRequest("config is required: the name of a saved cluster configuration");
    const { record, object } = await services().kube.create(body.config, { ...body, namespace });
    return json({ ...record, object }, 201);
  }, req);
}
