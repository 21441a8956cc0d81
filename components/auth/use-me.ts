"use client";
// Who is signed in and what their role allows. The UI disables what the role
// cannot do (with the reason on hover); the API refuses it with 403 anyway.
import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api-client";
import { roleAtLeast, type Role } from "@/server/auth/roles";

export interface Me {
  authEnabled: boolean;
  user: string | null;
  role: Role | null;
  via: "session" | "token" | "local" | null;
  grants: string[];
}

export const meKey = ["me"] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => api<Me>("/api/auth/me", { signal }), staleTime: 60_000 });
}

const WHAT: Record<Role, string> = {
  viewer: "read",
  author: "write UDFs and run previews",
  operator: "launch, cancel or resume backfills",
  admin: "manage clusters and users",
};

/** Whether the signed-in role includes `need`; `why` says what is missing. While loading, allowed (the API decides). */
export function useCan(need: Role): { ok: boolean; why: string | undefined } {
  const me = useMe().data;
  if (!me?.role) return { ok: true, why: undefined };
  const ok = roleAtLeast(me.role, need);
  return { ok, why: ok ? undefined : `your role (${me.role}) cannot ${WHAT[need]}: that needs the ${need} role` };
}
