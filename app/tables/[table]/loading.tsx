import { TableSkeleton } from "@/components/tables/table-view";

export default function Loading() {
  return <TableSkeleton />;
}
