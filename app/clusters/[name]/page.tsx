import { ClusterDetail } from "@/components/clusters/cluster-detail";
import { decodeParam } from "@/components/udfs/route-params";

export default async function ClusterPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ClusterDetail name={decodeParam(name)} />;
}
