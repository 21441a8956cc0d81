"use client";
// Confirmation before replacing a column's UDF, saying what a replace means.
import { useEffect } from "react";
import { ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/primitives";
import type { ValidatedUdf } from "./use-udf-validation";

export interface ReplaceDialogProps {
  column: string;
  oldVersion: string;
  oldType: string;
  next: ValidatedUdf | null;
  filled?: number;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  onCancel(): void;
}

export function ReplaceUdfDialog({ column, oldVersion, oldType, next, filled, pending, error, onConfirm, onCancel }: ReplaceDialogProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onCancel]);
  const typeChange = next && next.dataType !== oldType;
  const err = error ? (error instanceof ApiError ? error.message : String(error)) : null;
  const pct = filled != null ? `${Math.round(filled * 1000) / 10}%` : null;

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60 p-4" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby="replace-title" className="w-full max-w-lg space-y-4 rounded-lg border border-neutral-700 bg-neutral-900 p-5 shadow-xl">
        <h2 id="replace-title" className="text-lg font-semibold">Replace the UDF of “{column}”?</h2>
        <ul className="list-disc space-y-2 pl-5 text-sm text-neutral-300">
          <li><strong className="text-neutral-100">Existing values stay.</strong> Nothing is recomputed or deleted now{pct ? ` (${pct} of rows hold values)` : ""}.</li>
          <li>
            <strong className="text-neutral-100">The version changes</strong>: <code className="text-neutral-400">{oldVersion}</code> →{" "}
            <code className="text-sky-300">{next?.version ?? "…"}</code>.
          </li>
          <li>
            <strong className="text-neutral-100">The next default backfill recomputes every row computed by the old version</strong>, plus rows
            that are still empty. A backfill with an explicit <code>where</code> recomputes exactly the rows it matches.
          </li>
        </ul>
        {typeChange && (
          <p className="rounded-md border border-amber-900/60 bg-amber-950/40 px-3 py-2 text-sm text-amber-200">
            The new UDF returns <code>{next!.dataType}</code> but the column is <code>{oldType}</code>: a replace cannot change the column&apos;s type.
          </p>
        )}
        {err && (
          <div role="alert" className="rounded-md border border-red-900/60 bg-red-950/40 px-3 py-2 text-sm text-red-200" data-testid="replace-error">
            Not replaced: {err}
          </div>
        )}
        <div className="flex justify-end gap-2">
          <Button autoFocus onClick={onCancel}>Cancel</Button>
          <Button variant="danger" onClick={onConfirm} disabled={pending || !next}>
            {pending ? "Replacing…" : "Replace UDF"}
          </Button>
        </div>
      </div>
    </div>
  );
}
