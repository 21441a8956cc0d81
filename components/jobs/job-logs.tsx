"use client";
// The job's event log (newest last) and a live tail of its driver/worker log.
import { useEffect, useRef } from "react";
import type { JobEvent } from "@/server/jobs/job-types";
import { Card } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { clip, fmtClock } from "./job-format";
import { useJobLogs } from "./job-queries";

const eventTone: Record<string, string> = {
  failed: "text-red-300",
  fragment_failed: "text-red-300",
  cancelled: "text-amber-300",
  succeeded: "text-emerald-300",
  commit: "text-emerald-400/80",
};

/** Keep a scrolling box pinned to the bottom unless the reader scrolled up. */
function useStickToBottom(dep: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [dep]);
  const onScroll = () => {
    const el = ref.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  return { ref, onScroll };
}

export function JobEventLog({ events }: { events: JobEvent[] }) {
  const box = useStickToBottom(events.length);
  return (
    <Card title={`Event log (${events.length})`}>
      {events.length === 0 ? (
        <p className="text-sm text-neutral-500">No events yet.</p>
      ) : (
        <div ref={box.ref} onScroll={box.onScroll} className="max-h-72 overflow-auto font-mono text-xs leading-5" data-testid="event-log">
          <table className="w-full">
            <tbody>
              {events.map((e, i) => (
                <tr key={i} className="align-top">
                  <td className="whitespace-nowrap pr-3 text-neutral-500">{fmtClock(e.ts)}</td>
                  <td className={`whitespace-nowrap pr-3 ${eventTone[e.type] ?? "text-sky-300/80"}`}>{e.type}</td>
                  <td className="text-neutral-300">
                    <EventMessage message={e.message} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function EventMessage({ message }: { message: string }) {
  const c = clip(message);
  if (!c.cut) return <>{message}</>;
  return (
    <details>
      <summary className="cursor-pointer break-all">
        {c.text}… <span className="text-sky-400">({c.cut.toLocaleString("en-US")} more characters)</span>
      </summary>
      <div className="break-all">{message}</div>
    </details>
  );
}

export function JobLogTail({ id, streamLines, onReload }: { id: string; streamLines: string[]; onReload: () => void }) {
  const logs = useJobLogs(id);
  // a fresh read of the file includes what the stream delivered: start the stream's part over
  useEffect(() => {
    if (logs.dataUpdatedAt) onReload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [logs.dataUpdatedAt]);
  const lines = (logs.data?.lines ?? []).concat(streamLines);
  const box = useStickToBottom(lines.length);
  return (
    <Card title="Log" actions={<span className="text-xs text-neutral-500">driver and workers, UDF output included</span>}>
      {logs.isPending ? (
        <Loading label="Loading the log…" />
      ) : logs.isError ? (
        <ErrorState title="Could not load the job's log" error={logs.error} />
      ) : lines.length === 0 ? (
        <p className="text-sm text-neutral-500">The log is empty.</p>
      ) : (
        <div ref={box.ref} onScroll={box.onScroll} className="max-h-72 overflow-auto rounded bg-black/50 p-2 font-mono text-xs leading-5 text-neutral-300" data-testid="log-tail">
          {lines.map((l, i) => (
            <div key={i} className="whitespace-pre-wrap break-all">
              {l}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
