"use client";
// Try the design's shape for real on this machine: a Ray head plus one node per
// worker group with the group's labels and custom resources, registered as a
// Ray cluster the launcher can pick.
import { useCan } from "@/components/auth/use-me";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc } from "@/components/api-client";
import { formatBytes } from "@/server/kubernetes/quantity";
import { Badge, Button, Card } from "@/components/ui/primitives";
import { ErrorState } from "@/components/ui/states";
import { configKeys, type ConfigView, type ShapeView } from "./queries";

export function LocalShapePanel({ view }: { view: ConfigView }) {
  const qc = useQueryClient();
  const url = `/api/cluster-configs/${enc(view.name)}/local`;
  const shape = useQuery({
    queryKey: configKeys.shape(view.name),
    queryFn: async ({ signal }) => {
      const v = await api<ShapeView>(url, { signal });
      return v.state === "off" ? null : v;
    },
    refetchInterval: (q) => (q.state.data?.state === "starting" || q.state.data?.state === "stopping" ? 1000 : 10_000),
  });
  const done = () => void qc.invalidateQueries({ queryKey: configKeys.shape(view.name) });
  const canAdmin = useCan("admin");
  const start = useMutation({ mutationFn: () => api<ShapeView>(url, { body: { version: view.version } }), onSuccess: done });
  const stop = useMutation({ mutationFn: () => api(url, { method: "DELETE" }), onSuccess: done });
  const s = shape.data;
  return (
    <Card title="Try it on this machine" actions={s ? <Badge tone={s.state === "up" ? "green" : s.state === "failed" ? "red" : "amber"}>{s.state}</Badge> : null}>
      <p className="mb-3 text-xs text-neutral-500">
        Starts the shape as local Ray nodes: a head plus <strong>one node per worker group</strong> (not its replicas), with the group&apos;s Ray labels, custom
        resources and env, CPUs and memory capped to this machine, GPUs as logical resources (no GPU is attached). Registered as Ray cluster{" "}
        <code className="text-neutral-400">shape-{view.name}</code> for the launcher. Takes ~10–30 s per node.
      </p>
      {!s ? (
        <Button onClick={() => start.mutate()} disabled={start.isPending || !canAdmin.ok} title={canAdmin.why} data-testid="shape-start">
          {start.isPending ? "Starting…" : `Start v${view.version} locally`}
        </Button>
      ) : (
        <div className="space-y-2 text-xs">
          <ul className="space-y-1">
            {s.nodes.map((n) => (
              <li key={n.group} className="flex flex-wrap items-center gap-2">
                <Badge tone={n.up ? "green" : "neutral"}>{n.up ? "up" : "…"}</Badge>
                <span className="font-mono text-neutral-200">{n.group}</span>
                <span className="text-neutral-400">
                  {n.cpus} CPU · {formatBytes(n.memory)} · {n.gpus} GPU
                  {Object.keys(n.resources).length > 0 && ` · ${Object.entries(n.resources).map(([k, v]) => `${k}=${v}`).join(", ")}`}
                </span>
                {n.notes.map((x) => (
                  <span key={x} className="text-amber-300/80">{x}</span>
                ))}
              </li>
            ))}
          </ul>
          <ul className="list-disc pl-4 text-neutral-500">
            {s.notes.map((n) => <li key={n}>{n}</li>)}
          </ul>
          {s.error && <ErrorState title="The shape did not start" error={s.error} />}
          {s.state === "up" && <p className="text-emerald-300">Ray cluster <span className="font-mono">{s.cluster}</span> is registered: launch a backfill on it.</p>}
          {s.state === "failed" ? (
            <Button className="px-2 py-1 text-xs" onClick={() => start.mutate()} disabled={start.isPending}>
              Start again
            </Button>
          ) : (
            <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => stop.mutate()} disabled={stop.isPending || s.state === "stopping"}>
              {stop.isPending ? "Stopping…" : "Stop"}
            </Button>
          )}
        </div>
      )}
      {start.isError && <ErrorState title="Could not start" error={start.error} />}
      {stop.isError && <ErrorState title="Could not stop" error={stop.error} />}
    </Card>
  );
}
