import type { Metadata } from "next";
import { TableView } from "@/components/tables/table-view";

type Props = { params: Promise<{ table: string }> };

/** Route params can arrive still percent-encoded; a stray "%" must not throw. */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decode((await params).table)} · Backfill Studio` };
}

export default async function TablePage({ params }: Props) {
  const { table } = await params;
  return <TableView table={decode(table)} />;
}
