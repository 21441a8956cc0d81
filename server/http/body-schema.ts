// Request bodies are checked against their schema in the OpenAPI document
// (server/http/openapi.ts), so what is documented is what is accepted:
// unknown fields and wrong types are a 400 naming the field. Required fields,
// ranges and meaning are left to the code, whose messages say more.
import { badRequest } from "../errors";

export interface Schema {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  oneOf?: readonly Schema[];
  items?: Schema;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties?: Schema | boolean;
  description?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What `v` should have been, or null when it fits `s`. */
function mismatch(v: unknown, s: Schema): string | null {
  if (s.enum) return s.enum.includes(v) ? null : `one of ${s.enum.map((x) => JSON.stringify(x)).join(", ")}`;
  if (s.oneOf) return s.oneOf.some((o) => mismatch(v, o) === null) ? null : s.oneOf.map(describe).join(" or ");
  const types = typeof s.type === "string" ? [s.type] : (s.type ?? []);
  if (!types.length) return null;
  return types.some((t) => fits(v, t, s)) ? null : describe(s);
}

function fits(v: unknown, type: string, s: Schema): boolean {
  switch (type) {
    case "string": return typeof v === "string";
    case "integer": return Number.isInteger(v);
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "boolean": return typeof v === "boolean";
    case "null": return v === null;
    case "array": return Array.isArray(v) && (!s.items || v.every((x) => mismatch(x, s.items!) === null));
    case "object":
      return isObject(v) && (typeof s.additionalProperties !== "object" || Object.values(v).every((x) => mismatch(x, s.additionalProperties as Schema) === null));
    default: return true;
  }
}

function describe(s: Schema): string {
  if (s.enum) return `one of ${s.enum.map((x) => JSON.stringify(x)).join(", ")}`;
  const t = typeof s.type === "string" ? s.type : s.type?.[0];
  switch (t) {
    case "string": return "a string";
    case "integer": return "an integer";
    case "number": return "a number";
    case "boolean": return "true or false";
    case "array": return s.items ? `a list of ${describe(s.items).replace(/^an? /, "")}s` : "a list";
    case "object": return typeof s.additionalProperties === "object" ? `an object of ${describe(s.additionalProperties).replace(/^an? /, "")}s` : "an object";
    default: return "valid";
  }
}

/** A string with a lone UTF-16 surrogate cannot be encoded as UTF-8 (Python, Lance and files would choke on it). */
function illFormed(v: unknown): boolean {
  if (typeof v === "string") return !v.isWellFormed();
  if (Array.isArray(v)) return v.some(illFormed);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => !k.isWellFormed() || illFormed(x));
  return false;
}

export function checkBody(body: Record<string, unknown>, schema: Schema): void {
  const props = schema.properties ?? {};
  const unknown = Object.keys(body).filter((k) => !Object.hasOwn(props, k));
  if (unknown.length) {
    const names = unknown.map((k) => JSON.stringify(k)).join(", ");
    throw badRequest(`unknown field${unknown.length > 1 ? "s" : ""} ${names} (this request takes: ${Object.keys(props).join(", ")})`);
  }
  for (const [k, v] of Object.entries(body)) {
    if (v === null && !schema.required?.includes(k)) continue; // null: not given
    const want = mismatch(v, props[k]);
    if (want) throw badRequest(`${k} must be ${want}`);
    if (illFormed(v)) throw badRequest(`${k} is not valid Unicode (it holds a lone surrogate)`);
  }
}
