"use client";
// One preview run: summary (rows, errors, output type vs declared, timings), the
// grid of inputs beside the output, per-row errors with tracebacks, and logs.
import { Fragment, memo, useState } from "react";
import type { PreviewRow } from "@/components/api-client";
import { Badge } from "@/components/ui/primitives";
import { Empty } from "@/components/ui/states";
import { fmtRowAddress, inputColumnsOf } from "./preview-values";
import type { PreviewRun } from "./use-preview-runner";
import { ValueCell } from "./value-cell";

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);

export function TypeBadge({ outputType, declaredType }: { outputType: string; declaredType: string }) {
  const match = outputType === declaredType;
  return match ? (
    <Badge tone="green" title="the values the UDF returned have the declared Arrow type">
      output {outputType} · matches declared
    </Badge>
  ) : (
    <Badge tone="red" title="the values the UDF returned do not have the declared Arrow type">
      output {outputType} · declared {declaredType} · mismatch
    </Badge>
  );
}

export function Timings({ run }: { run: PreviewRun }) {
  return (
    <span className="text-xs text-neutral-400" data-testid="preview-elapsed">
      elapsed {ms(run.result.elapsedMs)} (UDF {ms(run.result.udfMs)}) · round trip {ms(run.roundTripMs)}
    </span>
  );
}

export function LogsBox({ logs }: { logs: string }) {
  const lines = logs ? logs.replace(/\n$/, "").split("\n") : [];
  if (!lines.length) return <p className="text-xs text-neutral-500">No output printed.</p>;
  return (
    <details className="rounded-md border border-neutral-800 bg-neutral-950" data-testid="preview-logs">
      <summary className="cursor-pointer px-3 py-1.5 text-xs text-neutral-300 select-none">
        Logs · {lines.length} line{lines.length === 1 ? "" : "s"} printed
      </summary>
      <pre className="max-h-64 overflow-auto border-t border-neutral-800 px-3 py-2 text-xs text-neutral-300">{logs}</pre>
    </details>
  );
}

export function RowError({ error, open, onToggle }: { error: NonNullable<PreviewRow["error"]>; open: boolean; onToggle(): void }) {
  return (
    <span className="text-red-300">
      <span className="font-medium">{error.type}</span>: {error.message}{" "}
      <button type="button" onClick={onToggle} aria-expanded={open} className="text-xs text-sky-400 hover:underline">
        {open ? "hide traceback" : "traceback"}
      </button>
    </span>
  );
}

export function Traceback({ text, colSpan }: { text: string; colSpan: number }) {
  return (
    <tr className="bg-red-950/20">
      <td colSpan={colSpan} className="px-3 py-2">
        <pre className="max-h-72 overflow-auto rounded border border-red-900/50 bg-neutral-950 p-2 text-xs text-red-200" data-testid="traceback">{text}</pre>
      </td>
    </tr>
  );
}

export const th = "sticky top-0 z-10 border-b border-neutral-800 bg-neutral-900 px-3 py-2 text-left text-xs font-medium text-neutral-400";
export const td = "border-b border-neutral-900 px-3 py-1.5 align-top";

// Memoized: the editor re-renders its parent on every keystroke; up to 1000 rows must not.
export const PreviewResults = memo(function PreviewResults({ run }: { run: PreviewRun }) {
  const { result } = run;
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (a: number) => setOpen((s) => {
    const n = new Set(s);
    if (!n.delete(a)) n.add(a);
    return n;
  });
  const inputs = inputColumnsOf(result.rows, result.udf?.inputColumns);
  const errors = result.rows.filter((r) => r.error).length;
  const colSpan = inputs.length + 2;

  return (
    <div className="space-y-3" data-testid="preview-results">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone="blue">{result.rows.length} rows</Badge>
        {errors > 0 ? <Badge tone="red">{errors} row error{errors === 1 ? "" : "s"}</Badge> : <Badge tone="green">no errors</Badge>}
        <TypeBadge outputType={result.outputType} declaredType={result.declaredType} />
        <Timings run={run} />
      </div>
      {result.rows.length === 0 ? (
        <Empty title="No rows matched">The sample is empty: loosen the where filter or pick another sample.</Empty>
      ) : (
        <div className="max-h-[560px] overflow-auto rounded-md border border-neutral-800">
          <table className="w-full border-collapse text-sm" data-testid="preview-grid">
            <thead>
              <tr>
                <th className={`${th} w-20`}>row</th>
                {inputs.map((c) => <th key={c} className={th}>{c}</th>)}
                <th className={`${th} bg-sky-950/60 text-sky-300`}>→ {result.udf?.name ?? "output"}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <Fragment key={r.rowAddress}>
                  <tr className={r.error ? "bg-red-950/20" : "hover:bg-neutral-900/60"} data-row-address={r.rowAddress}>
                    <td className={`${td} font-mono text-xs text-neutral-500`}>{fmtRowAddress(r.rowAddress)}</td>
                    {inputs.map((c) => <td key={c} className={`${td} max-w-md`}><ValueCell value={r.input[c]} /></td>)}
                    <td className={`${td} bg-sky-950/10`} data-testid="preview-output">
                      {r.error ? <RowError error={r.error} open={open.has(r.rowAddress)} onToggle={() => toggle(r.rowAddress)} /> : <ValueCell value={r.output} />}
                    </td>
                  </tr>
                  {r.error && open.has(r.rowAddress) && <Traceback text={r.error.traceback} colSpan={colSpan} />}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LogsBox logs={result.logs} />
    </div>
  );
});
