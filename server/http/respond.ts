// The edge between HTTP and server/: parse input, map expected errors to 4xx
// JSON, and never let an unexpected error out as an HTML 500 page.
import { badRequest, isUserError } from "../errors";

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (isUserError(e)) {
      return json({ error: e.message, ...(e.details !== undefined ? { details: e.details } : {}) }, e.status);
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === "ENOSPC" || code === "EDQUOT") {
      return json({ error: `the server's disk is full: ${(e as Error).message}` }, 507);
    }
    console.error("[backfill-studio] unexpected error", e);
    return json({ error: `internal error: ${(e as Error).message ?? String(e)}` }, 500);
  }
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
