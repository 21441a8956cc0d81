import { handle, json } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Where the Kubernetes configuration comes from (or why there is none), the RayClusters this server created, and the jobs' exit plans. */
export function GET() {
  return handle(async () => {
    const k = services().kube;
    return json({ ...(await k.info()), rayclusters: k.list(), exitPlans: k.exitPlans.list() });
  });
}
