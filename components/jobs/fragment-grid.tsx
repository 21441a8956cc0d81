"use client";
// Per-fragment state of a job on one <canvas>: one square per fragment,
// coloured by state, painted as pixels in one pass. Hover is hit-tested by
// arithmetic (fragment-grid-layout.ts), so 100k fragments cost no DOM nodes.
// The canvas carries data-draw-ms (the last draw) for the render benchmark.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { FragmentsView } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { cellAt, cellRect, countByState, gridLayout, type GridLayout } from "./fragment-grid-layout";

export const FRAGMENT_COLORS: Record<string, string> = {
  pending: "#404040", // neutral-700
  running: "#0ea5e9", // sky-500
  checkpointed: "#a78bfa", // violet-400
  committed: "#10b981", // emerald-500
  failed: "#ef4444", // red-500
};

const MAX_HEIGHT = 420;

/** #rrggbb → a pixel of a little-endian RGBA Uint32 view (0xAABBGGRR). */
function pixel(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

/**
 * Paint every cell straight into one ImageData (cost: the canvas's pixels,
 * whatever the number of fragments), then put it once. Returns the ms taken.
 */
function draw(canvas: HTMLCanvasElement, l: GridLayout, view: FragmentsView): number {
  const t0 = performance.now();
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, l.width);
  const h = Math.max(1, l.height);
  const W = Math.round(w * dpr);
  const H = Math.round(h * dpr);
  if (canvas.width !== W || canvas.height !== H) {
    canvas.width = W;
    canvas.height = H;
  }
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext("2d");
  if (!ctx) return 0;
  const img = ctx.createImageData(W, H);
  const buf = new Uint32Array(img.data.buffer);
  const palette = view.states.map((s) => pixel(FRAGMENT_COLORS[s] ?? "#737373"));
  const unknown = pixel("#737373");
  const { cols, pitch, cell } = l;
  const size = Math.max(1, Math.round(cell * dpr));
  const step = pitch * dpr;
  const state = view.state;
  // plain loops and indexed stores: ~5 ms for 100k cells (TypedArray.fill
  // per cell row costs ~8x more at these tiny sizes)
  for (let i = 0; i < l.n; i++) {
    const color = palette[state[i]] ?? unknown;
    const x0 = Math.round((i % cols) * step);
    const y0 = Math.round(((i / cols) | 0) * step);
    const x1 = Math.min(x0 + size, W);
    const y1 = Math.min(y0 + size, H);
    for (let y = y0; y < y1; y++) {
      const row = y * W;
      for (let x = x0; x < x1; x++) buf[row + x] = color;
    }
  }
  ctx.putImageData(img, 0, 0);
  return performance.now() - t0;
}

export function FragmentGrid({ view }: { view: FragmentsView }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<number>(-1);
  const n = view.ids.length;
  const layout = useMemo(() => gridLayout(n, width, MAX_HEIGHT), [n, width]);
  const counts = useMemo(() => countByState(view.state, view.states.length), [view]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width <= 0) return;
    const ms = draw(c, layout, view);
    c.dataset.drawMs = ms.toFixed(2);
    c.dataset.drawnAt = performance.now().toFixed(1);
    c.dataset.drawn = String(n);
  }, [layout, view, width, n]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const i = cellAt(layout, e.clientX - r.left, e.clientY - r.top);
    if (i !== hover) setHover(i);
  };

  const tip = hover >= 0 && hover < n ? tooltip(view, hover, layout, width) : null;

  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-neutral-400" aria-label="Fragment states">
        {view.states.map((s, i) => (
          <li key={s} className="flex items-center gap-1.5">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: FRAGMENT_COLORS[s] }} />
            {s} <span className="tabular-nums text-neutral-300" data-testid={`fragments-${s}`}>{fmtInt(counts[i])}</span>
          </li>
        ))}
        <li className="ml-auto text-neutral-500">{fmtInt(n)} fragments</li>
      </ul>
      <div ref={box} className="relative w-full" onMouseLeave={() => setHover(-1)}>
        <canvas
          ref={canvas}
          data-testid="fragment-grid"
          data-cols={layout.cols}
          data-pitch={layout.pitch}
          data-cell={layout.cell}
          role="img"
          aria-label={`${n} fragments: ${view.states.map((s, i) => `${counts[i]} ${s}`).join(", ")}`}
          className="block cursor-crosshair"
          onMouseMove={onMove}
        />
        {tip && (
          <>
            <div
              className="pointer-events-none absolute ring-2 ring-white"
              style={{ left: tip.rect.x, top: tip.rect.y, width: Math.max(tip.rect.size, 3), height: Math.max(tip.rect.size, 3) }}
            />
            <div
              role="tooltip"
              data-testid="fragment-tooltip"
              className="pointer-events-none absolute z-10 w-56 rounded-md border border-neutral-700 bg-neutral-900/95 px-3 py-2 text-xs shadow-lg"
              style={{ left: tip.left, top: tip.top }}
            >
              <div className="mb-1 flex items-center justify-between font-medium text-neutral-100">
                <span>Fragment {tip.id}</span>
                <span className="flex items-center gap-1.5 text-neutral-300">
                  <span className="inline-block h-2 w-2 rounded-sm" style={{ background: FRAGMENT_COLORS[tip.state] }} />
                  {tip.state}
                </span>
              </div>
              <dl className="grid grid-cols-2 gap-x-2 text-neutral-400">
                <dt>rows to compute</dt>
                <dd className="text-right tabular-nums text-neutral-200">{fmtInt(tip.rows)}</dd>
                <dt>batches done</dt>
                <dd className="text-right tabular-nums text-neutral-200">
                  {fmtInt(tip.batchesDone)} / {fmtInt(tip.batches)}
                </dd>
              </dl>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function tooltip(view: FragmentsView, i: number, l: GridLayout, width: number) {
  const rect = cellRect(l, i);
  const tipW = 224;
  const left = rect.x + l.cell + 12 + tipW > width ? Math.max(0, rect.x - tipW - 12) : rect.x + l.cell + 12;
  return {
    rect,
    left,
    top: Math.max(0, rect.y - 8),
    id: view.ids[i],
    rows: view.rows[i],
    batches: view.batches[i],
    batchesDone: view.batchesDone[i],
    state: view.states[view.state[i]] ?? "unknown",
  };
}
