import type { Metadata } from "next";
import { decodeParam } from "@/components/udfs/route-params";
import { UdfColumnView } from "@/components/udfs/udf-column-view";

type Props = { params: Promise<{ table: string; column: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { table, column } = await params;
  return { title: `${decodeParam(column)} · ${decodeParam(table)} · Backfill Studio` };
}

export default async function UdfColumnPage({ params }: Props) {
  const { table, column } = await params;
  return <UdfColumnView table={decodeParam(table)} column={decodeParam(column)} />;
}
