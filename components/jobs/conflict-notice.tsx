"use client";
// A failed launch; a 409 (a backfill of this column is already running)
// links to the running job.
import Link from "next/link";
import { ApiError, enc } from "@/components/api-client";
import { ErrorState } from "@/components/ui/states";

export function conflictJobId(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const id = (e.details as { jobId?: unknown } | undefined)?.jobId;
  return typeof id === "string" ? id : null;
}

export function ConflictNotice({ error, what }: { error: unknown; what: string }) {
  const running = conflictJobId(error);
  if (running) {
    return (
      <div role="alert" className="rounded-md border border-amber-900/60 bg-amber-950/40 p-3 text-sm text-amber-200" data-testid="launch-conflict">
        A backfill of this column is already running.{" "}
        <Link href={`/jobs/${enc(running)}`} className="font-medium text-sky-400 hover:underline">
          Open job {running}
        </Link>
      </div>
    );
  }
  return <ErrorState title={what} error={error} />;
}
