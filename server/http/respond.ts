// The edge between HTTP and server/: parse input, map expected errors to 4xx
// JSON, and never let an unexpected error out as an HTML 500 page.
import { auditLog } from "../audit/audit-log";
import { auditParams } from "../audit/audit-params";
import { isStateChanging } from "../auth/access-rules";
import { principalOf } from "../auth/request-auth";
import { badRequest, isUserError } from "../errors";

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
    } else {
      console.error("[backfill-studio] unexpected error", e);
      error = `internal error: ${(e as Error).message ?? String(e)}`;
      res = json({ error }, 500);
    }
  }
  if (req && params && !(params.body as { dryRun?: unknown } | undefined)?.dryRun) {
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

export async function readJson(req: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw badRequest("request body must be valid JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("request body must be a JSON object");
  return body as Record<string, unknown>;
}

export function intParam(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name} must be an integer`);
  return n;
}

export type Params<T> = { params: Promise<T> };
