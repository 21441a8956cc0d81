import { ConfigDesigner } from "@/components/cluster-configs/config-designer";

export default async function ClusterConfigPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ version?: string }> }) {
  const { name } = await params;
  const { version } = await searchParams;
  const v = version && /^\d+$/.test(version) ? Number(version) : undefined;
  return <ConfigDesigner name={decodeURIComponent(name)} version={v} />;
}
