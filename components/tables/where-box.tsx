"use client";
// A SQL filter box: typing edits a draft, Enter applies it, Escape reverts.
import { useEffect, useState } from "react";
import { inputClass } from "@/components/ui/primitives";

export function WhereBox({ value, onApply, error }: { value: string; onApply: (where: string) => void; error?: string | null }) {
  const [draft, setDraft] = useState(value);
  // follow the URL (Back/Forward, a clear button)
  useEffect(() => setDraft(value), [value]);
  const dirty = draft.trim() !== value.trim();

  return (
    <div className="min-w-0 flex-1">
      <div className="relative">
        <span className="pointer-events-none absolute inset-y-0 left-2.5 flex items-center font-mono text-xs text-neutral-500">WHERE</span>
        <input
          aria-label="where"
          name="where"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder="rating >= 4 AND category = 'macro'   (Enter to apply)"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") onApply(draft);
            if (e.key === "Escape") setDraft(value);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "where-error" : undefined}
          className={`${inputClass} pl-16 pr-20 font-mono ${error ? "border-red-700 focus:border-red-500" : ""}`}
        />
        <div className="absolute inset-y-0 right-1.5 flex items-center gap-1">
          {dirty && <span className="text-[11px] text-neutral-500">↵ apply</span>}
          {value && (
            <button type="button" onClick={() => onApply("")} className="rounded px-1.5 text-xs text-neutral-400 hover:bg-neutral-800 hover:text-neutral-100" title="Clear the filter">
              clear
            </button>
          )}
        </div>
      </div>
      {error && (
        <p id="where-error" role="alert" className="mt-1.5 rounded border border-red-900/60 bg-red-950/40 px-2 py-1 font-mono text-xs text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
