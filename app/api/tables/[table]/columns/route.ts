import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function POST(req: Request, { params }: Params<{ table: string }>) {
  return handle(async () => json(await services().udfs.addColumn((await params).table, await readJson(req, "/api/tables/{table}/columns")), 201), req);
}
