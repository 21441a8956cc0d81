// Check a RayCluster object against KubeRay's CRD schema (v1, KubeRay 1.7.0)
// with Ajv, the way the API server would: types, required fields, quantity
// patterns, int32 ranges. Stricter in one way on purpose: a field the schema does
// not declare is an error here, where the API server would silently drop it
// (structural pruning) — a typo in a manifest must not vanish unnoticed.
// Compiling the 150 KB schema takes ~1.5 s, so it happens once, on first use.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import schema from "./crd/raycluster-v1.schema.json";

export interface ManifestIssue {
  /** Where, in the manifest: `spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits.memory`. */
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

/** additionalProperties: false wherever Kubernetes would prune unknown fields. */
export function pruningSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(pruningSchema);
  if (typeof s !== "object" || s === null) return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s as Schema)) {
    // property names are data, not schemas: copy their schemas, not the map itself
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, pruningSchema(ps)])) : pruningSchema(v);
  }
  const o = s as Schema;
  if (o.type === "object" && o.properties && o.additionalProperties === undefined && o["x-kubernetes-preserve-unknown-fields"] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

// One compiled validator per process: Next bundles each route separately, so a
// module-level variable would compile once per route that validates.
const KEY = Symbol.for("backfill-studio.crd-validator");
type G = typeof globalThis & { [KEY]?: ValidateFunction };

function compile(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  return ajv.compile(pruningSchema(schema) as Schema);
}

/** "/spec/workerGroupSpecs/1/template" → "spec.workerGroupSpecs[1].template" */
export function dottedPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), "");
}

function describe(e: ErrorObject): ManifestIssue {
  const at = dottedPath(e.instancePath);
  const join = (child: string) => (at ? `${at}.${child}` : child);
  switch (e.keyword) {
    case "required":
      return { path: join(String(e.params.missingProperty)), message: `${String(e.params.missingProperty)} is required by the RayCluster CRD` };
    case "additionalProperties":
      return { path: join(String(e.params.additionalProperty)), message: `'${String(e.params.additionalProperty)}' is not a field of the RayCluster CRD (the API server would drop it)` };
    case "pattern":
      return { path: at, message: "not a valid Kubernetes quantity" };
    case "format":
      return { path: at, message: `must be a ${e.params.format === "int32" ? "32-bit integer" : String(e.params.format)}` };
    case "anyOf":
      return { path: at, message: "must be an integer or a quantity string" };
    default:
      return { path: at, message: e.message ?? e.keyword };
  }
}

/** The CRD schema's complaints about an object; [] when the API server's schema check would pass. */
export function validateAgainstCrd(manifest: unknown): ManifestIssue[] {
  const g = globalThis as G;
  const validator = (g[KEY] ??= compile());
  if (validator(manifest)) return [];
  const seen = new Set<string>();
  const out: ManifestIssue[] = [];
  for (const e of validator.errors ?? []) {
    const issue = describe(e);
    // anyOf reports each branch too (type integer, type string): keep one line per path
    if (e.keyword === "type" && (validator.errors ?? []).some((o) => o.keyword === "anyOf" && o.instancePath === e.instancePath)) continue;
    const key = `${issue.path}|${issue.message}`;
    if (!seen.has(key)) out.push(issue);
    seen.add(key);
  }
  return out;
}
