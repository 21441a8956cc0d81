import { handle, versionParam, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";

export const dynamic = "force-dynamic";

/** What changed between two versions (default: the latest and the one before): fields and manifest YAML lines. */
export function GET(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const url = new URL(req.url);
    const name = (await params).name;
    const [toParam, fromParam] = [versionParam(url, "to"), versionParam(url, "from")];
    const to = toParam ?? services().configs.version(name).version;
    const from = fromParam ?? Math.max(1, to - 1);
    return json(services().configs.diff(name, from, to));
  });
}
