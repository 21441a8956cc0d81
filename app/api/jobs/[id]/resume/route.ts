import { handle, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function POST(req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => json(await services().jobs.resumeWhenStopped((await params).id), 202), req);
}
