import { handle, json } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET() {
  return handle(async () => json(await services().tables.list()));
}
