"use client";
// Monaco is large: load it only on the pages that show an editor, and only in
// the browser (it needs `window`).
import dynamic from "next/dynamic";
import { EditorLoadingBox } from "./editor-loading";

export const UdfEditor = dynamic(() => import("./udf-editor"), {
  ssr: false,
  loading: () => <EditorLoadingBox />,
});

export type { UdfEditorHandle, UdfEditorProps } from "./udf-editor";
