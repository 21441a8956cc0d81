import { launchBackfill } from "@/server/backfills/launch-backfill";
import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function POST(req: Request, { params }: Params<{ table: string }>) {
  return handle(async () => {
    const res = await launchBackfill(services(), (await params).table, await readJson(req, "/api/tables/{table}/backfills"));
    return json(res.body, res.status);
  }, req);
}
