import { json } from "@/server/http/respond";
import { openapi } from "@/server/http/openapi";

export function GET() {
  return json(openapi);
}
