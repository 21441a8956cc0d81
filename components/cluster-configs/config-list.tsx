"use client";
// Saved cluster designs, newest version of each.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { api, enc } from "@/components/api-client";
import { Badge } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { configKeys, type ConfigSummary } from "./queries";

export function ConfigList() {
  const list = useQuery({ queryKey: configKeys.all, queryFn: ({ signal }) => api<ConfigSummary[]>("/api/cluster-configs", { signal }) });
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-xl font-semibold">Cluster designs</h1>
          <p className="text-sm text-neutral-400">Ray clusters for backfills: a head and worker groups sized per UDF, as KubeRay RayClusters.</p>
        </div>
        <Link href="/cluster-configs/new" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-500" data-testid="new-config">
          New design
        </Link>
      </div>
      {list.isPending ? (
        <Loading label="Loading designs…" />
      ) : list.isError ? (
        <ErrorState title="Could not load the designs" error={list.error} />
      ) : list.data.length === 0 ? (
        <Empty title="No cluster designs yet">
          Design CPU groups for parsing and GPU groups for embeddings, see the exact KubeRay manifest, then create it on Kubernetes or try it on this machine.{" "}
          <Link href="/cluster-configs/new" className="text-sky-400 hover:underline">Design one</Link>
        </Empty>
      ) : (
        <table className="w-full text-sm" data-testid="config-list">
          <thead className="text-left text-xs text-neutral-500">
            <tr>
              <th className="py-2 font-medium">Name</th>
              <th className="py-2 font-medium">Groups</th>
              <th className="py-2 font-medium">Version</th>
              <th className="py-2 font-medium">Saved</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => (
              <tr key={c.name} className="border-t border-neutral-800 align-top">
                <td className="py-2 pr-4">
                  <Link href={`/cluster-configs/${enc(c.name)}`} className="font-mono text-sky-400 hover:underline">
                    {c.name}
                  </Link>
                </td>
                <td className="py-2 pr-4 text-neutral-300">
                  {c.summary} {c.gpuGroups.length > 0 && <Badge tone="violet">GPU: {c.gpuGroups.join(", ")}</Badge>}
                </td>
                <td className="py-2 pr-4 font-mono text-neutral-400">v{c.latest}</td>
                <td className="py-2 text-neutral-500">{new Date(c.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
