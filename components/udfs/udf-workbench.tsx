"use client";
// Editor + live validation + preview (and compare, for a stored UDF): the
// shared body of the new-column page and the column page. The parent owns the
// source text and renders its own actions (save / replace) in the side panel.
import { useCan } from "@/components/auth/use-me";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ColumnInfo, UdfInfo } from "@/server/tables/table-service";
import { Button, Card } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { CompareResults } from "./compare-results";
import { PreviewControls } from "./preview-controls";
import { DEFAULT_SAMPLE, sampleProblem, type SampleSettings } from "./preview-request";
import { PreviewResults } from "./preview-results";
import { diagnosticToMarker } from "./udf-diagnostics";
import { UdfEditor, type UdfEditorHandle } from "./udf-editor-lazy";
import { usePreviewRunner } from "./use-preview-runner";
import { useUdfValidation, type Validation } from "./use-udf-validation";
import { ValidationPanel } from "./validation-panel";

export interface UdfWorkbenchProps {
  table: string;
  columns: ColumnInfo[];
  source: string;
  /** Bump to load `source` into the editor (template picked, reset); typing only calls onSourceChange. */
  sourceVersion?: number;
  onSourceChange(source: string): void;
  /** The column the UDF fills (validated so it is not its own input); may be empty while a new column has no name. */
  outputColumn?: string;
  /** The column's stored UDF: enables compare mode. */
  stored?: UdfInfo;
  /** Above the editor (templates, reset). */
  toolbar?: ReactNode;
  /** Side panel, given the live validation (save / replace actions). */
  side?(validation: Validation): ReactNode;
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function UdfWorkbench({ table, columns, source, sourceVersion, onSourceChange, outputColumn, stored, toolbar, side }: UdfWorkbenchProps) {
  const validation = useUdfValidation(source, table, outputColumn || undefined);
  const { preview, compare } = usePreviewRunner(table, outputColumn || undefined);
  const [settings, setSettings] = useState<SampleSettings>(DEFAULT_SAMPLE);
  const [view, setView] = useState<"preview" | "compare">("preview");
  const editor = useRef<UdfEditorHandle | null>(null);
  const [shortcut, setShortcut] = useState("Ctrl+Enter");
  useEffect(() => setShortcut(isMac() ? "⌘↵" : "Ctrl+Enter"), []);

  // Markers belong to the source they were computed for; while typing, the
  // previous markers stay until the new answer arrives (no flicker).
  const markers = useMemo(
    () => (validation.result?.status === "invalid" ? [diagnosticToMarker(validation.result.diagnostic, source)] : []),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recomputed when a new answer arrives, not per keystroke
    [validation.result],
  );

  const canAuthor = useCan("author");
  const problem = canAuthor.why ?? sampleProblem(settings);
  const runPreview = () => {
    if (problem) return;
    setView("preview");
    preview.mutate({ source, settings });
  };
  const runCompare = () => {
    if (problem || !stored) return;
    setView("compare");
    compare.mutate({ stored: stored.source, edited: source, settings });
  };

  // Ctrl/Cmd+Enter anywhere on the page (the editor handles its own).
  const runRef = useRef(runPreview);
  runRef.current = runPreview;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      if ((e.target as Element | null)?.closest?.(".monaco-editor")) return;
      e.preventDefault();
      runRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const current = view === "compare" ? compare : preview;
  const exclude = outputColumn ? [outputColumn] : [];

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_340px]">
        <div className="min-w-0 space-y-3">
          {toolbar}
          <UdfEditor
            value={source}
            valueVersion={sourceVersion}
            onChange={onSourceChange}
            columns={columns}
            exclude={exclude}
            markers={markers}
            onRun={runPreview}
            onReady={(h) => (editor.current = h)}
          />
          <ValidationPanel validation={validation} marker={markers[0]} onReveal={(l, c) => editor.current?.reveal(l, c)} />
        </div>
        <aside className="space-y-4">{side?.(validation)}</aside>
      </div>

      <Card
        title="Preview"
        actions={<span className="text-xs text-neutral-500">runs the UDF on sample rows; nothing is written</span>}
      >
        <div className="space-y-4">
          <PreviewControls settings={settings} onChange={setSettings}>
            {stored && (
              <Button onClick={runCompare} disabled={!!problem || compare.isPending} title="run the stored UDF and the edited one on the same rows">
                Compare with stored
              </Button>
            )}
            <Button variant="primary" onClick={runPreview} disabled={!!problem || preview.isPending} title={`Run preview (${shortcut})`}>
              Run preview <kbd className="rounded bg-sky-800/70 px-1 text-[10px] font-normal">{shortcut}</kbd>
            </Button>
          </PreviewControls>
          {problem && <p className="text-xs text-amber-300">{problem}</p>}
          {current.isPending ? (
            <Loading label={view === "compare" ? "Running both versions on the same rows…" : `Running the UDF on ${settings.mode === "where" ? "matching" : settings.mode} rows…`} />
          ) : current.isError ? (
            (current.error as Error).name === "AbortError" ? null : (
              <ErrorState title={view === "compare" ? "Compare failed" : "Preview failed"} error={current.error} />
            )
          ) : current.data ? (
            view === "compare" && compare.data ? <CompareResults run={compare.data} /> : preview.data ? <PreviewResults run={preview.data} /> : null
          ) : (
            <Empty title="No preview yet">
              Press <kbd className="rounded bg-neutral-800 px-1">{shortcut}</kbd> in the editor or “Run preview” to run the UDF on {settings.limit} sample rows.
              {stored && " “Compare with stored” runs both versions on the same rows and counts the rows whose outputs differ."}
            </Empty>
          )}
        </div>
      </Card>
    </div>
  );
}
