"use client";
// The Monaco editor for UDF source. Loaded only through udf-editor-lazy.tsx
// (next/dynamic, ssr:false), so pages without an editor never pay for it.
// Monaco's AMD build is served from /monaco/vs (copied from node_modules by
// scripts/copy-monaco.mjs); the loader's default is a CDN, which must never be used.
import Editor, { loader, type Monaco, type OnMount } from "@monaco-editor/react";
import type { editor, IDisposable, languages, Position } from "monaco-editor";
import { useEffect, useRef } from "react";
import type { ColumnLike } from "./column-types";
import { completionItems, type ItemKind } from "./udf-completions";
import type { EditorMarker } from "./udf-diagnostics";

loader.config({ paths: { vs: "/monaco/vs" } });

export interface UdfEditorHandle {
  focus(): void;
  reveal(line: number, column: number): void;
}

export interface UdfEditorProps {
  /** Initial text, and the text to load whenever `valueVersion` changes (a template, a reset). */
  value: string;
  /**
   * The editor is uncontrolled while typing: feeding every keystroke back as a
   * prop lets a render that lags behind the model overwrite newer keystrokes.
   * Bump this to replace the text (undoable with Ctrl+Z).
   */
  valueVersion?: number;
  onChange(value: string): void;
  /** Table columns, offered as completions (with their Arrow types). */
  columns: ColumnLike[];
  /** Columns not to offer (the output column). */
  exclude?: string[];
  markers: EditorMarker[];
  /** Ctrl/Cmd+Enter. */
  onRun?(): void;
  onReady?(handle: UdfEditorHandle): void;
  height?: number | string;
  ariaLabel?: string;
}

const MARKER_OWNER = "udf-validate";

function itemKind(monaco: Monaco, k: ItemKind): languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  return { field: K.Field, function: K.Function, property: K.Property, class: K.Class, snippet: K.Snippet, keyword: K.Keyword }[k];
}

function defineTheme(monaco: Monaco) {
  monaco.editor.defineTheme("bfs-dark", {
    base: "vs-dark",
    inherit: true,
    rules: [],
    colors: { "editor.background": "#0a0a0a", "editorGutter.background": "#0a0a0a", "editor.lineHighlightBackground": "#17171799" },
  });
}

export default function UdfEditor({ value, valueVersion = 0, onChange, columns, exclude = [], markers, onRun, onReady, height = 360, ariaLabel = "UDF source" }: UdfEditorProps) {
  const monacoRef = useRef<Monaco | null>(null);
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const disposables = useRef<IDisposable[]>([]);
  // The provider and the command are registered once; they read the latest props through refs.
  const latest = useRef({ columns, exclude, onRun });
  latest.current = { columns, exclude, onRun };

  const onMount: OnMount = (ed, monaco) => {
    editorRef.current = ed;
    monacoRef.current = monaco;
    const model = ed.getModel();
    disposables.current.push(
      monaco.languages.registerCompletionItemProvider("python", {
        triggerCharacters: [".", "(", "[", ",", "="],
        provideCompletionItems(m: editor.ITextModel, position: Position): languages.CompletionList {
          // The provider is global to the language: answer only for this editor's model.
          if (m !== ed.getModel()) return { suggestions: [] };
          const before = m.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
          const word = m.getWordUntilPosition(position);
          const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
          const { columns: cols, exclude: ex } = latest.current;
          return {
            suggestions: completionItems(before, cols, ex).map((it) => ({
              label: it.label,
              kind: itemKind(monaco, it.kind),
              insertText: it.insertText,
              insertTextRules: it.snippet ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
              detail: it.detail,
              documentation: it.documentation,
              sortText: it.sortText,
              range,
            })),
          };
        },
      }),
    );
    ed.addAction({
      id: "bfs.runPreview",
      label: "Run preview",
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      contextMenuGroupId: "navigation",
      run: () => latest.current.onRun?.(),
    });
    if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMonacoMarkers(monaco, markers));
    onReady?.({
      focus: () => ed.focus(),
      reveal: (line, column) => {
        ed.revealLineInCenterIfOutsideViewport(line);
        ed.setPosition({ lineNumber: line, column });
        ed.focus();
      },
    });
  };

  // Load `value` when the parent asks for it (valueVersion), as one undoable edit.
  const latestValue = useRef(value);
  latestValue.current = value;
  useEffect(() => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model || model.getValue() === latestValue.current) return;
    ed.pushUndoStop();
    ed.executeEdits("replace", [{ range: model.getFullModelRange(), text: latestValue.current }]);
    ed.pushUndoStop();
  }, [valueVersion]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (monaco && model) monaco.editor.setModelMarkers(model, MARKER_OWNER, toMonacoMarkers(monaco, markers));
  }, [markers]);

  useEffect(
    () => () => {
      for (const d of disposables.current) d.dispose();
      disposables.current = [];
    },
    [],
  );

  return (
    <div className="overflow-hidden rounded-md border border-neutral-800" data-testid="udf-editor">
      <Editor
        height={height}
        language="python"
        theme="bfs-dark"
        defaultValue={value}
        onChange={(v) => onChange(v ?? "")}
        beforeMount={defineTheme}
        onMount={onMount}
        loading={<EditorLoading />}
        options={{
          ariaLabel,
          fontSize: 13,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 4,
          insertSpaces: true,
          renderLineHighlight: "line",
          fixedOverflowWidgets: true,
          wordBasedSuggestions: "currentDocument",
          suggest: { showWords: true },
          padding: { top: 8, bottom: 8 },
        }}
      />
    </div>
  );
}

function toMonacoMarkers(monaco: Monaco, markers: EditorMarker[]): editor.IMarkerData[] {
  return markers.map((m) => ({
    ...m,
    severity: m.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
  }));
}

export function EditorLoading() {
  return (
    <div role="status" className="flex h-full w-full items-center gap-2 bg-neutral-950 px-4 text-sm text-neutral-500">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-neutral-700 border-t-sky-400" />
      Loading editor…
    </div>
  );
}
