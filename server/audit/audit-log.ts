// The audit log: one JSON line per state-changing request (who, what, when,
// parameters with secrets redacted, outcome), appended to the state
// directory. Refused requests are recorded too.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../config";

export type AuditOutcome = "ok" | "denied" | "error";

export interface AuditEntry {
  id: string;
  ts: string;
  user: string | null;
  role: string | null;
  via: string | null;
  method: string;
  path: string;
  params: { query?: Record<string, string>; body?: unknown };
  status: number;
  outcome: AuditOutcome;
  error?: string;
  durationMs?: number;
}

export interface AuditFilter {
  user?: string;
  /** Substring of "METHOD /path". */
  action?: string;
  outcome?: AuditOutcome;
  since?: string;
  until?: string;
  limit?: number;
}

const SECRET_KEY = /token|password|secret|credential|kubeconfig|authorization|cookie|private.?key/i;

/** Parameters as recorded: secret-looking keys redacted, long values cut. */
export function sanitize(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return v.length > 500 ? `${v.slice(0, 500)}… (${v.length} characters)` : v;
  if (v === null || typeof v !== "object") return v;
  if (depth > 5) return "[…]";
  if (Array.isArray(v)) {
    const head = v.slice(0, 50).map((x) => sanitize(x, depth + 1));
    return v.length > 50 ? [...head, `… ${v.length - 50} more`] : head;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>).slice(0, 100)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : sanitize(x, depth + 1);
  return out;
}

export class AuditLog {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, "audit.jsonl");
  }

  record(e: Omit<AuditEntry, "id" | "ts"> & { ts?: string }): AuditEntry {
    const entry: AuditEntry = { id: randomBytes(6).toString("hex"), ts: e.ts ?? new Date().toISOString(), ...e, params: sanitize(e.params) as AuditEntry["params"] };
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, JSON.stringify(entry) + "\n", { mode: 0o600 });
    } catch (err) {
      console.error(`[backfill-studio] could not write the audit log: ${(err as Error).message}`);
    }
    return entry;
  }

  /** Newest first. */
  query(f: AuditFilter = {}): AuditEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return [];
    }
    const limit = Math.min(Math.max(f.limit ?? 200, 1), 5000);
    const action = f.action?.toLowerCase();
    const out: AuditEntry[] = [];
    const lines = text.split("\n");
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      if (!lines[i]) continue;
      let e: AuditEntry;
      try {
        e = JSON.parse(lines[i]);
      } catch {
        continue;
      }
      if (f.user && e.user !== f.user) continue;
      if (f.outcome && e.outcome !== f.outcome) continue;
      if (action && !`${e.method} ${e.path}`.toLowerCase().includes(action)) continue;
      if (f.since && e.ts < f.since) continue;
      if (f.until && e.ts > f.until) continue;
      out.push(e);
    }
    return out;
  }
}

const KEY = Symbol.for("backfill-studio.audit");
type G = typeof globalThis & { [KEY]?: AuditLog };

export function auditLog(): AuditLog {
  const g = globalThis as G;
  g[KEY] ??= new AuditLog(loadConfig().stateDir);
  return g[KEY]!;
}
