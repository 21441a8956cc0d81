// The slice of a fixed-row-height list that is in (or near) the viewport.
// Only those rows are rendered; spacers above and below keep the scroll height.

export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row (exclusive). */
  end: number;
  /** Height of the spacer above the first rendered row. */
  padTop: number;
  /** Height of the spacer below the last rendered row. */
  padBottom: number;
}

/** Rows rendered around the visible ones so fast scrolling shows no gaps. Default 12. */
export const OVERSCAN = 12;

export function virtualWindow(opts: { scrollTop: number; viewportHeight: number; rowHeight: number; count: number; overscan?: number }): VirtualWindow {
  const { rowHeight, count } = opts;
  const overscan = opts.overscan ?? OVERSCAN;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, opts.scrollTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const visible = Math.ceil(Math.max(0, opts.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
