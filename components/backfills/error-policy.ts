// The UDF's error policy (its `on_error`, as the data plane describes it:
// "fail", "skip(Exception)", "retry(ConnectionError,TimeoutError,OSError x3 exponential)",
// several joined by "; ") in words for the launcher.

export interface PolicyRule {
  action: "retry" | "skip" | "fail" | string;
  exceptions: string[];
  match: string | null;
  attempts: number | null;
  backoff: string | null;
}

const RULE = /^(\w+)\((.*)\)$/;

export function parsePolicy(described: string | undefined | null): PolicyRule[] {
  const s = (described ?? "fail").trim();
  if (!s || s === "fail") return [];
  return s.split(/;\s*/).map((part) => {
    const m = RULE.exec(part.trim());
    if (!m) return { action: part.trim(), exceptions: [], match: null, attempts: null, backoff: null };
    let body = m[2];
    let match: string | null = null;
    const re = /\s\/(.*)\/(?=\s|$)/.exec(body);
    if (re) {
      match = re[1];
      body = body.slice(0, re.index) + body.slice(re.index + re[0].length);
    }
    const extra = /\sx(\d+)\s(\w+)$/.exec(body);
    if (extra) body = body.slice(0, extra.index);
    return {
      action: m[1],
      exceptions: body.split(",").map((x) => x.trim()).filter(Boolean),
      match,
      attempts: extra ? Number(extra[1]) : null,
      backoff: extra ? extra[2] : null,
    };
  });
}

/** One sentence per rule, then what happens to errors no rule matches. */
export function describePolicy(described: string | undefined | null): string[] {
  const rules = parsePolicy(described);
  if (!rules.length) return ["Any row error fails the job (the default: fail)."];
  const lines = rules.map((r) => {
    const what = (r.exceptions.length ? r.exceptions.join(", ") : "errors") + (r.match ? ` matching /${r.match}/` : "");
    if (r.action === "skip") return `${what}: the row becomes NULL and is recorded as skipped; the job goes on.`;
    if (r.action === "retry") return `${what}: retried up to ${r.attempts ?? 3}× (${r.backoff ?? "exponential"} backoff), then the job fails.`;
    if (r.action === "fail") return `${what}: the job fails.`;
    return `${what}: ${r.action}.`;
  });
  const catchAll = rules.some((r) => r.exceptions.includes("Exception") && !r.match);
  if (!catchAll) lines.push("Any other error fails the job.");
  return lines;
}
