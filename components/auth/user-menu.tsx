"use client";
// The header's right side: who is signed in, their role, links to their
// tokens and (admins) to users and the audit log, and sign out.
import Link from "next/link";
import { api } from "@/components/api-client";
import { useMe } from "./use-me";

export function UserMenu() {
  const me = useMe().data;
  if (!me) return null;
  if (!me.authEnabled) {
    return (
      <span className="ml-auto flex items-center gap-3 text-xs text-neutral-500" data-testid="user-menu">
        local admin (authentication off)
        <Link href="/admin/audit" className="text-neutral-400 hover:text-neutral-100">
          Audit log
        </Link>
      </span>
    );
  }
  if (!me.user) return null;
  const signOut = async () => {
    await api("/api/auth/logout", { method: "POST" }).catch(() => undefined);
    window.location.assign("/login");
  };
  return (
    <div className="ml-auto flex items-center gap-3 text-sm" data-testid="user-menu">
      {me.role === "admin" && (
        <>
          <Link href="/admin/users" className="text-neutral-400 hover:text-neutral-100">
            Users
          </Link>
          <Link href="/admin/audit" className="text-neutral-400 hover:text-neutral-100">
            Audit log
          </Link>
        </>
      )}
      <Link href="/account" className="text-neutral-300 hover:text-neutral-100" title="your API tokens">
        {me.user} <span className="rounded bg-neutral-800 px-1.5 py-0.5 text-xs text-neutral-400" data-testid="user-role">{me.role}</span>
      </Link>
      <button type="button" onClick={signOut} className="text-neutral-400 hover:text-neutral-100" data-testid="sign-out">
        Sign out
      </button>
    </div>
  );
}
