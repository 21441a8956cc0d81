import { handle, json, readJson } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** 200 {udf} when valid; 400 {error, details: {kind, line, column}} otherwise. */
export function POST(req: Request) {
  return handle(async () => json(await services().udfs.validate(await readJson(req, "/api/udfs/validate"), req.signal)));
}
