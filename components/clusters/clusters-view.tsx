"use client";
// The clusters page: registered Ray clusters with live health, one-click
// "Local Ray", and a form to register a cluster by its dashboard address.
import { useCan } from "@/components/auth/use-me";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { enc } from "@/components/api-client";
import { Badge, Button, Card, Field, inputClass } from "@/components/ui/primitives";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { useClusters, useRegisterCluster, type ClusterView } from "./cluster-queries";
import { healthSummary, resourceLabels } from "./cluster-health";

export function ClustersView() {
  const clusters = useClusters();
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Clusters</h1>
        <p className="text-sm text-neutral-400">
          Ray clusters that backfills can run on. Choose one as the runner when launching a backfill; health is refreshed every few seconds.
        </p>
      </header>
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {clusters.isPending ? (
            <Loading label="Loading clusters…" />
          ) : clusters.isError ? (
            <ErrorState title="Could not load the clusters" error={clusters.error} />
          ) : clusters.data.length === 0 ? (
            <Empty title="No cluster registered yet">Start Local Ray to try the Ray runner on this machine, or register a cluster by its dashboard address.</Empty>
          ) : (
            <ClustersTable clusters={clusters.data} />
          )}
        </div>
        <div className="space-y-4">
          <LocalRayCard existing={clusters.data?.find((c) => c.kind === "local-ray")} />
          <RegisterForm />
        </div>
      </div>
    </div>
  );
}

function StatusBadge({ c }: { c: ClusterView }) {
  return c.status === "up" ? <Badge tone="green">up</Badge> : <Badge tone="red" title={c.error}>down</Badge>;
}

function ClustersTable({ clusters }: { clusters: ClusterView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-neutral-800">
      <table className="w-full text-sm" data-testid="clusters-table">
        <thead className="bg-neutral-900 text-left text-xs uppercase text-neutral-500">
          <tr>
            <th className="px-3 py-2">Cluster</th>
            <th className="px-3 py-2">Status</th>
            <th className="px-3 py-2">Ray</th>
            <th className="px-3 py-2">Nodes</th>
            <th className="px-3 py-2">Resources (alive nodes)</th>
            <th className="px-3 py-2">Running</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((c) => {
            const h = healthSummary(c);
            return (
              <tr key={c.name} className="border-t border-neutral-800 align-top" data-testid={`cluster-row-${c.name}`}>
                <td className="px-3 py-2">
                  <Link href={`/clusters/${enc(c.name)}`} className="font-medium text-sky-400 hover:underline">
                    {c.name}
                  </Link>
                  <div className="text-xs text-neutral-500">
                    {c.kind === "local-ray" ? "local Ray · " : ""}
                    {c.address}
                    {c.hasToken && " · token set"}
                  </div>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge c={c} />
                  {c.status === "down" && <div className="mt-1 max-w-xs text-xs text-red-300/80">{c.error}</div>}
                </td>
                <td className="px-3 py-2 tabular-nums">{c.rayVersion ?? "—"}</td>
                <td className="px-3 py-2 tabular-nums">
                  {c.status === "up" ? (
                    <>
                      {h.alive} alive{h.dead ? <span className="text-red-300"> · {h.dead} dead</span> : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-3 py-2 text-xs text-neutral-300">{c.status === "up" ? resourceLabels(h.total).join(" · ") : "—"}</td>
                <td className="px-3 py-2 tabular-nums">{c.status === "up" ? h.running : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function LocalRayCard({ existing }: { existing?: ClusterView }) {
  const start = useRegisterCluster();
  const can = useCan("admin");
  return (
    <Card title="Local Ray">
      <p className="mb-3 text-sm text-neutral-400">
        A Ray head on this machine, started by the dashboard from its own Python environment, so you can try the Ray runner without a cluster.
      </p>
      {existing && existing.status === "up" ? (
        <p className="text-sm">
          Running as{" "}
          <Link href={`/clusters/${enc(existing.name)}`} className="text-sky-400 hover:underline">
            {existing.name}
          </Link>{" "}
          at <span className="font-mono text-xs">{existing.address}</span>.
        </p>
      ) : (
        <Button variant="primary" onClick={() => start.mutate({ kind: "local-ray" })} disabled={start.isPending || !can.ok} title={can.why} data-testid="start-local-ray">
          {start.isPending ? "Starting a Ray head… (10–60 s)" : existing ? "Restart local Ray" : "Start local Ray"}
        </Button>
      )}
      {start.error && <p className="mt-2 text-sm text-red-300">{start.error.message}</p>}
    </Card>
  );
}

function RegisterForm() {
  const register = useRegisterCluster();
  const can = useCan("admin");
  const [name, setName] = useState("");
  const [address, setAddress] = useState("");
  const [token, setToken] = useState("");
  const [installDeps, setInstallDeps] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate(
      { kind: "ray", name: name.trim(), address: address.trim(), ...(token ? { token } : {}), installDeps },
      {
        onSuccess: () => {
          setName("");
          setAddress("");
          setToken("");
        },
      },
    );
  };
  return (
    <Card title="Register a Ray cluster">
      <form onSubmit={submit} className="space-y-3" aria-label="Register a Ray cluster">
        <Field label="Name" hint="letters, digits, '.', '_' or '-'">
          <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="gpu-lab" data-testid="cluster-name" />
        </Field>
        <Field label="Dashboard address" hint="the Ray dashboard URL (port 8265 by default)">
          <input className={`${inputClass} font-mono`} value={address} onChange={(e) => setAddress(e.target.value)} placeholder="http://10.0.0.5:8265" data-testid="cluster-address" />
        </Field>
        <Field label="Token (optional)" hint="for Ray token auth; stored as a secret, never shown again">
          <input type="password" autoComplete="off" className={inputClass} value={token} onChange={(e) => setToken(e.target.value)} data-testid="cluster-token" />
        </Field>
        <label className="flex items-start gap-2 text-sm text-neutral-300">
          <input type="checkbox" checked={installDeps} onChange={(e) => setInstallDeps(e.target.checked)} className="mt-1 accent-sky-500" />
          <span>
            Install the data plane&apos;s Python dependencies on the cluster
            <span className="block text-xs text-neutral-500">declares pylance, pyarrow and numpy in the job&apos;s runtime env (for clusters whose image lacks them)</span>
          </span>
        </label>
        <Button type="submit" variant="primary" disabled={register.isPending || !name.trim() || !address.trim() || !can.ok} title={can.why} data-testid="register-cluster">
          {register.isPending ? "Checking the cluster…" : "Register"}
        </Button>
        {register.error && (
          <p role="alert" className="text-sm text-red-300" data-testid="register-error">
            {register.error.message}
          </p>
        )}
      </form>
    </Card>
  );
}
