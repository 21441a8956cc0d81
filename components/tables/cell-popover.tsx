"use client";
// The expanded view of one cell: full text, pretty JSON or a larger image.
// Fixed-positioned under the cell; Escape, a click outside or scrolling the grid closes it.
import { useEffect, useRef } from "react";
import { crispIfSmall, type ExpandRequest } from "./cell";

const WIDTH = 480;

export function CellPopover({ req, onClose }: { req: ExpandRequest; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("mousedown", onDown);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("mousedown", onDown);
    };
  }, [onClose]);

  const vw = typeof window === "undefined" ? 1440 : window.innerWidth;
  const vh = typeof window === "undefined" ? 900 : window.innerHeight;
  const left = Math.max(8, Math.min(req.anchor.left, vw - WIDTH - 8));
  const below = req.anchor.bottom + 4;
  const style = below + 200 < vh ? { left, top: below } : { left, bottom: vh - req.anchor.top + 4 };
  const v = req.view;

  return (
    <div
      ref={ref}
      role="dialog"
      aria-label={`${req.title} value`}
      style={{ ...style, width: WIDTH }}
      className="fixed z-50 rounded-md border border-neutral-700 bg-neutral-900 shadow-2xl shadow-black/60"
    >
      <div className="flex items-center justify-between border-b border-neutral-800 px-3 py-1.5 text-xs text-neutral-400">
        <span className="font-mono">
          {req.title}
          {v.kind === "text" && v.full && ` · ${v.full.length.toLocaleString("en-US")} chars`}
          {v.kind === "list" && ` · ${v.count.toLocaleString("en-US")} items`}
          {v.kind === "image" && ` · ${v.mime} · ${v.label}`}
        </span>
        <button type="button" onClick={onClose} className="rounded px-1.5 text-neutral-400 hover:bg-neutral-800 hover:text-neutral-100" aria-label="Close">
          ✕
        </button>
      </div>
      {v.kind === "image" ? (
        <div className="flex justify-center p-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- data: URL */}
          <img src={v.src} alt={req.title} onLoad={crispIfSmall(192)} className="max-h-80 min-w-48 max-w-full object-contain" />
        </div>
      ) : (
        <pre className="max-h-[60vh] overflow-auto whitespace-pre-wrap break-words p-3 font-mono text-xs text-neutral-200">{req.text}</pre>
      )}
    </div>
  );
}
