// Number, duration and time formatting shared by the pages.
export const fmtInt = (n: number | null | undefined) => (n == null ? "—" : n.toLocaleString("en-US"));

export function fmtDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

export function fmtRate(rowsPerSec: number | null | undefined): string {
  if (rowsPerSec == null || !Number.isFinite(rowsPerSec)) return "—";
  if (rowsPerSec >= 1e6) return `${(rowsPerSec / 1e6).toFixed(1)}M rows/s`;
  if (rowsPerSec >= 1e3) return `${(rowsPerSec / 1e3).toFixed(1)}k rows/s`;
  return `${rowsPerSec.toFixed(0)} rows/s`;
}
