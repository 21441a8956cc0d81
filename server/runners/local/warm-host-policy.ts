// BFS_WARM_HOST, parsed (no imports: config.ts reads it).
/**
 * When to start the next idle host after one is handed a job:
 * - "after-job" (default): when that job's host exits. Warming takes ~2 CPU-s
 *   per process; on a small machine, doing it while a job runs slows the job.
 * - "eager": at once, so a second job started while the first runs is warm too.
 * - "off": no warm hosts; every job starts cold (`run-job`).
 */
export type WarmHostPolicy = "after-job" | "eager" | "off";

export function warmHostPolicy(raw: string | undefined): WarmHostPolicy {
  const v = (raw ?? "").trim().toLowerCase();
  if (v === "" || v === "1" || v === "on" || v === "after-job") return "after-job";
  if (v === "eager") return "eager";
  if (v === "0" || v === "off") return "off";
  throw new Error(`BFS_WARM_HOST='${raw}': expected after-job, eager or off`);
}
