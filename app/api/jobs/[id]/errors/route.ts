import { badRequest } from "@/server/errors";
import { handle, intParam, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => {
    const limit = intParam(new URL(req.url), "limit") ?? 100;
    if (limit < 1 || limit > 100_000) throw badRequest("limit must be between 1 and 100000");
    return json(services().jobs.errors((await params).id, limit));
  });
}
