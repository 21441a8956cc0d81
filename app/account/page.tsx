import { TokensView } from "@/components/auth/tokens-view";

export default function AccountPage() {
  return <TokensView />;
}
