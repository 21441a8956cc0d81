import { Suspense } from "react";
import { LoginForm } from "@/components/auth/login-form";
import { Loading } from "@/components/ui/states";

export default function LoginPage() {
  return (
    <div className="mx-auto max-w-sm pt-10">
      <Suspense fallback={<Loading />}>
        <LoginForm />
      </Suspense>
    </div>
  );
}
