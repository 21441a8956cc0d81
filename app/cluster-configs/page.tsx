import { ConfigList } from "@/components/cluster-configs/config-list";

export default function ClusterConfigsPage() {
  return <ConfigList />;
}
