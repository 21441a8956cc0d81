import { BackfillLauncher } from "@/components/backfills/backfill-launcher";

/** Params may arrive percent-encoded; a malformed escape is kept as typed. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export default async function BackfillPage({ params }: { params: Promise<{ table: string; column: string }> }) {
  const { table, column } = await params;
  return <BackfillLauncher table={decode(table)} column={decode(column)} />;
}
