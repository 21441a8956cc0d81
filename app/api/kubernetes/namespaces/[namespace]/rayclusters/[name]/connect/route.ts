import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/**
 * Register the RayCluster as a Ray cluster for the Ray runner: {access?: "port-forward" (default: a
 * port-forward to the head pod's dashboard on 127.0.0.1) | "in-cluster" (the head service's DNS name),
 * cluster?: name to register (default <namespace>.<name>)}.
 */
export function POST(req: Request, { params }: Params<{ namespace: string; name: string }>) {
  return handle(async () => {
    const { namespace, name } = await params;
    return json(await services().kube.connect(namespace, name, await readJson(req, "/api/kubernetes/namespaces/{namespace}/rayclusters/{name}/connect", { optional: true })), 201);
  }, req);
}
