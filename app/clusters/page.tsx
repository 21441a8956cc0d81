import { ClustersView } from "@/components/clusters/clusters-view";

export default function ClustersPage() {
  return <ClustersView />;
}
