import { Badge } from "@/components/ui/primitives";
import type { JobState } from "@/server/jobs/job-status";

const tone = { queued: "neutral", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" } as const satisfies Record<JobState, string>;

export function JobStatusBadge({ state }: { state: JobState }) {
  return <Badge tone={tone[state]}>{state}</Badge>;
}
