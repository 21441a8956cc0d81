// Geometry of the fragment grid canvas: square cells in rows, sized so the
// whole grid fits a height budget, and hit-testing by arithmetic (no DOM node
// per fragment, so 100k fragments cost one canvas).

export interface GridLayout {
  n: number;
  /** Cell side in CSS pixels. */
  cell: number;
  /** Space between cells. */
  gap: number;
  /** cell + gap */
  pitch: number;
  cols: number;
  rows: number;
  width: number;
  height: number;
}

const MAX_CELL = 18;
const MIN_CELL = 2;

export const gapFor = (cell: number) => (cell >= 8 ? 2 : cell >= 4 ? 1 : 0);

function shape(n: number, width: number, cell: number): GridLayout {
  const gap = gapFor(cell);
  const pitch = cell + gap;
  const cols = Math.max(1, Math.min(n, Math.floor((width + gap) / pitch)));
  const rows = Math.ceil(n / cols);
  return { n, cell, gap, pitch, cols, rows, width: cols * pitch - gap, height: n ? rows * pitch - gap : 0 };
}

/** The largest cell (≤18 px) whose grid fits `width` × `maxHeight`; 2 px cells when none does (the grid then grows taller). */
export function gridLayout(n: number, width: number, maxHeight = 480): GridLayout {
  const w = Math.max(1, Math.floor(width));
  if (n <= 0) return shape(0, w, MAX_CELL);
  for (let cell = MAX_CELL; cell > MIN_CELL; cell--) {
    const l = shape(n, w, cell);
    if (l.height <= maxHeight) return l;
  }
  return shape(n, w, MIN_CELL);
}

/**
 * Index of the fragment under (x, y) in CSS pixels relative to the canvas, or
 * -1 outside the grid. The gap after a cell counts as that cell, so a tooltip
 * does not flicker while the pointer crosses gaps.
 */
export function cellAt(l: GridLayout, x: number, y: number): number {
  if (x < 0 || y < 0) return -1;
  const col = Math.floor(x / l.pitch);
  const row = Math.floor(y / l.pitch);
  if (col >= l.cols || row >= l.rows) return -1;
  const i = row * l.cols + col;
  return i < l.n ? i : -1;
}

export function cellRect(l: GridLayout, i: number): { x: number; y: number; size: number } {
  return { x: (i % l.cols) * l.pitch, y: Math.floor(i / l.cols) * l.pitch, size: l.cell };
}

/** How many fragments are in each state (indexes into `states`). */
export function countByState(state: readonly number[], nStates: number): number[] {
  const counts = new Array<number>(nStates).fill(0);
  for (const s of state) if (s >= 0 && s < nStates) counts[s]++;
  return counts;
}
