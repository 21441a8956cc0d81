import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET(_req: Request, { params }: Params<{ table: string; column: string }>) {
  return handle(async () => {
    const { table, column } = await params;
    const udf = await services().tables.udfOf(table, column);
    return udf ? json({ udf }) : json({ error: `column '${column}' has no UDF` }, 404);
  });
}

export function PUT(req: Request, { params }: Params<{ table: string; column: string }>) {
  return handle(async () => {
    const { table, column } = await params;
    return json(await services().udfs.replaceUdf(table, column, await readJson(req, "/api/tables/{table}/columns/{column}/udf")));
  }, req);
}
