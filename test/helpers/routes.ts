// The API routes implemented under app/api, read from the file tree (so a
// route missing from the OpenAPI document cannot hide).
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./server";

/** Every route implemented under app/api, as OpenAPI paths with its methods. */
export function implementedRoutes(): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("[...") && !entry.name.startsWith("[[...")) walk(full); // the catch-all 404 is not a route
      } else if (entry.name === "route.ts") {
        const rel = path.relative(path.join(ROOT, "app"), dir).split(path.sep).join("/");
        const apiPath = "/" + rel.replace(/\[([^\]]+)\]/g, "{$1}");
        const code = fs.readFileSync(full, "utf8");
        const methods = [...code.matchAll(/export\s+(?:async\s+)?function\s+(GET|POST|PUT|DELETE|PATCH)\b/g)].map((m) => m[1].toLowerCase());
        routes.set(apiPath, methods);
      }
    }
  };
  walk(path.join(ROOT, "app", "api"));
  return routes;
}
