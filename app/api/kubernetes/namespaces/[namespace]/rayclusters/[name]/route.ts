import { handle, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

type P = Params<{ namespace: string; name: string }>;

/** Status: state, conditions, ready workers per group, head pod, and how the Ray runner reaches it. */
export function GET(_req: Request, { params }: P) {
  return handle(async () => {
    const { namespace, name } = await params;
    return json(await services().kube.status(namespace, name));
  });
}

/** Delete the RayCluster (its pods go with it), its port-forward and its Ray cluster registration. 409 while a job runs on it. */
export function DELETE(req: Request, { params }: P) {
  return handle(async () => {
    const { namespace, name } = await params;
    return json(await services().kube.remove(namespace, name));
  }, req);
}
