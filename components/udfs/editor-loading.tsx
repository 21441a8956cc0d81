// Placeholder with the editor's footprint while Monaco's chunk and AMD files load.
export function EditorLoadingBox({ height = 360 }: { height?: number }) {
  return (
    <div role="status" style={{ height }} className="flex items-center gap-2 rounded-md border border-neutral-800 bg-neutral-950 px-4 text-sm text-neutral-500">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-neutral-700 border-t-sky-400" />
      Loading editor…
    </div>
  );
}
