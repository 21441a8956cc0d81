"use client";
// Below the editor: the diagnostics as a message list (each jumps to its line),
// or, for a valid UDF, what the server understood: kind, inputs, output type, version.
import { Badge } from "@/components/ui/primitives";
import { ErrorState } from "@/components/ui/states";
import { diagnosticLabel, type EditorMarker } from "./udf-diagnostics";
import type { Validation } from "./use-udf-validation";

/** `marker` is where the editor underlines the problem (more precise than the server's line). */
export function ValidationPanel({ validation, marker, onReveal }: { validation: Validation; marker?: EditorMarker; onReveal?(line: number, column: number): void }) {
  const { result, pending } = validation;
  const checking = (
    <span role="status" className="text-xs text-neutral-500" data-testid="validation-pending">
      {pending ? "checking…" : ""}
    </span>
  );
  if (!result) {
    return <div className="flex items-center gap-2 text-sm text-neutral-500">Checking the UDF… {checking}</div>;
  }
  if (result.status === "failed") {
    return <ErrorState title="Could not check the UDF" error={result.error} />;
  }
  if (result.status === "invalid") {
    const d = result.diagnostic;
    const line = marker?.startLineNumber ?? d.line;
    const col = marker?.startColumn ?? d.column;
    return (
      <div className="space-y-2" data-testid="diagnostics">
        <div className="flex items-center gap-2">
          <Badge tone="red">1 problem</Badge>
          {checking}
        </div>
        <ul className="space-y-1">
          <li className="rounded-md border border-red-900/60 bg-red-950/30 px-3 py-2 text-sm" data-kind={d.kind}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-red-300">{diagnosticLabel(d.kind)}</span>
              {line != null && (
                <button type="button" className="font-mono text-xs text-sky-400 hover:underline" onClick={() => onReveal?.(line, col ?? 1)} title="show in the editor">
                  line {line}
                  {col != null ? `, col ${col}` : ""}
                </button>
              )}
            </div>
            <div className="mt-0.5 break-words text-red-100/90" data-testid="diagnostic-message">{d.message}</div>
          </li>
        </ul>
      </div>
    );
  }
  const u = result.udf;
  return (
    <div className="space-y-2 text-sm" data-testid="udf-valid">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="green">valid</Badge>
        <span className="font-mono text-neutral-200">{u.name}</span>
        <Badge tone="violet">{u.kind}{u.stateful ? " · stateful" : ""}</Badge>
        {checking}
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-neutral-500">inputs</dt>
        <dd className="flex flex-wrap gap-1">{u.inputColumns.map((c) => <code key={c} className="rounded bg-neutral-800 px-1 text-neutral-200">{c}</code>)}</dd>
        <dt className="text-neutral-500">output</dt>
        <dd><code className="text-sky-300">{u.dataType}</code></dd>
        <dt className="text-neutral-500">version</dt>
        <dd><code className="text-neutral-300">{u.version}</code></dd>
        {u.onError && (
          <>
            <dt className="text-neutral-500">on error</dt>
            <dd className="text-neutral-300">{u.onError}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
