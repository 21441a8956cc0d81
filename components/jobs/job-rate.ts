// Throughput maths for the job page: rows/s over time from the job's
// `series` ([epoch ms, rowsCheckpointed] samples, server clock) plus samples
// the page adds while it watches, and the ETA from recent throughput.
export type Sample = readonly [t: number, rows: number];

export interface RatePoint {
  t: number;
  rate: number;
}

/** Server series and live samples as one time-ordered list (one sample per timestamp, the later wins). */
export function mergeSamples(series: readonly Sample[] | undefined, live: readonly Sample[] = []): Sample[] {
  const all = [...(series ?? []), ...live].filter((s) => Number.isFinite(s[0]) && Number.isFinite(s[1]));
  all.sort((a, b) => a[0] - b[0]);
  const out: Sample[] = [];
  for (const s of all) {
    if (out.length && out[out.length - 1][0] === s[0]) out[out.length - 1] = s;
    else out.push(s);
  }
  return out;
}

/**
 * Rows/s at each sample, measured over at least `minDtMs` back (samples can
 * come 20 ms apart around commits; a shorter window would plot spikes).
 */
export function ratePoints(samples: readonly Sample[], minDtMs = 1000): RatePoint[] {
  const out: RatePoint[] = [];
  let j = 0;
  for (let i = 1; i < samples.length; i++) {
    const [t, rows] = samples[i];
    if (t - samples[0][0] < minDtMs) continue;
    // the latest earlier sample at least minDtMs back
    while (j + 1 < i && t - samples[j + 1][0] >= minDtMs) j++;
    const dt = t - samples[j][0];
    out.push({ t, rate: Math.max(0, ((rows - samples[j][1]) / dt) * 1000) });
  }
  return out;
}

/**
 * Rows/s over the last `windowMs` of samples (the whole series when it is
 * shorter, less a flat start); null until two samples at least `minSpanMs`
 * apart exist.
 */
export function recentRate(samples: readonly Sample[], windowMs = 30_000, minSpanMs = 500): number | null {
  // the start-up (workers loading, no row done yet) is not throughput: the
  // window starts at the last sample before rows began to move
  let from = 0;
  while (from + 1 < samples.length && samples[from + 1][1] === samples[0][1]) from++;
  samples = samples.slice(from);
  if (samples.length < 2) return null;
  const last = samples[samples.length - 1];
  let first = samples[0];
  for (const s of samples) {
    if (last[0] - s[0] <= windowMs) {
      first = s;
      break;
    }
  }
  // the window must span minSpanMs; widen it back when it does not
  if (last[0] - first[0] < minSpanMs) {
    const older = [...samples].reverse().find((s) => last[0] - s[0] >= minSpanMs);
    if (!older) return null;
    first = older;
  }
  return Math.max(0, ((last[1] - first[1]) / (last[0] - first[0])) * 1000);
}

/** Milliseconds left at `rate` rows/s; null when the rate says nothing. */
export function etaMs(remainingRows: number, rate: number | null): number | null {
  if (remainingRows <= 0) return 0;
  if (rate == null || !(rate > 0)) return null;
  return (remainingRows / rate) * 1000;
}

/** Average rows/s between two instants (ISO or epoch ms). */
export function averageRate(rows: number, start: string | number | null, end: string | number | null): number | null {
  if (start == null || end == null) return null;
  const t0 = typeof start === "number" ? start : Date.parse(start);
  const t1 = typeof end === "number" ? end : Date.parse(end);
  if (!(t1 > t0)) return null;
  return (rows / (t1 - t0)) * 1000;
}

/**
 * Live samples the page adds while it watches, so the plot and the ETA see
 * stalls and the start-up (the server samples only when batches finish).
 * `serverNow` is the browser clock moved onto the server's (see ClockOffset).
 * A sample is added only when neither the series nor an earlier live sample
 * has said anything for a while; at most `max` are kept.
 */
export function nextLiveSamples(live: readonly Sample[], series: readonly Sample[] | undefined, serverNow: number, rows: number, quietMs = 2000, max = 600): Sample[] {
  const lastSeries = series?.length ? series[series.length - 1][0] : -Infinity;
  const lastLive = live.length ? live[live.length - 1][0] : -Infinity;
  if (serverNow - lastSeries < quietMs || serverNow - lastLive < quietMs / 2) return live as Sample[];
  const next = [...live, [serverNow, rows] as const];
  return next.length > max ? next.slice(next.length - max) : next;
}

/**
 * server clock − browser clock, estimated from `updatedAt` of progress events
 * that changed it (an update is sent within the stream's throttle, so
 * updatedAt ≤ server now: the largest estimate is the closest).
 */
export class ClockOffset {
  private best: number | null = null;

  observe(updatedAtIso: string, clientNow = Date.now()): void {
    const t = Date.parse(updatedAtIso);
    if (!Number.isFinite(t)) return;
    const est = t - clientNow;
    if (this.best === null || est > this.best) this.best = est;
  }

  serverNow(clientNow = Date.now()): number {
    return clientNow + (this.best ?? 0);
  }
}
