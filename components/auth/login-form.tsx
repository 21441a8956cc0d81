"use client";
// Sign in with a user name and password; back to where the user was going.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/components/api-client";
import { Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { useMe } from "./use-me";

/** Only same-site paths: a login link must not send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function LoginForm() {
  const params = useSearchParams();
  const me = useMe();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => api<{ user: string; role: string }>("/api/auth/login", { body: { name, password } }),
    onSuccess: () => {
      qc.clear();
      // a full load: every page and query starts over as the new user
      window.location.assign(safeNext(params.get("next")));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  if (me.data && !me.data.authEnabled) {
    return (
      <Card title="Sign in">
        <p className="text-sm text-neutral-300">Authentication is off: this server listens on loopback only and everyone on this machine is the local admin.</p>
      </Card>
    );
  }
  return (
    <Card title="Sign in to Backfill Studio">
      <form onSubmit={submit} className="space-y-3" aria-label="Sign in">
        <Field label="User name">
          <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" autoFocus data-testid="login-name" />
        </Field>
        <Field label="Password">
          <input type="password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="login-password" />
        </Field>
        <Button type="submit" variant="primary" disabled={!name || !password || login.isPending} className="w-full justify-center" data-testid="login-submit">
          {login.isPending ? "Signing in…" : "Sign in"}
        </Button>
        {login.error && (
          <p role="alert" className="text-sm text-red-300" data-testid="login-error">
            {login.error.message}
          </p>
        )}
      </form>
    </Card>
  );
}
