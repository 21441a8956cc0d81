import { handle, json, readJson } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handle(async () => json(await services().udfs.preview(await readJson(req, "/api/preview"), req.signal)), req);
}
