import fs from "node:fs";
import path from "node:path";
import { handle, intParam, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** The driver's log (stderr of the driver and its workers, UDF prints included). */
export function GET(req: Request, { params }: Params<{ id: string }>) {
  return handle(async () => {
    const id = (await params).id;
    services().jobs.get(id);
    const tail = Math.min(Math.max(intParam(new URL(req.url), "tail") ?? 500, 1), 10_000);
    const file = path.join(services().store.dir(id), "driver.log");
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    return json({ lines: lines.slice(-tail) });
  });
}
