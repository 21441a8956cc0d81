"use client";
// The audit log: every state-changing request (who, what, when, parameters
// with secrets redacted, outcome), newest first, filtered through the URL.
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { api } from "@/components/api-client";
import { useCan } from "@/components/auth/use-me";
import { fmtTime } from "@/components/format";
import { Badge, inputClass } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import type { AuditEntry } from "@/server/audit/audit-log";

const FILTERS = ["user", "action", "outcome", "since"] as const;

export function AuditLogView() {
  const can = useCan("admin");
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const qs = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) qs.set(k, params.get(k)!);
  qs.set("limit", "500");
  const entries = useQuery({
    queryKey: ["audit", qs.toString()],
    queryFn: ({ signal }) => api<AuditEntry[]>(`/api/audit?${qs}`, { signal }),
    enabled: can.ok,
    refetchInterval: 10_000,
  });
  const set = (k: string, v: string) => {
    const q = new URLSearchParams(params.toString());
    if (v) q.set(k, v);
    else q.delete(k);
    router.replace(`${pathname}${q.size ? `?${q}` : ""}`);
  };
  if (!can.ok) return <Empty title="The audit log is for admins">{can.why}</Empty>;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-neutral-400">Every state-changing request, including refused ones. Secrets in parameters are redacted.</p>
      </header>
      <div className="flex flex-wrap gap-2" aria-label="filters">
        <input className={inputClass} style={{ width: "10rem" }} placeholder="user" defaultValue={params.get("user") ?? ""} onKeyDown={(e) => e.key === "Enter" && set("user", e.currentTarget.value.trim())} aria-label="user" data-testid="audit-user" />
        <input className={inputClass} style={{ width: "18rem" }} placeholder="action, e.g. backfills or DELETE" defaultValue={params.get("action") ?? ""} onKeyDown={(e) => e.key === "Enter" && set("action", e.currentTarget.value.trim())} aria-label="action" data-testid="audit-action" />
        <select className={inputClass} style={{ width: "10rem" }} value={params.get("outcome") ?? ""} onChange={(e) => set("outcome", e.target.value)} aria-label="outcome" data-testid="audit-outcome">
          <option value="">any outcome</option>
          <option value="ok">ok</option>
          <option value="denied">denied</option>
          <option value="error">error</option>
        </select>
      </div>
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <ErrorState title="Could not load the audit log" error={entries.error} />
      ) : entries.data.length === 0 ? (
        <Empty title="No matching entries" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-neutral-800">
          <table className="w-full text-sm" data-testid="audit-table">
            <thead className="bg-neutral-900 text-left text-xs uppercase text-neutral-500">
              <tr><th className="px-3 py-2">When</th><th className="px-3 py-2">Who</th><th className="px-3 py-2">Action</th><th className="px-3 py-2">Parameters</th><th className="px-3 py-2">Outcome</th></tr>
            </thead>
            <tbody>
              {entries.data.map((e) => (
                <tr key={e.id} className="border-t border-neutral-800 align-top" data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2 text-neutral-400">{fmtTime(e.ts)}</td>
                  <td className="px-3 py-2">{e.user ?? <span className="text-neutral-500">anonymous</span>}{e.role && <span className="ml-1 text-xs text-neutral-500">{e.role}</span>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.method} {e.path}</td>
                  <td className="max-w-md px-3 py-2">
                    {e.params && Object.keys(e.params).length > 0 ? (
                      <details>
                        <summary className="cursor-pointer truncate font-mono text-xs text-neutral-400">{JSON.stringify(e.params).slice(0, 80)}</summary>
                        <pre className="mt-1 whitespace-pre-wrap break-all text-xs text-neutral-300">{JSON.stringify(e.params, null, 2)}</pre>
                      </details>
                    ) : (
                      <span className="text-neutral-600">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={e.outcome === "ok" ? "green" : e.outcome === "denied" ? "amber" : "red"}>{e.outcome} {e.status}</Badge>
                    {e.error && <div className="mt-1 max-w-xs text-xs text-red-300/80">{e.error}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
