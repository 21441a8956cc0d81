// A request body that may be empty ({}), else must be a JSON object.
import { badRequest } from "../errors";

export async function readOptionalJson(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("request body must be valid JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("request body must be a JSON object");
  return body as Record<string, unknown>;
}
