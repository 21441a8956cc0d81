"use client";
// The cluster designer: head + worker groups on the left, validated as one
// types (the shared rules at once, the CRD schema on the server a moment
// later), the live RayCluster YAML on the right; save versions, compare them,
// create the cluster on Kubernetes or try its shape on this machine.
import { useCan } from "@/components/auth/use-me";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { api, ApiError, enc } from "@/components/api-client";
import { Badge, Button, Card, inputClass } from "@/components/ui/primitives";
import { ErrorState, Loading } from "@/components/ui/states";
import { defaultConfig, type ClusterConfig } from "@/server/kubernetes/cluster-config";
import { checkClusterConfig, type FieldIssue } from "@/server/kubernetes/config-rules";
import { buildRayCluster } from "@/server/kubernetes/manifest";
import { toYaml } from "@/server/kubernetes/yaml";
import { issuesByPath, newWorkerGroup, rowIssues, toBody, toForm, type ConfigForm } from "./config-form";
import { FieldMessages, TextField, type Issues } from "./fields";
import { GroupEditor } from "./group-editor";
import { KubernetesPanel } from "./kubernetes-panel";
import { LocalShapePanel } from "./local-shape-panel";
import { configKeys, type ConfigView, type DesignCheck } from "./queries";
import { VersionsPanel } from "./versions-panel";
import { YamlView } from "./yaml-view";

/** The server's CRD check follows the form this long after the last keystroke. */
const SERVER_CHECK_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** /cluster-configs/new (no name) or /cluster-configs/<name> (?version=N to open an older one). */
export function ConfigDesigner({ name, version }: { name?: string; version?: number }) {
  const saved = useQuery({
    queryKey: configKeys.detail(name ?? "", version),
    queryFn: ({ signal }) => api<ConfigView>(`/api/cluster-configs/${enc(name!)}${version ? `?version=${version}` : ""}`, { signal }),
    enabled: !!name,
    retry: false,
  });
  if (!name) return <Designer key="new" initial={defaultConfig("")} view={null} />;
  if (saved.isPending) return <Loading label={`Loading ${name}…`} />;
  if (saved.isError) {
    return (
      <ErrorState title={`Could not load configuration ${name}`} error={saved.error}
        action={<Link href="/cluster-configs" className="text-sky-400 hover:underline">All configurations</Link>} />
    );
  }
  // keyed by what the URL asks for: saving a new version keeps the form (and its "Saved" note)
  return <Designer key={`${name}@${version ?? "latest"}`} initial={saved.data.config} view={saved.data} />;
}

function Designer({ initial, view }: { initial: ClusterConfig; view: ConfigView | null }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [form, setForm] = useState<ConfigForm>(() => toForm(initial));
  const [note, setNote] = useState("");
  const [savedMsg, setSavedMsg] = useState<string | null>(null);
  const body = useMemo(() => toBody(form), [form]);
  const local = useMemo(() => checkClusterConfig(body), [body]);
  const yaml = useMemo(() => toYaml(buildRayCluster(local.config, view ? { version: view.version } : {})), [local.config, view]);

  // The CRD schema and KubeRay's rules run on the server (Ajv + the 150 KB schema stay off the page).
  const bodyKey = JSON.stringify(body);
  const debouncedKey = useDebounced(bodyKey, SERVER_CHECK_MS);
  const server = useQuery({
    queryKey: configKeys.check(debouncedKey),
    queryFn: ({ signal }) => api<DesignCheck>("/api/cluster-configs?dryRun=true", { body: JSON.parse(debouncedKey), signal }),
    enabled: local.errors.length === 0,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const serverCurrent = debouncedKey === bodyKey && !server.isPlaceholderData && server.isSuccess;
  const errors: FieldIssue[] = [...local.errors, ...rowIssues(form)];
  if (!local.errors.length && serverCurrent) for (const e of server.data!.errors) if (!errors.some((x) => x.path === e.path && x.message === e.message)) errors.push(e);
  const byPath = issuesByPath(errors);
  const warnByPath = issuesByPath(local.warnings);
  const issues: Issues = {
    errors: (p) => byPath.get(p) ?? [],
    warnings: (p) => warnByPath.get(p) ?? [],
    hasUnder: (prefix) => errors.some((e) => e.path.startsWith(prefix)),
  };
  const unplaced = errors.filter((e) => !e.path);

  const canAdmin = useCan("admin");
  const save = useMutation({
    mutationFn: () => {
      const b = { ...body, ...(note.trim() ? { note: note.trim() } : {}) };
      return view ? api<ConfigView & { unchanged?: boolean }>(`/api/cluster-configs/${enc(view.name)}`, { method: "PUT", body: b }) : api<ConfigView>("/api/cluster-configs", { body: b });
    },
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: configKeys.all });
      setNote("");
      if (!view) router.push(`/cluster-configs/${enc(res.name)}`);
      else {
        setSavedMsg((res as { unchanged?: boolean }).unchanged ? `No changes: still v${res.version}` : `Saved v${res.version}`);
        qc.setQueryData(configKeys.detail(res.name), res);
        if (view.version !== view.latest) router.push(`/cluster-configs/${enc(res.name)}`);
      }
    },
  });
  const saveErrors: FieldIssue[] = save.error instanceof ApiError ? (((save.error.details as { errors?: FieldIssue[] })?.errors) ?? []) : [];

  const set = (patch: Partial<ConfigForm>) => {
    setSavedMsg(null);
    setForm((f) => ({ ...f, ...patch }));
  };
  const status =
    errors.length > 0
      ? { tone: "red" as const, text: `${errors.length} error${errors.length === 1 ? "" : "s"}` }
      : !serverCurrent
        ? { tone: "neutral" as const, text: "checking…" }
        : { tone: "green" as const, text: "valid (KubeRay 1.7.0 CRD)" };
  const dirty = view ? JSON.stringify(local.config) !== JSON.stringify(view.config) : true;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <div className="text-xs text-neutral-500">
            <Link href="/cluster-configs" className="hover:text-neutral-300">Cluster designs</Link> /
          </div>
          <h1 className="flex items-center gap-2 text-xl font-semibold">
            {view ? view.name : "New cluster design"}
            {view && <Badge tone="blue">v{view.version}{view.version !== view.latest ? ` of ${view.latest}` : ""}</Badge>}
            {view && dirty && <Badge tone="amber">unsaved changes</Badge>}
          </h1>
        </div>
        <div className="flex items-end gap-2">
          <input className={`${inputClass} w-56`} placeholder="note for this version (optional)" value={note} onChange={(e) => setNote(e.target.value)} aria-label="version note" />
          <Button variant="primary" className="whitespace-nowrap" disabled={!canAdmin.ok || errors.length > 0 || save.isPending || (!!view && !dirty && view.version === view.latest)} title={canAdmin.why} onClick={() => save.mutate()} data-testid="save">
            {save.isPending ? "Saving…" : view ? "Save new version" : "Save"}
          </Button>
        </div>
      </div>
      {savedMsg && <p className="text-sm text-emerald-300" data-testid="saved-message">{savedMsg}</p>}
      {save.isError && <ErrorState title="Not saved" error={save.error} />}
      {saveErrors.length > 0 && <p className="text-xs text-red-300">{saveErrors.map((e) => `${e.path}: ${e.message}`).join("; ")}</p>}
      {unplaced.length > 0 && (
        <div className="rounded-md border border-red-900/60 bg-red-950/30 p-3 text-sm text-red-300" data-testid="manifest-errors">
          {unplaced.map((e) => <div key={e.message}>{e.message}</div>)}
        </div>
      )}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <div className="space-y-4">
          <Card title="Cluster">
            <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
              {view ? (
                <div className="space-y-1 text-sm">
                  <span className="text-xs font-medium text-neutral-400">Name</span>
                  <div className="py-1.5 font-mono text-neutral-200">{view.name}</div>
                </div>
              ) : (
                <TextField label="Name (RayCluster name)" path="name" value={form.name} onChange={(name) => set({ name })} issues={issues} placeholder="embeddings" mono hint="≤ 53 characters: a-z, 0-9, -" />
              )}
              <TextField label="Default namespace" path="namespace" value={form.namespace} onChange={(namespace) => set({ namespace })} issues={issues} placeholder="(kubeconfig's)" mono />
              <TextField label="Ray version" path="rayVersion" value={form.rayVersion} onChange={(rayVersion) => set({ rayVersion })} issues={issues} placeholder="2.60.0" mono />
              <label className="flex items-center gap-2 pt-5 text-sm text-neutral-300">
                <input type="checkbox" checked={form.autoscaling} onChange={(e) => set({ autoscaling: e.target.checked })} data-testid="field-autoscaling" />
                Autoscaling (v2)
              </label>
            </div>
          </Card>
          <GroupEditor group={form.head} path="head" kind="head" autoscaling={form.autoscaling} issues={issues} onChange={(head) => set({ head })} />
          {form.workerGroups.map((g, i) => (
            <GroupEditor key={g.id} group={g} path={`workerGroups[${i}]`} kind="worker" autoscaling={form.autoscaling} issues={issues}
              onChange={(ng) => set({ workerGroups: form.workerGroups.map((x, j) => (j === i ? ng : x)) })}
              onRemove={() => set({ workerGroups: form.workerGroups.filter((_, j) => j !== i) })} />
          ))}
          <div className="flex items-center gap-2">
            <Button onClick={() => set({ workerGroups: [...form.workerGroups, newWorkerGroup("cpu", form.workerGroups.map((g) => g.name))] })} data-testid="add-cpu-group">
              + CPU worker group
            </Button>
            <Button onClick={() => set({ workerGroups: [...form.workerGroups, newWorkerGroup("gpu", form.workerGroups.map((g) => g.name))] })} data-testid="add-gpu-group">
              + GPU worker group
            </Button>
            <FieldMessages path="workerGroups" issues={issues} />
          </div>
        </div>

        <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
          <YamlView yaml={yaml} fileName={`${form.name || "raycluster"}.yaml`} status={status} />
          {view && <VersionsPanel view={view} onLoadVersion={(v) => router.push(`/cluster-configs/${enc(view.name)}?version=${v}`)} />}
          {view && <KubernetesPanel view={view} canCreate={!dirty} />}
          {view && <LocalShapePanel view={view} />}
        </div>
      </div>
    </div>
  );
}
