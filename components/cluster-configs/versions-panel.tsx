"use client";
// Saved versions of a design and what changed between two of them: field by
// field, and the manifest's YAML line by line.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, enc } from "@/components/api-client";
import { Button, Card } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { configKeys, type ConfigView, type VersionDiff } from "./queries";

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function VersionsPanel({ view, onLoadVersion }: { view: ConfigView; onLoadVersion: (version: number) => void }) {
  const versions = view.versions;
  const [to, setTo] = useState(view.latest);
  const [from, setFrom] = useState(Math.max(1, view.latest - 1));
  // a new save moves the comparison to the newest pair
  useEffect(() => {
    setTo(view.latest);
    setFrom(Math.max(1, view.latest - 1));
  }, [view.latest]);
  const diff = useQuery({
    queryKey: configKeys.diff(view.name, from, to),
    queryFn: ({ signal }) => api<VersionDiff>(`/api/cluster-configs/${enc(view.name)}/diff?from=${from}&to=${to}`, { signal }),
    enabled: versions.length > 1,
  });
  const select = "rounded-md border border-neutral-700 bg-neutral-950 px-2 py-1 text-sm";
  return (
    <Card title={`Versions (${versions.length})`}>
      <ul className="mb-3 max-h-48 space-y-1 overflow-auto text-sm" data-testid="versions">
        {versions.map((v) => (
          <li key={v.version} className="flex items-center justify-between gap-2 rounded px-2 py-1 hover:bg-neutral-800/50">
            <span className="min-w-0">
              <span className="font-mono text-neutral-200">v{v.version}</span>
              <span className="ml-2 text-xs text-neutral-500">{new Date(v.savedAt).toLocaleString()}</span>
              {v.note && <span className="ml-2 text-xs text-neutral-400">“{v.note}”</span>}
              <span className="block truncate text-xs text-neutral-500" title={v.summary}>
                {v.summary}
              </span>
            </span>
            {v.version !== view.version && (
              <Button variant="ghost" className="shrink-0 px-2 py-0.5 text-xs" onClick={() => onLoadVersion(v.version)}>
                Open
              </Button>
            )}
          </li>
        ))}
      </ul>
      {versions.length < 2 ? (
        <p className="text-xs text-neutral-500">Save a change to compare versions.</p>
      ) : (
        <div className="space-y-2" data-testid="version-diff">
          <div className="flex items-center gap-2 text-sm text-neutral-400">
            Compare
            <select aria-label="from version" className={select} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
            </select>
            →
            <select aria-label="to version" className={select} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
            </select>
          </div>
          {diff.isPending ? <Loading label="Comparing…" /> : diff.isError ? <ErrorState title="Could not compare" error={diff.error} /> : <DiffView diff={diff.data} />}
        </div>
      )}
    </Card>
  );
}

function DiffView({ diff }: { diff: VersionDiff }) {
  const [yaml, setYaml] = useState(false);
  if (!diff.changes.length) return <p className="text-sm text-neutral-500">v{diff.from} and v{diff.to} are the same.</p>;
  return (
    <div className="space-y-2">
      <table className="w-full text-xs" data-testid="diff-changes">
        <tbody>
          {diff.changes.map((c) => (
            <tr key={c.path + c.kind} className="border-t border-neutral-800 align-top">
              <td className={`py-1 pr-2 font-mono ${c.kind === "added" ? "text-emerald-400" : c.kind === "removed" ? "text-red-400" : "text-amber-300"}`}>
                {c.kind === "added" ? "+" : c.kind === "removed" ? "−" : "~"} {c.path}
              </td>
              <td className="max-w-[14rem] truncate py-1 font-mono text-neutral-400" title={c.kind === "changed" ? `${show(c.before)} → ${show(c.after)}` : show(c.after ?? c.before)}>
                {c.kind === "changed" ? `${show(c.before)} → ${show(c.after)}` : c.kind === "added" ? show(c.after) : show(c.before)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="text-xs text-sky-400 hover:underline" onClick={() => setYaml(!yaml)}>
        {yaml ? "Hide" : "Show"} the manifest diff
      </button>
      {yaml && (
        <pre className="max-h-80 overflow-auto rounded bg-neutral-950 p-2 font-mono text-xs leading-5" data-testid="diff-yaml">
          {withContext(diff.yaml, 3).map((l, i) =>
            l === null ? (
              <div key={i} className="select-none text-neutral-600">⋯</div>
            ) : l.op === " " ? (
              <div key={i} className="text-neutral-500"> {l.text}</div>
            ) : (
              <div key={i} className={l.op === "+" ? "bg-emerald-950/60 text-emerald-300" : "bg-red-950/60 text-red-300"}>
                {l.op}
                {l.text}
              </div>
            ),
          )}
        </pre>
      )}
    </div>
  );
}

/** Changed lines with `n` lines of context; null marks skipped unchanged lines. */
export function withContext(lines: VersionDiff["yaml"], n: number): (VersionDiff["yaml"][number] | null)[] {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.op === " ") return;
    for (let j = Math.max(0, i - n); j <= Math.min(lines.length - 1, i + n); j++) keep[j] = true;
  });
  const out: (VersionDiff["yaml"][number] | null)[] = [];
  lines.forEach((l, i) => {
    if (keep[i]) out.push(l);
    else if (out[out.length - 1] !== null) out.push(null);
  });
  return out;
}
