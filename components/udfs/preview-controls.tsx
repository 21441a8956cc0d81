"use client";
// Sample settings (first N / random N / rows matching a where) and the run buttons.
import type { ReactNode } from "react";
import { inputClass } from "@/components/ui/primitives";
import { MAX_PREVIEW_ROWS, type SampleMode, type SampleSettings } from "./preview-request";

const MODES: { id: SampleMode; label: string }[] = [
  { id: "first", label: "First N" },
  { id: "random", label: "Random N" },
  { id: "where", label: "Where" },
];

export function PreviewControls({ settings, onChange, children }: { settings: SampleSettings; onChange(s: SampleSettings): void; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="space-y-1 text-sm">
        <span className="block font-medium text-neutral-300">Sample</span>
        <div role="radiogroup" aria-label="Sample" className="inline-flex overflow-hidden rounded-md border border-neutral-700">
          {MODES.map((m) => (
            <button
              key={m.id}
              type="button"
              role="radio"
              aria-checked={settings.mode === m.id}
              onClick={() => onChange({ ...settings, mode: m.id })}
              className={`px-3 py-1.5 text-sm ${settings.mode === m.id ? "bg-sky-900/60 text-sky-100" : "bg-neutral-900 text-neutral-400 hover:bg-neutral-800"}`}
            >
              {m.label}
            </button>
          ))}
        </div>
      </div>
      <label className="space-y-1 text-sm">
        <span className="block font-medium text-neutral-300">N</span>
        <input
          type="number"
          min={1}
          max={MAX_PREVIEW_ROWS}
          aria-label="Rows to sample"
          value={Number.isFinite(settings.limit) ? settings.limit : ""}
          onChange={(e) => onChange({ ...settings, limit: e.target.value === "" ? NaN : Number(e.target.value) })}
          className={`${inputClass} w-24`}
        />
      </label>
      {settings.mode === "where" && (
        <label className="min-w-64 flex-1 space-y-1 text-sm">
          <span className="block font-medium text-neutral-300">Where</span>
          <input
            aria-label="Where filter"
            placeholder="rating >= 4 AND category = 'macro'"
            value={settings.where}
            onChange={(e) => onChange({ ...settings, where: e.target.value })}
            className={`${inputClass} font-mono`}
          />
        </label>
      )}
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </div>
  );
}
