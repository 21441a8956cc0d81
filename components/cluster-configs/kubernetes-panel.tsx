"use client";
// Create the design's RayCluster on Kubernetes, watch it (state, ready workers
// per group, head pod), connect the Ray runner to it, delete it. Errors from the
// API server arrive as messages that say what to do.
import { useCan } from "@/components/auth/use-me";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, enc } from "@/components/api-client";
import { Badge, Button, Card, inputClass } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { kubeKeys, type ConfigView, type KubeClusterRecord, type KubeOverview, type RayClusterStatusView } from "./queries";

const rcPath = (ns: string, name: string) => `/api/kubernetes/namespaces/${enc(ns)}/rayclusters/${enc(name)}`;

export function KubernetesPanel({ view, canCreate }: { view: ConfigView; canCreate: boolean }) {
  const qc = useQueryClient();
  const info = useQuery({ queryKey: kubeKeys.all, queryFn: ({ signal }) => api<KubeOverview>("/api/kubernetes", { signal }), refetchInterval: 10_000 });
  const [namespace, setNamespace] = useState("");
  const [name, setName] = useState("");
  const canAdmin = useCan("admin");
  const create = useMutation({
    mutationFn: () => {
      const ns = namespace.trim() || view.config.namespace || info.data?.namespace || "default";
      return api<KubeClusterRecord>(`/api/kubernetes/namespaces/${enc(ns)}/rayclusters`, { body: { config: view.name, version: view.version, ...(name.trim() ? { name: name.trim() } : {}) } });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: kubeKeys.all }),
  });
  if (info.isPending) return <Card title="Kubernetes"><Loading label="Reading the kubeconfig…" /></Card>;
  if (info.isError) return <Card title="Kubernetes"><ErrorState title="Could not read the Kubernetes settings" error={info.error} /></Card>;
  const k = info.data;
  const mine = k.rayclusters.filter((r) => r.config === view.name);
  return (
    <Card title="Kubernetes (KubeRay)" actions={k.configured ? <Badge tone="blue">{k.context ?? k.source}</Badge> : <Badge>not configured</Badge>}>
      {!k.configured ? (
        <div className="space-y-2 text-sm" data-testid="kube-not-configured">
          <p className="text-neutral-300">{k.error}</p>
          <p className="text-xs text-neutral-500">
            The dashboard uses the same configuration as kubectl. Copy the YAML above and <code>kubectl apply -f</code> it yourself, or try the shape on this machine below.
          </p>
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-xs text-neutral-500">
            {k.server} · {k.source}
          </p>
          <div className="flex flex-wrap items-end gap-2">
            <label className="space-y-1 text-xs text-neutral-400">
              Namespace
              <input className={`${inputClass} w-36`} value={namespace} placeholder={view.config.namespace || k.namespace || "default"} onChange={(e) => setNamespace(e.target.value)} data-testid="kube-namespace" />
            </label>
            <label className="space-y-1 text-xs text-neutral-400">
              Name
              <input className={`${inputClass} w-44`} value={name} placeholder={view.name} onChange={(e) => setName(e.target.value)} />
            </label>
            <Button variant="primary" disabled={!canCreate || create.isPending || !canAdmin.ok} onClick={() => create.mutate()} data-testid="kube-create" title={canAdmin.why ?? (canCreate ? undefined : "save the design first")}>
              {create.isPending ? "Creating…" : `Create RayCluster (v${view.version})`}
            </Button>
          </div>
          {create.isError && <ErrorState title="Kubernetes did not create it" error={create.error} />}
          {mine.map((r) => (
            <RayClusterRow key={`${r.namespace}/${r.name}`} record={r} plans={k.exitPlans.filter((p) => p.namespace === r.namespace && p.name === r.name)} />
          ))}
        </div>
      )}
    </Card>
  );
}

function RayClusterRow({ record, plans }: { record: KubeClusterRecord; plans: KubeOverview["exitPlans"] }) {
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: kubeKeys.status(record.namespace, record.name),
    queryFn: ({ signal }) => api<RayClusterStatusView>(rcPath(record.namespace, record.name), { signal }),
    refetchInterval: (q) => (q.state.data?.state === "ready" ? 10_000 : 2_000),
    retry: false,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: kubeKeys.all });
  };
  const connect = useMutation({ mutationFn: (access: string) => api(`${rcPath(record.namespace, record.name)}/connect`, { body: { access } }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => api(rcPath(record.namespace, record.name), { method: "DELETE" }), onSuccess: refresh });
  const st = status.data;
  return (
    <div className="space-y-2 rounded-md border border-neutral-800 p-3 text-sm" data-testid={`raycluster-${record.namespace}-${record.name}`}>
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono text-neutral-200">
          {record.namespace}/{record.name} <span className="text-xs text-neutral-500">v{record.configVersion}</span>
        </span>
        {st && <Badge tone={st.state === "ready" ? "green" : "amber"}>{st.state}</Badge>}
      </div>
      {status.isError && <ErrorState title="Status unavailable" error={status.error} />}
      {st && (
        <>
          <p className="text-xs text-neutral-400">{st.summary}</p>
          <table className="w-full text-xs">
            <tbody>
              <tr className="text-neutral-500">
                <td>head</td>
                <td className="font-mono">{st.head.pod ?? "—"}</td>
                <td>{st.head.ready ? "ready" : (st.head.phase ?? "pending")}</td>
              </tr>
              {st.groups.map((g) => (
                <tr key={g.name}>
                  <td className="text-neutral-300">{g.name}</td>
                  <td className="text-neutral-400">
                    {g.ready}/{g.desired} ready
                  </td>
                  <td className="text-neutral-500">
                    min {g.min ?? "?"} · max {g.max ?? "?"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {st.connection ? (
            <p className="text-xs text-emerald-300">
              Ray runner: cluster <span className="font-mono">{st.connection.cluster}</span> via {st.connection.access}
              {st.connection.address && ` (${st.connection.address})`}
              {st.connection.lastError && <span className="block text-amber-300">last tunnel error: {st.connection.lastError}</span>}
            </p>
          ) : null}
        </>
      )}
      {plans.map((p) => (
        <p key={p.jobId} className="text-xs text-neutral-400">
          job {p.jobId}: exit mode {p.mode} — {p.outcome ?? "waiting for the job to end"}
        </p>
      ))}
      <div className="flex flex-wrap gap-2">
        <Button className="px-2 py-1 text-xs" disabled={!st?.head.ready || connect.isPending} onClick={() => connect.mutate("port-forward")} title="port-forward to the head pod's dashboard (8265) and register it for the Ray runner">
          {st?.connection ? "Reconnect" : "Connect (port-forward)"}
        </Button>
        <Button className="px-2 py-1 text-xs" disabled={!st?.head.ready || connect.isPending} onClick={() => connect.mutate("in-cluster")} title="when this dashboard runs inside the cluster: use the head service's address">
          Connect (in-cluster)
        </Button>
        <Button variant="danger" className="px-2 py-1 text-xs" disabled={remove.isPending} onClick={() => window.confirm(`Delete RayCluster ${record.namespace}/${record.name}? Its pods go with it.`) && remove.mutate()}>
          {remove.isPending ? "Deleting…" : "Delete"}
        </Button>
      </div>
      {connect.isError && <ErrorState title="Could not connect" error={connect.error} />}
      {remove.isError && <ErrorState title="Could not delete" error={remove.error} />}
    </div>
  );
}
