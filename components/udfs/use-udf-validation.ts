"use client";
// Live validation of the editor's source: debounced, and a newer keystroke
// aborts the request in flight, so only the latest source's answer is shown.
import { useEffect, useState } from "react";
import { api, ApiError, type UdfDiagnostic } from "@/components/api-client";
import { asDiagnostic } from "./udf-diagnostics";

/** The UDF as POST /api/udfs/validate describes it. */
export interface ValidatedUdf {
  name: string;
  kind: string;
  stateful?: boolean;
  inputColumns: string[];
  dataType: string;
  version: string;
  onError?: string;
  checkpointSize?: number | null;
  timeout?: number | null;
  numCpus?: number;
  numGpus?: number;
  memory?: number | null;
}

export type ValidationResult =
  | { status: "valid"; udf: ValidatedUdf }
  | { status: "invalid"; diagnostic: UdfDiagnostic }
  /** The check itself failed (server unreachable, table gone): not the UDF's fault. */
  | { status: "failed"; error: ApiError };

export interface Validation {
  /** Latest answer (for `source` when `pending` is false; for an older source while typing). */
  result: ValidationResult | null;
  pending: boolean;
}

export const VALIDATE_DEBOUNCE_MS = 400;

export function useUdfValidation(source: string, table: string, column?: string, delay = VALIDATE_DEBOUNCE_MS): Validation {
  const [state, setState] = useState<Validation>({ result: null, pending: true });

  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(async () => {
      let result: ValidationResult;
      try {
        const body = await api<{ udf: ValidatedUdf }>("/api/udfs/validate", {
          body: { source, table, ...(column ? { column } : {}) },
          signal: ctrl.signal,
        });
        result = { status: "valid", udf: body.udf };
      } catch (e) {
        if (ctrl.signal.aborted) return;
        const err = e instanceof ApiError ? e : new ApiError(0, String(e));
        const diagnostic = err.status === 400 ? asDiagnostic(err.details, err.message) : null;
        result = diagnostic
          ? { status: "invalid", diagnostic }
          : err.status === 400
            ? { status: "invalid", diagnostic: { kind: "invalid", message: err.message, line: null, column: null } }
            : { status: "failed", error: err };
      }
      if (!ctrl.signal.aborted) setState({ result, pending: false });
    }, delay);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [source, table, column, delay]);

  return state;
}
