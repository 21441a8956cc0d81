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

/** Child schemas of a schema (not maps of names, not lists of required names). */
function children(s: Schema, visit: (child: Schema, replace: (v: Schema) => void) => void): void {
  const props = s.properties as Record<string, Schema> | undefined;
  if (props) for (const k of Object.keys(props)) visit(props[k], (v) => (props[k] = v));
  for (const key of ["items", "additionalProperties", "not"]) {
    const c = s[key];
    if (c && typeof c === "object" && !Array.isArray(c)) visit(c as Schema, (v) => (s[key] = v));
  }
  for (const key of ["anyOf", "allOf", "oneOf"]) {
    const list = s[key] as Schema[] | undefined;
    if (Array.isArray(list)) list.forEach((c, i) => visit(c, (v) => (list[i] = v)));
  }
}

/**
 * Share repeated subschemas through $defs: the CRD repeats the PodTemplateSpec (head and workers) and
 * the Container schema (containers, initContainers, …); compiled once each, Ajv takes about half the time.
 */
export function shareRepeats(root: Schema, minChars = 200): Schema {
  const counts = new Map<string, number>();
  const count = (s: Schema) => {
    const key = JSON.stringify(s);
    if (key.length >= minChars) counts.set(key, (counts.get(key) ?? 0) + 1);
    children(s, (c) => count(c));
  };
  count(root);
  const defs: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const rewrite = (s: Schema, isDef: boolean): Schema => {
    const key = JSON.stringify(s);
    if (!isDef && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (!name) {
        name = `s${names.size}`;
        names.set(key, name);
        defs[name] = rewrite(structuredClone(s), true);
      }
      return { $ref: `#/$defs/${name}` };
    }
    children(s, (c, replace) => replace(rewrite(c, false)));
    return s;
  };
  const out = rewrite(structuredClone(root), false);
  return Object.keys(defs).length ? { ...out, $defs: defs } : out;
}

function compile(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("date-time", { type: "string", validate: (s: string) => !Number.isNaN(Date.parse(s)) });
  return ajv.compile(shareRepeats(pruningSchema(schema) as Schema));
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
