// Designed empty, loading and error states, used by every page.
import type { ReactNode } from "react";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-8 text-sm text-neutral-400">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-neutral-600 border-t-sky-400" />
      {label}
    </div>
  );
}

export function ErrorState({ title, error, action }: { title: string; error: unknown; action?: ReactNode }) {
  const msg = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="rounded-md border border-red-900/60 bg-red-950/40 p-4 text-sm">
      <div className="font-medium text-red-300">{title}</div>
      <div className="mt-1 text-red-200/80">{msg}</div>
      {action && <div className="mt-3">{action}</div>}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-neutral-800 p-8 text-center">
      <div className="font-medium text-neutral-300">{title}</div>
      {children && <div className="mt-2 text-sm text-neutral-500">{children}</div>}
    </div>
  );
}
