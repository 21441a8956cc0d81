// Which role each request needs. Deny by default: a state-changing API route
// not listed here needs admin, so a route added later is never open by accident.
import type { Role } from "./roles";

interface Rule {
  method: string | "*";
  path: RegExp;
  role: Role;
  /** What the role may do here, for the 403 message. */
  what: string;
}

const SEG = "[^/]+";
const rules: Rule[] = [
  // signing in and out, and one's own identity and tokens
  { method: "POST", path: /^\/api\/auth\/(login|logout)$/, role: "viewer", what: "sign in or out" },
  { method: "*", path: /^\/api\/auth\/(me|tokens)(\/[^/]+)?$/, role: "viewer", what: "manage your own API tokens" },
  // user code: validation and previews run the UDF
  { method: "POST", path: /^\/api\/udfs\/validate$/, role: "author", what: "validate UDFs" },
  { method: "POST", path: /^\/api\/preview$/, role: "author", what: "preview UDFs" },
  { method: "*", path: new RegExp(`^/api/tables/${SEG}/columns(/${SEG}(/udf)?)?$`), role: "author", what: "add columns or change their UDFs" },
  // backfills (dry runs: see requiredRole)
  { method: "POST", path: new RegExp(`^/api/tables/${SEG}/backfills$`), role: "operator", what: "launch backfills" },
  { method: "POST", path: new RegExp(`^/api/jobs/${SEG}/(cancel|resume)$`), role: "operator", what: "cancel or resume jobs" },
  // administration
  { method: "*", path: /^\/api\/(clusters|cluster-configs|users|audit)(\/.*)?$/, role: "admin", what: "manage clusters, cluster configs, users and the audit log" },
];

const READ = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !READ.has(method.toUpperCase());
}

/** The role a request needs, and what it is doing (for messages). */
export function requiredRole(method: string, pathname: string, opts: { dryRun?: boolean } = {}): { role: Role; what: string } {
  const m = method.toUpperCase();
  // a dry run only reads: it plans and changes nothing
  if (/^\/api\/tables\/[^/]+\/backfills$/.test(pathname) && m === "POST" && opts.dryRun) return { role: "viewer", what: "plan backfills (dry run)" };
  if (/^\/api\/(audit|users)(\/.*)?$/.test(pathname)) return { role: "admin", what: "read the audit log and manage users" };
  // checking a cluster design (live validation, a UDF's fit) changes nothing
  if (m === "POST" && (/^\/api\/cluster-configs\/[^/]+\/check$/.test(pathname) || (pathname === "/api/cluster-configs" && opts.dryRun))) {
    return { role: "viewer", what: "check cluster designs" };
  }
  if (READ.has(m)) return { role: "viewer", what: "read" };
  const rule = rules.find((r) => (r.method === "*" || r.method === m) && r.path.test(pathname));
  return rule ? { role: rule.role, what: rule.what } : { role: "admin", what: `${m} ${pathname}` };
}
