import { Suspense } from "react";
import { JobsList } from "@/components/jobs/jobs-list";
import { Loading } from "@/components/ui/states";

// JobsList reads its filters from the URL (useSearchParams), hence the boundary.
export default function JobsPage() {
  return (
    <Suspense fallback={<Loading label="Loading jobs…" />}>
      <JobsList />
    </Suspense>
  );
}
