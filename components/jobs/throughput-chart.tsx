"use client";
// Rows/s over the job's life as an SVG line (no chart library).
import { fmtDuration, fmtRate } from "@/components/format";
import type { RatePoint } from "./job-rate";

const W = 640;
const H = 160;
const PAD = { l: 56, r: 8, t: 8, b: 22 };

/** A round number ≥ v for the y axis. */
function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function ThroughputChart({ points, start, emptyText }: { points: RatePoint[]; start: number; emptyText?: string }) {
  if (points.length < 2) {
    return (
      <div className="flex h-40 items-center justify-center rounded-md border border-dashed border-neutral-800 px-6 text-center text-sm text-neutral-500" data-testid="throughput-empty">
        {emptyText ?? "Rows/s appear here once batches have been checkpointed for a second or more."}
      </div>
    );
  }
  const t0 = Math.min(start, points[0].t);
  const t1 = points[points.length - 1].t;
  const span = Math.max(1, t1 - t0);
  const yMax = niceMax(Math.max(...points.map((p) => p.rate)));
  const x = (t: number) => PAD.l + ((t - t0) / span) * (W - PAD.l - PAD.r);
  const y = (r: number) => PAD.t + (1 - r / yMax) * (H - PAD.t - PAD.b);
  const line = points.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.rate).toFixed(1)}`).join("");
  const area = `${line}L${x(t1).toFixed(1)},${y(0)}L${x(points[0].t).toFixed(1)},${y(0)}Z`;
  const ticks = [0, 0.5, 1].map((f) => f * yMax);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label="Rows per second over time" data-testid="throughput-chart">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#262626" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" fontSize={10} fill="#737373">
            {fmtRate(v).replace(" rows/s", "")}
          </text>
        </g>
      ))}
      <path d={area} fill="rgba(14,165,233,0.15)" />
      <path d={line} fill="none" stroke="#38bdf8" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      <text x={PAD.l} y={H - 6} fontSize={10} fill="#737373">
        0s
      </text>
      <text x={W - PAD.r} y={H - 6} textAnchor="end" fontSize={10} fill="#737373">
        {fmtDuration(span)}
      </text>
    </svg>
  );
}
