import { UsersAdmin } from "@/components/admin/users-admin";

export default function UsersPage() {
  return <UsersAdmin />;
}
