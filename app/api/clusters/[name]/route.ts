import { handle, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

export function GET(_req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => json(await services().clusters.status((await params).name)));
}

export function DELETE(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const name = (await params).name;
    await services().clusters.remove(name);
    return json({ deleted: name });
  }, req);
}
