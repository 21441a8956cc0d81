"use client";
// One cluster: status, Ray version, every node (alive or dead) with its
// resources and labels, and the Ray jobs running on it (ours link to the job).
import { useCan } from "@/components/auth/use-me";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, enc } from "@/components/api-client";
import { Badge, Button, Card } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useCluster, useDeleteCluster, type ClusterView } from "./cluster-queries";
import { healthSummary, resourceLabels, sortedLabels } from "./cluster-health";

export function ClusterDetail({ name }: { name: string }) {
  const cluster = useCluster(name);
  if (cluster.isPending) return <Loading label={`Loading cluster ${name}…`} />;
  if (cluster.isError) {
    const missing = cluster.error instanceof ApiError && cluster.error.status === 404;
    return missing ? (
      <Empty title={`No cluster named ${name}`}>
        <Link href="/clusters" className="text-sky-400 hover:underline">
          All clusters
        </Link>
      </Empty>
    ) : (
      <ErrorState title={`Could not load cluster ${name}`} error={cluster.error} />
    );
  }
  return <ClusterPage c={cluster.data} />;
}

function ClusterPage({ c }: { c: ClusterView }) {
  const h = healthSummary(c);
  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <nav className="text-sm text-neutral-500">
          <Link href="/clusters" className="hover:text-neutral-200">
            Clusters
          </Link>{" "}
          / <span className="text-neutral-300">{c.name}</span>
        </nav>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="flex items-center gap-2 text-xl font-semibold">
            {c.name}
            {c.status === "up" ? <Badge tone="green">up</Badge> : <Badge tone="red">down</Badge>}
            {c.kind === "local-ray" && <Badge tone="violet">local Ray</Badge>}
          </h1>
          <DeleteButton name={c.name} />
        </div>
        <p className="text-sm text-neutral-400" data-testid="cluster-summary">
          <span className="font-mono">{c.address}</span>
          {c.rayVersion && <> · Ray {c.rayVersion}</>}
          {c.status === "up" && (
            <>
              {" "}
              · {h.alive} node{h.alive === 1 ? "" : "s"} alive{h.dead ? `, ${h.dead} dead` : ""}
            </>
          )}
          {c.hasToken && " · token auth (token stored, never shown)"}
        </p>
        {c.status === "down" && <ErrorState title="The cluster does not answer" error={c.error ?? "down"} />}
      </header>

      {c.status === "up" && (
        <>
          <Card title={`Nodes (${c.nodes?.length ?? 0})`}>
            <NodesTable c={c} />
          </Card>
          <Card title={`Running on the cluster (${h.running})`}>
            {c.running && c.running.length > 0 ? (
              <ul className="space-y-1 text-sm" data-testid="cluster-running">
                {c.running.map((j) => (
                  <li key={j.submissionId ?? j.entrypoint} className="flex flex-wrap items-center gap-2">
                    <Badge tone={j.status === "RUNNING" ? "blue" : "neutral"}>{j.status.toLowerCase()}</Badge>
                    {j.backfillJobId ? (
                      <Link href={`/jobs/${enc(j.backfillJobId)}`} className="text-sky-400 hover:underline">
                        backfill {j.backfillJobId}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs text-neutral-400">{j.entrypoint}</span>
                    )}
                    <span className="font-mono text-xs text-neutral-500">{j.submissionId}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-neutral-500">No Ray job is pending or running.</p>
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function NodesTable({ c }: { c: ClusterView }) {
  const nodes = [...(c.nodes ?? [])].sort((a, b) => Number(b.head) - Number(a.head) || Number(b.alive) - Number(a.alive) || a.id.localeCompare(b.id));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="nodes-table">
        <thead className="text-left text-xs uppercase text-neutral-500">
          <tr>
            <th className="py-1 pr-3">Node</th>
            <th className="py-1 pr-3">State</th>
            <th className="py-1 pr-3">Resources</th>
            <th className="py-1">Labels</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id} className="border-t border-neutral-800 align-top" data-testid="node-row" data-alive={n.alive}>
              <td className="py-2 pr-3">
                <span className="font-mono text-xs" title={n.id}>
                  {n.id.slice(0, 12)}
                </span>
                {n.head && (
                  <span className="ml-1.5">
                    <Badge>head</Badge>
                  </span>
                )}
                <div className="text-xs text-neutral-500">{n.ip}</div>
              </td>
              <td className="py-2 pr-3">
                {n.alive ? <Badge tone="green">alive</Badge> : <Badge tone="red">dead</Badge>}
                {!n.alive && n.stateMessage && <div className="mt-1 max-w-xs text-xs text-red-300/80">{n.stateMessage}</div>}
              </td>
              <td className="py-2 pr-3 text-xs text-neutral-300">{resourceLabels(n.resources).join(" · ") || "—"}</td>
              <td className="py-2">
                <div className="flex flex-wrap gap-1">
                  {sortedLabels(n.labels).map(([k, v]) => (
                    <span key={k} className={`rounded px-1.5 py-0.5 font-mono text-[11px] ${k.startsWith("ray.io/") ? "bg-neutral-900 text-neutral-500" : "bg-sky-950 text-sky-300"}`}>
                      {k}={v}
                    </span>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteButton({ name }: { name: string }) {
  const del = useDeleteCluster();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const can = useCan("admin");
  if (!confirming) {
    return (
      <Button variant="ghost" onClick={() => setConfirming(true)} disabled={!can.ok} title={can.why} data-testid="delete-cluster">
        Remove…
      </Button>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1 text-sm">
      <div className="flex items-center gap-2">
        <span className="text-neutral-300">Remove {name} from the dashboard?</span>
        <Button variant="danger" disabled={del.isPending} onClick={() => del.mutate(name, { onSuccess: () => router.push("/clusters") })} data-testid="confirm-delete-cluster">
          Remove
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Keep
        </Button>
      </div>
      <span className="text-xs text-neutral-500">The Ray cluster keeps running (local Ray is stopped); jobs already finished keep their results.</span>
      {del.error && <span className="text-xs text-red-300">{del.error.message}</span>}
    </div>
  );
}
