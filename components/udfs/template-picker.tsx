"use client";
// Start from a template written against the table's columns.
import type { UdfTemplate } from "./udf-templates";

export function TemplatePicker({ templates, onPick }: { templates: UdfTemplate[]; onPick(t: UdfTemplate): void }) {
  return (
    <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Templates">
      <span className="mr-1 text-xs text-neutral-500">Start from</span>
      {templates.map((t) => (
        <button
          key={t.id}
          type="button"
          onClick={() => onPick(t)}
          title={t.description}
          className="rounded-md border border-neutral-800 bg-neutral-900 px-2 py-1 text-xs text-neutral-300 hover:border-sky-700 hover:text-sky-200"
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
