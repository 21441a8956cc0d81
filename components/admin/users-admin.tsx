"use client";
// Admins manage users: add one with a role and an initial password, change a
// role, disable or remove. The last admin cannot be demoted or removed.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, enc } from "@/components/api-client";
import { useCan } from "@/components/auth/use-me";
import { fmtTime } from "@/components/format";
import { Badge, Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import type { UserView } from "@/server/auth/auth-service";
import { ROLE_GRANTS, ROLES, type Role } from "@/server/auth/roles";

const usersKey = ["users"] as const;

export function UsersAdmin() {
  const can = useCan("admin");
  const qc = useQueryClient();
  const users = useQuery({ queryKey: usersKey, queryFn: ({ signal }) => api<UserView[]>("/api/users", { signal }), enabled: can.ok });
  const done = () => void qc.invalidateQueries({ queryKey: usersKey });
  const update = useMutation({ mutationFn: ({ name, patch }: { name: string; patch: Partial<UserView> }) => api(`/api/users/${enc(name)}`, { method: "PATCH", body: patch }), onSuccess: done });
  const remove = useMutation({ mutationFn: (name: string) => api(`/api/users/${enc(name)}`, { method: "DELETE" }), onSuccess: done });
  if (!can.ok) return <Empty title="Users are managed by admins">{can.why}</Empty>;
  const error = update.error ?? remove.error;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Users</h1>
        <ul className="mt-1 text-sm text-neutral-400">
          {ROLES.map((r) => (
            <li key={r}>
              <span className="text-neutral-200">{r}</span>: {ROLE_GRANTS[r]}
              {r !== "viewer" && ", and everything above"}
            </li>
          ))}
        </ul>
      </header>
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {users.isPending ? (
            <Loading />
          ) : users.isError ? (
            <ErrorState title="Could not load users" error={users.error} />
          ) : (
            <Card title={`Users (${users.data.length})`}>
              {error && <p className="mb-2 text-sm text-red-300" role="alert">{error.message}</p>}
              <table className="w-full text-sm" data-testid="users-table">
                <thead className="text-left text-xs uppercase text-neutral-500">
                  <tr><th className="py-1">User</th><th>Role</th><th>Created</th><th>State</th><th /></tr>
                </thead>
                <tbody>
                  {users.data.map((u) => (
                    <tr key={u.name} className="border-t border-neutral-800" data-testid={`user-row-${u.name}`}>
                      <td className="py-1.5">{u.name}</td>
                      <td>
                        <select className={`${inputClass} w-auto`} value={u.role} aria-label={`role of ${u.name}`}
                          onChange={(e) => update.mutate({ name: u.name, patch: { role: e.target.value as Role } })}>
                          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                        </select>
                      </td>
                      <td>{fmtTime(u.createdAt)}</td>
                      <td>{u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</td>
                      <td className="space-x-1 text-right">
                        <Button variant="ghost" onClick={() => update.mutate({ name: u.name, patch: { disabled: !u.disabled } })}>{u.disabled ? "Enable" : "Disable"}</Button>
                        <Button variant="ghost" onClick={() => confirm(`Remove ${u.name}? Their sessions end and their API tokens are revoked.`) && remove.mutate(u.name)}>Remove</Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
        </div>
        <AddUser onAdded={done} />
      </div>
    </div>
  );
}

function AddUser({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  const add = useMutation({
    mutationFn: () => api("/api/users", { body: { name, role, password } }),
    onSuccess: () => {
      setName("");
      setPassword("");
      onAdded();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Card title="Add a user">
      <form onSubmit={submit} className="space-y-3" aria-label="Add a user">
        <Field label="Name"><input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} data-testid="new-user-name" /></Field>
        <Field label="Role">
          <select className={inputClass} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-user-role">
            {ROLES.map((r) => <option key={r} value={r}>{r} — {ROLE_GRANTS[r]}</option>)}
          </select>
        </Field>
        <Field label="Initial password" hint="at least 12 characters; tell it to the user privately">
          <input type="password" autoComplete="new-password" className={inputClass} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="new-user-password" />
        </Field>
        <Button type="submit" variant="primary" disabled={!name || !password || add.isPending} data-testid="add-user">Add user</Button>
        {add.error && <p role="alert" className="text-sm text-red-300">{add.error.message}</p>}
      </form>
    </Card>
  );
}
