"use client";
// Which columns the grid shows (all by default); the choice travels in the URL.
import { useEffect, useRef, useState } from "react";
import type { ColumnInfo } from "@/server/tables/table-service";
import { Button } from "@/components/ui/primitives";

export function ColumnPicker({ columns, selected, onChange }: { columns: ColumnInfo[]; selected: string[] | null; onChange: (cols: string[] | null) => void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [open]);

  // The URL (the source of truth) updates after a navigation; keep the choice
  // locally meanwhile so a click shows at once and quick toggles compose
  // instead of each starting from the not-yet-updated URL.
  const [local, setLocal] = useState(selected);
  useEffect(() => setLocal(selected), [selected]);
  const all = columns.map((c) => c.name);
  const shown = new Set(local ?? all);
  const choose = (cols: string[] | null) => {
    setLocal(cols);
    onChange(cols);
  };
  const toggle = (name: string) => {
    const next = all.filter((n) => (n === name ? !shown.has(n) : shown.has(n)));
    if (next.length === 0) return; // at least one column
    choose(next.length === all.length ? null : next);
  };

  return (
    <div ref={box} className="relative">
      <Button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Columns {local ? `${local.length}/${all.length}` : ""}
      </Button>
      {open && (
        <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-neutral-700 bg-neutral-900 p-1 shadow-xl">
          {columns.map((c) => (
            <label key={c.name} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm hover:bg-neutral-800">
              <input type="checkbox" checked={shown.has(c.name)} onChange={() => toggle(c.name)} className="accent-sky-500" />
              <span className="truncate">{c.name}</span>
              {c.udf && <span className="ml-auto text-[10px] font-semibold uppercase text-violet-300">udf</span>}
            </label>
          ))}
          {local && (
            <button type="button" onClick={() => choose(null)} className="mt-1 w-full rounded px-2 py-1 text-left text-xs text-sky-400 hover:bg-neutral-800">
              Show all columns
            </button>
          )}
        </div>
      )}
    </div>
  );
}
