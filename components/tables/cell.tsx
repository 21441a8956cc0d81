"use client";
// One grid cell, rendered from describeCell(). Cells with more to show than
// fits (long text, long lists, big structs, images) are buttons that open the
// value in a popover.
import { memo } from "react";
import { describeCell, expandedText, type CellView } from "./cells";

/** Upscaled tiny images look better with hard pixels; downscaled photos do not. */
export const crispIfSmall = (shownPx: number) => (e: React.SyntheticEvent<HTMLImageElement>) => {
  if (e.currentTarget.naturalWidth < shownPx) e.currentTarget.style.imageRendering = "pixelated";
};

export interface ExpandRequest {
  title: string;
  view: CellView;
  text: string | null;
  anchor: DOMRect;
}

export const Cell = memo(function Cell({ value, column, onExpand }: { value: unknown; column: string; onExpand: (r: ExpandRequest) => void }) {
  const view = describeCell(value);
  const more = expandedText(view);
  const open = (e: React.MouseEvent<HTMLElement>) => onExpand({ title: column, view, text: more, anchor: e.currentTarget.getBoundingClientRect() });

  switch (view.kind) {
    case "null":
      return <span className="italic text-neutral-600">null</span>;
    case "image":
      return (
        <button type="button" onClick={open} title={`${view.mime.slice(6).toUpperCase()} · ${view.label} (click to enlarge)`} className="block rounded ring-sky-500 hover:ring-1">
          {/* eslint-disable-next-line @next/next/no-img-element -- data: URL thumbnails; next/image adds nothing here */}
          <img src={view.src} alt={`${column} (${view.label})`} width={32} height={32} onLoad={crispIfSmall(32)} className="h-8 w-8 rounded-sm object-cover" />
        </button>
      );
    case "bytes":
      return <span className="text-neutral-400">{view.label}</span>;
    case "number":
      return <span className="tabular-nums">{view.text}</span>;
    case "bool":
      return <span className={view.text === "true" ? "text-emerald-300" : "text-neutral-400"}>{view.text}</span>;
    default:
      if (more === null) return <span className={view.kind === "text" ? "" : "font-mono text-xs text-neutral-300"}>{view.text}</span>;
      return (
        <button
          type="button"
          onClick={open}
          title="Click to expand"
          className={`block max-w-full truncate text-left hover:text-sky-300 ${view.kind === "text" ? "" : "font-mono text-xs text-neutral-300"}`}
        >
          {view.text}
        </button>
      );
  }
});
