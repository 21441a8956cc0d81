"use client";
// Your API tokens, for scripts: create one (its secret is shown once), see
// when each was last used, revoke it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, enc } from "@/components/api-client";
import { fmtTime } from "@/components/format";
import { Badge, Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import type { TokenView } from "@/server/auth/auth-service";
import { useMe } from "./use-me";

const tokensKey = ["auth", "tokens"] as const;

export function TokensView() {
  const me = useMe();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => api<TokenView[]>("/api/auth/tokens", { signal }) });
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<TokenView & { token: string }>("/api/auth/tokens", { body: { name } }),
    onSuccess: (t) => {
      setSecret(t.token);
      setName("");
      void qc.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/auth/tokens/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: tokensKey }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  if (me.data && !me.data.authEnabled) {
    return <Card title="API tokens"><p className="text-sm text-neutral-400">Authentication is off, so scripts need no token.</p></Card>;
  }
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Your account</h1>
        <p className="text-sm text-neutral-400">
          Signed in as <span className="text-neutral-200">{me.data?.user}</span> ({me.data?.role}): {me.data?.grants.join("; ")}.
        </p>
      </header>
      <Card title="API tokens">
        <p className="mb-3 text-sm text-neutral-400">
          For scripts: send <code className="text-neutral-200">Authorization: Bearer &lt;token&gt;</code>. A token acts with your role; only its hash is stored.
        </p>
        <form onSubmit={submit} className="mb-4 flex items-end gap-2" aria-label="New API token">
          <div className="flex-1">
            <Field label="New token for">
              <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="nightly backfill script" data-testid="token-name" />
            </Field>
          </div>
          <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending} data-testid="create-token">
            Create token
          </Button>
        </form>
        {create.error && <p className="mb-3 text-sm text-red-300">{create.error.message}</p>}
        {secret && (
          <div role="status" className="mb-4 rounded-md border border-amber-800 bg-amber-950/40 p-3 text-sm">
            <div className="font-medium text-amber-200">Copy it now: this is the only time the token is shown.</div>
            <code className="mt-1 block break-all text-amber-100" data-testid="new-token">{secret}</code>
          </div>
        )}
        {tokens.isPending ? (
          <Loading />
        ) : tokens.isError ? (
          <ErrorState title="Could not load your tokens" error={tokens.error} />
        ) : tokens.data.length === 0 ? (
          <p className="text-sm text-neutral-500">No tokens yet.</p>
        ) : (
          <table className="w-full text-sm" data-testid="tokens-table">
            <thead className="text-left text-xs uppercase text-neutral-500">
              <tr><th className="py-1">Name</th><th>Created</th><th>Last used</th><th>State</th><th /></tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id} className="border-t border-neutral-800">
                  <td className="py-1.5">{t.name} <span className="font-mono text-xs text-neutral-500">bfs_{t.id}_…</span></td>
                  <td>{fmtTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? fmtTime(t.lastUsedAt) : "never"}</td>
                  <td>{t.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</td>
                  <td className="text-right">
                    {!t.revokedAt && (
                      <Button variant="ghost" onClick={() => revoke.mutate(t.id)} disabled={revoke.isPending}>
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
