// Server-sent events for one job: `progress` (the job without its event log)
// at every change (throttled to 5/s) and at least once a second while it
// runs, `log` for driver log lines, then `end` at a final state.
import { isTerminal } from "./job-status";
import type { JobEvents } from "./job-events";
import type { JobStore } from "./job-store";
import type { Job } from "./job-types";

const HEARTBEAT_MS = 1000;
const THROTTLE_MS = 200;

export function progressView(job: Job) {
  const { events, ...rest } = job;
  return { ...rest, lastEvent: events[events.length - 1] ?? null };
}

export function jobEventStream(deps: { store: JobStore; events: JobEvents }, id: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let seq = 0;
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let pending: NodeJS.Timeout | null = null;
      const send = (event: string, data: unknown) => {
        if (closed) return;
        controller.enqueue(enc.encode(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const progress = () => {
        pending = null;
        const job = deps.store.get(id);
        if (!job || closed) return;
        send("progress", progressView(job));
        if (isTerminal(job.state)) {
          send("end", { state: job.state, error: job.error });
          cleanup();
          controller.close();
        }
      };
      const unsubscribe = deps.events.subscribe(id, (s) => {
        if (s.kind === "log") send("log", { line: s.line });
        else if (!pending) pending = setTimeout(progress, THROTTLE_MS);
      });
      const heartbeat = setInterval(progress, HEARTBEAT_MS);
      cleanup = () => {
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
      };
      signal.addEventListener("abort", () => {
        if (closed) return;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
      progress();
    },
    cancel() {
      cleanup();
    },
  });
}
