import { Suspense } from "react";
import { AuditLogView } from "@/components/admin/audit-log-view";
import { Loading } from "@/components/ui/states";

// The filters live in the URL (useSearchParams), hence the boundary.
export default function AuditPage() {
  return (
    <Suspense fallback={<Loading label="Loading the audit log…" />}>
      <AuditLogView />
    </Suspense>
  );
}
