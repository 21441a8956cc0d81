import { handle, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET(_req: Request, { params }: Params<{ table: string }>) {
  return handle(async () => json(await services().tables.describe((await params).table)));
}
