import { ConfigDesigner } from "@/components/cluster-configs/config-designer";

export default function NewClusterConfigPage() {
  return <ConfigDesigner />;
}
