// The preview's sample settings and the POST /api/preview body they make.

export type SampleMode = "first" | "random" | "where";

export interface SampleSettings {
  mode: SampleMode;
  /** Rows to sample, 1..1000. */
  limit: number;
  /** Used when mode is "where". */
  where: string;
}

export const MAX_PREVIEW_ROWS = 1000;
export const DEFAULT_SAMPLE: SampleSettings = { mode: "first", limit: 20, where: "" };

export function clampLimit(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_SAMPLE.limit;
  return Math.min(MAX_PREVIEW_ROWS, Math.max(1, Math.round(n)));
}

export interface PreviewBody {
  table: string;
  source: string;
  limit: number;
  sample: "first" | "random";
  where?: string;
  column?: string;
}

export function previewBody(table: string, source: string, s: SampleSettings, column?: string): PreviewBody {
  const where = s.mode === "where" ? s.where.trim() : "";
  return {
    table,
    source,
    limit: clampLimit(s.limit),
    sample: s.mode === "random" ? "random" : "first",
    ...(where ? { where } : {}),
    ...(column ? { column } : {}),
  };
}

/** Why the settings cannot run yet (null when they can). */
export function sampleProblem(s: SampleSettings): string | null {
  if (s.mode === "where" && !s.where.trim()) return "enter a where filter, e.g. rating >= 4";
  if (!Number.isInteger(s.limit) || s.limit < 1 || s.limit > MAX_PREVIEW_ROWS) return `N must be between 1 and ${MAX_PREVIEW_ROWS}`;
  return null;
}
