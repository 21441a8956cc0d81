import { TablesList } from "@/components/tables/tables-list";

export default function Home() {
  return <TablesList />;
}
