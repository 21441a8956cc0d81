// Extract the v1 openAPIV3Schema of KubeRay's RayCluster CRD into JSON (the
// server imports the JSON; the YAML stays as the verbatim source).
// Usage: node scripts/extract-crd-schema.mjs [--check]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadYaml } from "@kubernetes/client-node";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "server", "kubernetes", "crd");
const yamlFile = path.join(dir, "ray.io_rayclusters.yaml");
const jsonFile = path.join(dir, "raycluster-v1.schema.json");

/** loadYaml turns known kinds (a CRD is one) into typed models that rename keys (enum → _enum): drop the top-level apiVersion/kind so it returns plain data. */
export function v1Schema(text) {
  const crd = loadYaml(text.replace(/^(apiVersion|kind):.*$/gm, ""));
  const v1 = crd.spec.versions.find((v) => v.name === "v1");
  if (!v1) throw new Error("no v1 version in the CRD");
  return v1.schema.openAPIV3Schema;
}

const json = JSON.stringify(v1Schema(fs.readFileSync(yamlFile, "utf8"))) + "\n";
if (process.argv.includes("--check")) {
  const same = fs.readFileSync(jsonFile, "utf8") === json;
  console.log(same ? "up to date" : "OUT OF DATE: run node scripts/extract-crd-schema.mjs");
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(jsonFile, json);
console.log(`wrote ${path.relative(process.cwd(), jsonFile)} (${json.length} bytes)`);
