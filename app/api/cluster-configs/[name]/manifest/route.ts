import { badRequest } from "@/server/errors";
import { handle, versionParam, json, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";
import { toYaml } from "@/server/kubernetes/yaml";

export const dynamic = "force-dynamic";

/** The RayCluster (ray.io/v1) of a configuration: JSON, or YAML with ?format=yaml. */
export function GET(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const url = new URL(req.url);
    const name = (await params).name;
    const format = url.searchParams.get("format") ?? "json";
    if (format !== "json" && format !== "yaml") throw badRequest("format must be json or yaml");
    const manifest = services().configs.manifest(name, { version: versionParam(url, "version"), namespace: url.searchParams.get("namespace") || undefined });
    if (format === "json") return json(manifest);
    return new Response(toYaml(manifest), {
      headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `inline; filename="${name}.yaml"` },
    });
  });
}
