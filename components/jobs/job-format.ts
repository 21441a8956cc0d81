// Formatting used by the job pages only.
import type { Job } from "@/server/jobs/job-types";

/** 14:03:07.125 (local time), for event logs. */
export function fmtClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** How long a job ran (until now while it runs); null before it started. */
export function jobDurationMs(job: Pick<Job, "startedAt" | "finishedAt" | "state">, now = Date.now()): number | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : job.state === "running" || job.state === "queued" ? now : null;
  return end == null ? null : Math.max(0, end - Date.parse(job.startedAt));
}

/** The share of planned rows that are committed / checkpointed (0..1). */
export function jobFractions(job: Pick<Job, "rowsPlanned" | "rowsCommitted" | "rowsCheckpointed" | "state">): { committed: number; checkpointed: number } {
  if (!job.rowsPlanned) return job.state === "succeeded" ? { committed: 1, checkpointed: 1 } : { committed: 0, checkpointed: 0 };
  const c = (n: number) => Math.max(0, Math.min(1, n / job.rowsPlanned));
  return { committed: c(job.rowsCommitted), checkpointed: Math.max(c(job.rowsCheckpointed), c(job.rowsCommitted)) };
}

const ROWADDR_LIST = /^(?:\((.*)\) AND )?_rowaddr IN \(([\d,\s]+)\)$/s;

/**
 * A job's where for display. Re-runs of failed rows select them by address
 * (`_rowaddr IN (…thousands…)`): those read as "N listed rows" instead.
 */
export function describeWhere(where: string | null): { label: string; full: string | null } {
  if (!where) return { label: "NULL or stale rows (default)", full: null };
  const m = ROWADDR_LIST.exec(where);
  if (m) {
    const n = m[2].split(",").filter((s) => s.trim()).length;
    const rows = `${n.toLocaleString("en-US")} listed row${n === 1 ? "" : "s"} (by row address)`;
    return { label: m[1] ? `where ${m[1]}, ${rows}` : rows, full: where };
  }
  return { label: `where ${where}`, full: where };
}

/** Long messages (a where with thousands of row addresses) cut for the event log. */
export function clip(s: string, max = 300): { text: string; cut: number } {
  return s.length <= max ? { text: s, cut: 0 } : { text: s.slice(0, max), cut: s.length - max };
}
