import type { Metadata } from "next";
import { decodeParam } from "@/components/udfs/route-params";
import { NewUdfColumnView } from "@/components/udfs/new-udf-column-view";

type Props = { params: Promise<{ table: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { table } = await params;
  return { title: `New UDF column · ${decodeParam(table)} · Backfill Studio` };
}

export default async function NewUdfColumnPage({ params }: Props) {
  const { table } = await params;
  return <NewUdfColumnView table={decodeParam(table)} />;
}
