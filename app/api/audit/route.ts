import { auditLog, type AuditOutcome } from "@/server/audit/audit-log";
import { badRequest } from "@/server/errors";
import { handle, intParam, json } from "@/server/http/respond";

export const dynamic = "force-dynamic";

const OUTCOMES: AuditOutcome[] = ["ok", "denied", "error"];

/** Audit entries, newest first: ?user=&action=&outcome=ok|denied|error&since=&until=&limit= */
export function GET(req: Request) {
  return handle(async () => {
    const q = new URL(req.url).searchParams;
    const outcome = q.get("outcome") || undefined;
    if (outcome && !OUTCOMES.includes(outcome as AuditOutcome)) throw badRequest(`outcome must be one of ${OUTCOMES.join(", ")}`);
    for (const k of ["since", "until"]) {
      const v = q.get(k);
      if (v && Number.isNaN(Date.parse(v))) throw badRequest(`${k} must be an ISO date-time, e.g. 2026-11-25T10:00:00Z`);
    }
    const iso = (k: string) => (q.get(k) ? new Date(q.get(k)!).toISOString() : undefined);
    return json(auditLog().query({
      user: q.get("user") || undefined, action: q.get("action") || undefined, outcome: outcome as AuditOutcome | undefined,
      since: iso("since"), until: iso("until"), limit: intParam(new URL(req.url), "limit"),
    }));
  });
}
