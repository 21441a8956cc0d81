// Roles, from least to most trusted. Each includes what the ones before it may
// do: viewer reads; author also edits UDFs and previews (runs user code);
// operator also launches, cancels and resumes backfills; admin also manages
// clusters, cluster configs, users and reads the audit log.
export const ROLES = ["viewer", "author", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === "string" && (ROLES as readonly string[]).includes(v);

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** What a role adds, in words (for the UI and 403 messages). */
export const ROLE_GRANTS: Record<Role, string> = {
  viewer: "read tables, jobs, clusters",
  author: "write UDFs and run previews",
  operator: "launch, cancel and resume backfills",
  admin: "manage clusters, cluster configs, users; read the audit log",
};
