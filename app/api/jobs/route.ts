import { badRequest } from "@/server/errors";
import { handle, json } from "@/server/http/respond";
import { services } from "@/server/instance";
import { isJobState, JOB_STATES } from "@/server/jobs/job-status";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handle(async () => {
    const url = new URL(req.url);
    const state = url.searchParams.get("state") ?? undefined;
    if (state && !isJobState(state)) throw badRequest(`state must be one of ${JOB_STATES.join(", ")}`);
    const filter = { table: url.searchParams.get("table") ?? undefined, column: url.searchParams.get("column") ?? undefined, state };
    return json(services().store.list(filter));
  });
}
