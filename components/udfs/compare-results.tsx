"use client";
// Compare mode: the stored UDF's and the edited UDF's outputs on the same rows,
// differing rows highlighted and counted.
import { Fragment, memo, useState } from "react";
import { Badge } from "@/components/ui/primitives";
import { Empty } from "@/components/ui/states";
import { LogsBox, RowError, th, td, Timings, Traceback, TypeBadge } from "./preview-results";
import { fmtRowAddress, inputColumnsOf } from "./preview-values";
import type { CompareRun } from "./use-preview-runner";
import { ValueCell } from "./value-cell";

// Memoized: the editor re-renders its parent on every keystroke; up to 1000 rows must not.
export const CompareResults = memo(function CompareResults({ run }: { run: CompareRun }) {
  const { stored, edited, comparison } = run;
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (k: string) => setOpen((s) => {
    const n = new Set(s);
    if (!n.delete(k)) n.add(k);
    return n;
  });
  const inputs = [...new Set([...inputColumnsOf(stored.result.rows, stored.result.udf?.inputColumns), ...inputColumnsOf(edited.result.rows, edited.result.udf?.inputColumns)])];
  const rows = onlyDiff ? comparison.rows.filter((r) => r.differs) : comparison.rows;
  const colSpan = inputs.length + 3;
  const total = comparison.rows.length;

  return (
    <div className="space-y-3" data-testid="compare-results">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={comparison.differing ? "amber" : "green"}>
          <span data-testid="compare-count">{comparison.differing} of {total} rows differ</span>
        </Badge>
        {comparison.missing > 0 && <Badge tone="red">{comparison.missing} rows missing from the edited run</Badge>}
        <label className="ml-2 flex items-center gap-1.5 text-xs text-neutral-400">
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} className="accent-sky-500" />
          only differing rows
        </label>
      </div>
      <div className="grid gap-2 text-xs md:grid-cols-2">
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-neutral-800 px-3 py-2">
          <span className="font-medium text-neutral-300">stored</span>
          <code className="text-neutral-500">v {stored.result.udf?.version}</code>
          <TypeBadge outputType={stored.result.outputType} declaredType={stored.result.declaredType} />
          <Timings run={stored} />
        </div>
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-sky-900/60 px-3 py-2">
          <span className="font-medium text-sky-300">edited</span>
          <code className="text-neutral-500">v {edited.result.udf?.version}</code>
          <TypeBadge outputType={edited.result.outputType} declaredType={edited.result.declaredType} />
          <Timings run={edited} />
        </div>
      </div>
      {total === 0 ? (
        <Empty title="No rows matched">The sample is empty: loosen the where filter or pick another sample.</Empty>
      ) : rows.length === 0 ? (
        <Empty title="No differences">Both versions return the same outputs on these {total} rows.</Empty>
      ) : (
        <div className="max-h-[560px] overflow-auto rounded-md border border-neutral-800">
          <table className="w-full border-collapse text-sm" data-testid="compare-grid">
            <thead>
              <tr>
                <th className={`${th} w-20`}>row</th>
                {inputs.map((c) => <th key={c} className={th}>{c}</th>)}
                <th className={th}>stored output</th>
                <th className={`${th} bg-sky-950/60 text-sky-300`}>edited output</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Fragment key={r.rowAddress}>
                  <tr className={r.differs ? "bg-amber-950/30" : "hover:bg-neutral-900/60"} data-differs={r.differs ? "true" : "false"}>
                    <td className={`${td} font-mono text-xs ${r.differs ? "text-amber-400" : "text-neutral-500"}`}>
                      {r.differs && <span aria-label="differs" title="outputs differ">≠ </span>}
                      {fmtRowAddress(r.rowAddress)}
                    </td>
                    {inputs.map((c) => <td key={c} className={`${td} max-w-md`}><ValueCell value={r.input[c]} /></td>)}
                    {(["stored", "edited"] as const).map((side) => {
                      const row = r[side];
                      const k = `${side}:${r.rowAddress}`;
                      return (
                        <td key={side} className={`${td} ${side === "edited" ? "bg-sky-950/10" : ""}`}>
                          {!row ? <span className="text-neutral-600 italic">not returned</span>
                            : row.error ? <RowError error={row.error} open={open.has(k)} onToggle={() => toggle(k)} />
                            : <ValueCell value={row.output} />}
                        </td>
                      );
                    })}
                  </tr>
                  {(["stored", "edited"] as const).map((side) => {
                    const e = r[side]?.error;
                    return e && open.has(`${side}:${r.rowAddress}`) ? <Traceback key={side} text={`${side}:\n${e.traceback}`} colSpan={colSpan} /> : null;
                  })}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LogsBox logs={edited.result.logs} />
    </div>
  );
});
