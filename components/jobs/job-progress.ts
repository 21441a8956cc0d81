// Folding the job stream into the cached job: `progress` events carry the job
// without its event log plus `lastEvent`; the log is kept and the new event
// appended when it is not there yet.
import type { Job, JobEvent } from "@/server/jobs/job-types";

export type ProgressMessage = Omit<Job, "events"> & { lastEvent: JobEvent | null };

const sameEvent = (a: JobEvent, b: JobEvent) => a.ts === b.ts && a.type === b.type && a.message === b.message;

export function mergeProgress(prev: Job | undefined, p: ProgressMessage): Job {
  const { lastEvent, ...rest } = p;
  const events = prev?.events ?? [];
  // events arrive in order, so the new one can only match one of the last few
  const known = !lastEvent || events.slice(-20).some((e) => sameEvent(e, lastEvent));
  return { ...rest, events: known ? events : [...events, lastEvent] };
}

/** Keep the tail of a log at most `max` lines long. */
export function appendLines(lines: readonly string[], add: readonly string[], max = 1000): string[] {
  const all = lines.concat(add);
  return all.length > max ? all.slice(all.length - max) : all;
}
