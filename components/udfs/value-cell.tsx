"use client";
// One preview value: image thumbnail, "N bytes", truncated text with expand, summarized list/struct.
import { useState } from "react";
import { cellView, fmtBytes } from "./preview-values";

export function ValueCell({ value }: { value: unknown }) {
  const [open, setOpen] = useState(false);
  const v = cellView(value);
  switch (v.kind) {
    case "null":
      return <span className="text-neutral-600 italic">null</span>;
    case "image":
      return (
        // eslint-disable-next-line @next/next/no-img-element -- a data: URL thumbnail, nothing to optimize
        <img src={v.src} alt={`image, ${fmtBytes(v.size)}`} title={fmtBytes(v.size)} className="h-8 w-8 rounded border border-neutral-800 object-cover [image-rendering:pixelated]" />
      );
    case "bytes":
      return <span className="text-neutral-400">{fmtBytes(v.size)}</span>;
    case "number":
      return <span className="tabular-nums text-sky-200">{v.text}</span>;
    case "bool":
      return <span className="text-violet-300">{v.text}</span>;
    case "text":
      if (!v.truncated) return <span className="whitespace-pre-wrap break-words">{v.text}</span>;
      return (
        <span className="whitespace-pre-wrap break-words">
          {open ? v.full : v.text}{" "}
          <button type="button" onClick={() => setOpen(!open)} className="text-xs text-sky-400 hover:underline">
            {open ? "less" : "more"}
          </button>
        </span>
      );
  }
}
