import { handle, intParam, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET(req: Request, { params }: Params<{ table: string }>) {
  return handle(async () => {
    const url = new URL(req.url);
    const columns = url.searchParams.get("columns");
    return json(await services().tables.rows((await params).table, {
      limit: intParam(url, "limit"),
      offset: intParam(url, "offset"),
      where: url.searchParams.get("where") ?? undefined,
      columns: columns ? columns.split(",").map((c) => c.trim()).filter(Boolean) : undefined,
      count: ["1", "true"].includes(url.searchParams.get("count") ?? ""),
    }));
  });
}
