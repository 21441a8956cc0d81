// The edge between HTTP and server/: parse input, map expected errors to 4xx
// JSON, and never let an unexpected error out as an HTML 500 page.
import { auditLog } from "../audit/audit-log";
import { auditParams } from "../audit/audit-params";
import { isStateChanging } from "../auth/access-rules";
import { principalOf } from "../auth/request-auth";
import { badRequest, isUserError, UserError } from "../errors";
import { checkBody, type Schema } from "./body-schema";
import { openapi } from "./openapi";

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

/**
 * Run a route's work, mapping expected errors to 4xx JSON. Given the request
 * of a state-changing route, also writes the audit entry (who, what,
 * parameters, outcome); dry runs, which change nothing, are not recorded.
 */
export async function handle(fn: () => Promise<Response>, req?: Request): Promise<Response> {
  const started = Date.now();
  const params = req && isStateChanging(req.method) ? await auditParams(req) : null;
  let res: Response;
  let error: string | undefined;
  try {
    res = await fn();
  } catch (e) {
    if (isUserError(e)) {
      error = e.message;
      res = json({ error: e.message, ...(e.details !== undefined ? { details: e.details } : {}) }, e.status);
    } else if ((e as NodeJS.ErrnoException)?.code === "ENOSPC" || (e as NodeJS.ErrnoException)?.code === "EDQUOT") {
      error = `the server's disk is full: ${(e as Error).message}`;
      res = json({ error }, 507);
    } else {
      console.error("[backfill-studio] unexpected error", e);
      error = `internal error: ${(e as Error).message ?? String(e)}`;
      res = json({ error }, 500);
    }
  }
  const dryRun = (params?.body as { dryRun?: unknown } | undefined)?.dryRun === true || params?.query?.dryRun === "true";
  if (req && params && !dryRun) {
    const who = principalOf(req);
    const url = new URL(req.url);
    auditLog().record({
      user: who?.user ?? null, role: who?.role ?? null, via: who?.via ?? null, method: req.method, path: url.pathname, params,
      status: res.status, outcome: res.status < 400 ? "ok" : res.status === 401 || res.status === 403 ? "denied" : "error", error,
      durationMs: Date.now() - started,
    });
  }
  return res;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** The body, at most MAX_BODY_BYTES: refused from its content-length when it
 *  has one, else counted while reading (nothing beyond the limit is kept). */
async function readBody(req: Request): Promise<string> {
  const tooLarge = (size: string) => new UserError(413, `request body too large (${size}; at most ${MAX_BODY_BYTES / 1024 / 1024} MiB)`);
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge(`${(declared / 1024 / 1024).toFixed(1)} MiB`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge("more than that");
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A JSON object body, checked against the route's request schema in the OpenAPI document. */
/** `optional`: an empty body means {} (actions whose options all have defaults). */
export async function readJson(req: Request, route: keyof typeof openapi.paths, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
  const op = (openapi.paths[route] as Record<string, { requestBody?: { content: { "application/json": { schema: Schema } } } }>)[req.method.toLowerCase()];
  const schema = op?.requestBody?.content["application/json"].schema;
  if (!schema) throw new Error(`openapi.ts has no request body for ${req.method} ${route}`);
  const text = await readBody(req);
  if (opts.optional && !text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw badRequest(`request body must be valid JSON (${text.trim() ? (e as Error).message : "it is empty"})`);
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("request body must be a JSON object");
  checkBody(body as Record<string, unknown>, resolved(schema));
  return body as Record<string, unknown>;
}

type RefSchema = Schema & { $ref?: string; allOf?: RefSchema[] };

/** The top level of a schema with its `$ref` and `allOf` resolved (properties merged), as checkBody reads it. */
function resolved(s: RefSchema): Schema {
  if (s.$ref) {
    const name = s.$ref.replace("#/components/schemas/", "");
    return resolved((openapi.components.schemas as Record<string, RefSchema>)[name] ?? {});
  }
  if (!s.allOf) return s;
  const parts = s.allOf.map(resolved);
  return {
    type: "object",
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
  };
}

export function intParam(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name} must be an integer`);
  return n;
}

/** A version number from the query (1, 2, …), checked before anything is looked up. */
export function versionParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw badRequest(`${name} must be a version number (1, 2, …)`);
  return Number(raw);
}

export type Params<T> = { params: Promise<T> };
