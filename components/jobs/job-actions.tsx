"use client";
// Cancel (after a confirmation that says what cancelling keeps) and Resume,
// each offered only in the states that allow it.
import { useCan } from "@/components/auth/use-me";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, enc, jobKeys, type Job } from "@/components/api-client";
import { Button } from "@/components/ui/primitives";
import { canCancel, canResume } from "@/server/jobs/job-status";

export function JobActions({ job }: { job: Job }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const can = useCan("operator");
  const act = useMutation({
    mutationFn: (action: "cancel" | "resume") => api<Job>(`/api/jobs/${enc(job.id)}/${action}`, { method: "POST" }),
    onSuccess: (next) => {
      setConfirming(false);
      // the answer is the job: show it now, then read everything once more
      qc.setQueryData<Job>(jobKeys.detail(job.id), next);
      void qc.invalidateQueries({ queryKey: jobKeys.detail(job.id) });
      void qc.invalidateQueries({ queryKey: ["jobs", "list"] });
    },
  });
  const error = act.error ? <span className="text-xs text-red-400" role="alert">{(act.error as Error).message}</span> : null;

  if (canCancel(job.state)) {
    if (confirming) {
      return (
        <div className="flex items-center gap-2 rounded-md border border-red-900/60 bg-red-950/30 px-3 py-1.5 text-sm" data-testid="cancel-confirm">
          <span className="text-red-200">Cancel this job? Committed fragments stay; checkpoints are kept, so it can resume.</span>
          <Button variant="danger" onClick={() => act.mutate("cancel")} disabled={act.isPending}>
            {act.isPending ? "Cancelling…" : "Yes, cancel"}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Keep running
          </Button>
          {error}
        </div>
      );
    }
    return (
      <div className="flex items-center gap-2">
        <Button variant="secondary" onClick={() => setConfirming(true)} disabled={!can.ok} title={can.why} data-testid="cancel-job">
          Cancel job
        </Button>
        {error}
      </div>
    );
  }
  if (canResume(job.state)) {
    return (
      <div className="flex items-center gap-2">
        <Button variant="primary" onClick={() => act.mutate("resume")} disabled={act.isPending || !can.ok} data-testid="resume-job"
          title={can.why ?? "Continue from the checkpoints: committed fragments and checkpointed batches are not computed again"}>
          {act.isPending ? "Resuming…" : "Resume"}
        </Button>
        {error}
      </div>
    );
  }
  return null;
}
