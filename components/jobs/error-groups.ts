// Row errors of a job grouped by error type, for the errors panel.
import type { RowError } from "@/server/jobs/job-types";

export interface ErrorGroup {
  errorType: string;
  count: number;
  skipped: number;
  failed: number;
  /** Distinct messages, most frequent first, then first seen (at most 3). */
  messages: { message: string; count: number }[];
  /** The first few rows of this type, in the order they were recorded. */
  samples: RowError[];
}

export function groupErrors(errors: readonly RowError[], samplesPerGroup = 5): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup & { byMessage: Map<string, number> }>();
  for (const e of errors) {
    const type = e.errorType || "Error";
    let g = groups.get(type);
    if (!g) {
      g = { errorType: type, count: 0, skipped: 0, failed: 0, messages: [], samples: [], byMessage: new Map() };
      groups.set(type, g);
    }
    g.count++;
    if (e.action === "skipped") g.skipped++;
    else g.failed++;
    g.byMessage.set(e.message, (g.byMessage.get(e.message) ?? 0) + 1);
    if (g.samples.length < samplesPerGroup) g.samples.push(e);
  }
  return [...groups.values()]
    .map(({ byMessage, ...g }) => ({
      ...g,
      messages: [...byMessage.entries()]
        // Map keeps insertion order and sort is stable: ties stay in first-seen order
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([message, count]) => ({ message, count })),
    }))
    .sort((a, b) => b.count - a.count || a.errorType.localeCompare(b.errorType));
}

const FRAGMENT_SHIFT = 2 ** 32;

/** A Lance row address is (fragment << 32) | offset. */
export function splitRowAddress(addr: number | null): { fragment: number; offset: number } | null {
  if (addr == null || !Number.isFinite(addr) || addr < 0) return null;
  return { fragment: Math.floor(addr / FRAGMENT_SHIFT), offset: addr % FRAGMENT_SHIFT };
}
