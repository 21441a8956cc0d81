// The parameters of a request as the audit log records them: its query and
// (small) JSON body, read from a clone so the route can still read it.
import type { AuditEntry } from "./audit-log";

const AUDIT_BODY_LIMIT = 1 << 20;

export async function auditParams(req: Request): Promise<AuditEntry["params"]> {
  const url = new URL(req.url);
  const query = Object.fromEntries(url.searchParams);
  const out: AuditEntry["params"] = Object.keys(query).length ? { query } : {};
  const length = Number(req.headers.get("content-length") ?? NaN);
  if (!(length > 0)) return out;
  if (length > AUDIT_BODY_LIMIT) return { ...out, body: `(${length} bytes, not recorded)` };
  try {
    const text = await req.clone().text();
    try {
      out.body = JSON.parse(text);
    } catch {
      out.body = text.slice(0, 500);
    }
  } catch {
    // an unreadable body is the route's error to report
  }
  return out;
}

