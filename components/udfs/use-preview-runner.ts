"use client";
// Runs previews (and compare runs) as mutations. A newer run aborts the one in
// flight, so Ctrl+Enter twice shows the second run's rows only.
import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { api, type PreviewResult } from "@/components/api-client";
import { compareRuns, rowAddressWhere, type Comparison } from "./udf-compare";
import { previewBody, type SampleSettings } from "./preview-request";

export interface PreviewRun {
  result: PreviewResult;
  /** Browser-measured request time, ms. */
  roundTripMs: number;
  source: string;
}

export interface CompareRun {
  stored: PreviewRun;
  edited: PreviewRun;
  comparison: Comparison;
}

async function timed(table: string, source: string, s: SampleSettings, column: string | undefined, signal: AbortSignal, override?: { where: string; limit: number }): Promise<PreviewRun> {
  const body = previewBody(table, source, s, column);
  if (override) Object.assign(body, { where: override.where, limit: override.limit, sample: "first" });
  const t0 = performance.now();
  const result = await api<PreviewResult>("/api/preview", { body, signal });
  return { result, roundTripMs: performance.now() - t0, source };
}

export function usePreviewRunner(table: string, column?: string) {
  const ctrl = useRef<AbortController | null>(null);
  const fresh = () => {
    ctrl.current?.abort();
    ctrl.current = new AbortController();
    return ctrl.current.signal;
  };

  const preview = useMutation({
    mutationFn: ({ source, settings }: { source: string; settings: SampleSettings }) => timed(table, source, settings, column, fresh()),
  });

  const compare = useMutation({
    mutationFn: async ({ stored, edited, settings }: { stored: string; edited: string; settings: SampleSettings }): Promise<CompareRun> => {
      const signal = fresh();
      // Stored first: its sample (first, random or where) fixes the rows; the edited UDF then runs on exactly those rows.
      const s = await timed(table, stored, settings, column, signal);
      const addrs = s.result.rows.map((r) => r.rowAddress);
      const e = addrs.length
        ? await timed(table, edited, settings, column, signal, { where: rowAddressWhere(addrs), limit: addrs.length })
        : { ...s, source: edited, result: { ...s.result, rows: [] } };
      return { stored: s, edited: e, comparison: compareRuns(s.result, e.result) };
    },
  });

  return { preview, compare };
}
