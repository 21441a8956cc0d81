"use client";
// The live job: the cached job (GET /api/jobs/:id) kept current by the job's
// event stream (GET /api/jobs/:id/events). The stream carries the job itself,
// so no request is made per update; the full job (with its event log),
// fragments, errors and logs are read again once, when the job ends.
// Fallback: when the stream is down, the job is polled every 5 s, only while
// it is not final.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { enc, jobKeys, type Job } from "@/components/api-client";
import { isTerminal } from "@/server/jobs/job-status";
import { appendLines, mergeProgress, type ProgressMessage } from "./job-progress";
import { useJob } from "./job-queries";
import { ClockOffset, nextLiveSamples, type Sample } from "./job-rate";

export type StreamState = "idle" | "connecting" | "open" | "reconnecting";

const MAX_BACKOFF_MS = 30_000;

export function useJobLive(id: string) {
  const qc = useQueryClient();
  const [stream, setStream] = useState<StreamState>("idle");
  const [liveSamples, setLiveSamples] = useState<Sample[]>([]);
  const [streamLines, setStreamLines] = useState<string[]>([]);
  const job = useJob(id, stream === "open");
  const state = job.data?.state;
  const watching = state !== undefined && !isTerminal(state);

  const clock = useRef(new ClockOffset());
  const lastUpdatedAt = useRef<string | null>(null);

  useEffect(() => {
    if (!watching) return;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let opened = false;
    let backoff = 1000;

    const connect = () => {
      setStream(opened ? "reconnecting" : "connecting");
      es = new EventSource(`/api/jobs/${enc(id)}/events`);
      es.onopen = () => {
        setStream("open");
        backoff = 1000;
        // after a drop, events may have been missed: read the full job once
        if (opened) void qc.invalidateQueries({ queryKey: jobKeys.detail(id), exact: true });
        opened = true;
      };
      es.addEventListener("progress", (e) => {
        const p = JSON.parse((e as MessageEvent).data) as ProgressMessage;
        if (p.updatedAt !== lastUpdatedAt.current) {
          lastUpdatedAt.current = p.updatedAt;
          clock.current.observe(p.updatedAt);
        }
        qc.setQueryData<Job>(jobKeys.detail(id), (prev) => mergeProgress(prev, p));
        if (p.state === "running") {
          setLiveSamples((live) => nextLiveSamples(live, p.series, clock.current.serverNow(), p.rowsCheckpointed));
        }
      });
      es.addEventListener("log", (e) => {
        const { line } = JSON.parse((e as MessageEvent).data) as { line: string };
        setStreamLines((l) => appendLines(l, [line]));
      });
      es.addEventListener("end", () => {
        stopped = true;
        es?.close();
        setStream("idle");
      });
      es.onerror = () => {
        if (stopped) return;
        if (es && es.readyState === EventSource.CLOSED) {
          // the browser gave up (e.g. an HTTP error): retry with backoff
          setStream("reconnecting");
          timer = setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        } else {
          setStream("reconnecting"); // the browser reconnects by itself
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      es?.close();
      clearTimeout(timer);
      setStream("idle");
    };
  }, [id, watching, qc]);

  // When the job turns final (through the stream or a poll), read once more
  // what only refreshes while it runs: the full job with its event log (the
  // stream's job has none), fragments, errors, logs, and the lists.
  const prevState = useRef(state);
  useEffect(() => {
    if (prevState.current && !isTerminal(prevState.current) && isTerminal(state)) {
      void qc.invalidateQueries({ queryKey: jobKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: ["jobs", "list"] });
    }
    prevState.current = state;
  }, [state, id, qc]);

  return { job, stream, watching, liveSamples, streamLines, clearStreamLines: () => setStreamLines([]) };
}
