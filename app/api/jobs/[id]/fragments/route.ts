import { handle, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** Per-fragment state (columnar): pending, running, checkpointed, committed, failed. */
export function GET(_req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => json(services().jobs.fragments((await params).id)));
}
