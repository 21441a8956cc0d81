"use client";
// Row errors of a job grouped by type: counts, sample rows (row address →
// fragment/offset) and the UDF's own tracebacks, plus "re-run failed rows".
import { useMemo } from "react";
import type { Job, RowError } from "@/components/api-client";
import { fmtInt } from "@/components/format";
import { Badge, Card } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { isTerminal } from "@/server/jobs/job-status";
import { groupErrors, splitRowAddress } from "./error-groups";
import { ERRORS_LIMIT, useJobErrors } from "./job-queries";
import { RerunFailedRows } from "./rerun-failed-rows";


export function JobErrorsPanel({ job }: { job: Job }) {
  const running = !isTerminal(job.state);
  const errors = useJobErrors(job);
  const groups = useMemo(() => groupErrors(errors.data ?? []), [errors.data]);
  const read = errors.data?.length ?? 0;
  const capped = read >= ERRORS_LIMIT;

  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          Row errors {job.rowsFailed > 0 && <Badge tone="red">{fmtInt(job.rowsFailed)}</Badge>}
        </span>
      }
    >
      {errors.isPending ? (
        <Loading label="Loading row errors…" />
      ) : errors.isError ? (
        <ErrorState title="Could not load the job's row errors" error={errors.error} />
      ) : read === 0 ? (
        <p className="text-sm text-neutral-500" data-testid="errors-empty">
          {running ? "No row has failed so far." : "No row failed or was skipped."}
        </p>
      ) : (
        <div className="space-y-3" data-testid="error-groups">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <p className="text-sm text-neutral-400">
              {fmtInt(job.rowsFailed)} row(s) failed or were skipped{running ? " so far" : ""}, grouped by error type.
              {capped
                ? ` Counts below are from the first ${fmtInt(ERRORS_LIMIT)} recorded.`
                : running && read < job.rowsFailed
                  ? ` The groups show the ${fmtInt(read)} read so far (refreshed every 2 s while the job runs).`
                  : ""}
            </p>
            <RerunFailedRows job={job} />
          </div>
          {groups.map((g, gi) => (
            <details key={g.errorType} open={gi === 0} className="group rounded-md border border-neutral-800 bg-neutral-950/60" data-testid="error-group">
              <summary className="flex cursor-pointer list-none items-center gap-3 px-3 py-2 text-sm">
                <span className="text-neutral-500 transition-transform group-open:rotate-90">▸</span>
                <span className="font-mono font-medium text-red-300" data-testid="error-type">{g.errorType}</span>
                <Badge tone="red">
                  <span data-testid="error-count">{fmtInt(g.count)}</span>&nbsp;rows
                </Badge>
                <span className="text-xs text-neutral-500">
                  {g.skipped > 0 && `${fmtInt(g.skipped)} skipped`}
                  {g.skipped > 0 && g.failed > 0 && " · "}
                  {g.failed > 0 && `${fmtInt(g.failed)} failed`}
                </span>
                <span className="ml-auto truncate font-mono text-xs text-neutral-400">{g.messages[0]?.message}</span>
              </summary>
              <div className="space-y-2 border-t border-neutral-800 px-3 py-2">
                {g.messages.length > 1 && g.messages[0].count > 1 && (
                  <ul className="text-xs text-neutral-400">
                    {g.messages.map((m) => (
                      <li key={m.message} className="font-mono">
                        {fmtInt(m.count)}× {m.message}
                      </li>
                    ))}
                  </ul>
                )}
                <table className="w-full text-left text-xs">
                  <thead className="text-neutral-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">row address</th>
                      <th className="py-1 pr-3 font-medium">fragment</th>
                      <th className="py-1 pr-3 font-medium">offset</th>
                      <th className="py-1 pr-3 font-medium">action</th>
                      <th className="py-1 font-medium">message and traceback</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.samples.map((e, i) => (
                      <SampleRow key={`${e.rowAddress}-${i}`} e={e} />
                    ))}
                  </tbody>
                </table>
                {g.count > g.samples.length && <p className="text-xs text-neutral-500">and {fmtInt(g.count - g.samples.length)} more row(s) of this type</p>}
              </div>
            </details>
          ))}
        </div>
      )}
    </Card>
  );
}

function SampleRow({ e }: { e: RowError }) {
  const at = splitRowAddress(e.rowAddress);
  return (
    <tr className="border-t border-neutral-900 align-top">
      <td className="py-1 pr-3 font-mono tabular-nums text-neutral-300">{e.rowAddress ?? "—"}</td>
      <td className="py-1 pr-3 tabular-nums text-neutral-300">{at ? at.fragment : "—"}</td>
      <td className="py-1 pr-3 tabular-nums text-neutral-300">{at ? fmtInt(at.offset) : "—"}</td>
      <td className="py-1 pr-3 text-neutral-400">
        {e.action}
        {e.attempts > 1 && ` after ${e.attempts} attempts`}
      </td>
      <td className="py-1">
        {e.traceback ? (
          <details>
            <summary className="cursor-pointer font-mono text-neutral-300 hover:text-neutral-100">{e.message || e.errorType}</summary>
            {/* the user's own UDF traceback: shown as is */}
            <pre className="mt-1 max-h-64 overflow-auto rounded bg-black/60 p-2 font-mono text-[11px] leading-4 text-red-200/90" data-testid="traceback">
              {e.traceback}
            </pre>
          </details>
        ) : (
          <span className="font-mono text-neutral-300">{e.message}</span>
        )}
      </td>
    </tr>
  );
}
