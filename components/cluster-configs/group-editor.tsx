"use client";
// One group of the design: size (image, CPUs, memory, GPUs), replicas for a
// worker group, placement (service account, node selector, tolerations) and
// the Ray node (labels, custom resources, env).
import type { ReactNode } from "react";
import { Button } from "@/components/ui/primitives";
import type { GroupForm } from "./config-form";
import { FieldMessages, KvEditor, TextField, TolerationsEditor, type Issues } from "./fields";

function Section({ title, open, children, testId }: { title: string; open: boolean; children: ReactNode; testId: string }) {
  return (
    <details open={open} className="group rounded-md border border-neutral-800/80 bg-neutral-950/40" data-testid={testId}>
      <summary className="cursor-pointer select-none px-3 py-1.5 text-xs font-medium text-neutral-400 hover:text-neutral-200">{title}</summary>
      <div className="space-y-3 px-3 pb-3">{children}</div>
    </details>
  );
}

export function GroupEditor(props: {
  group: GroupForm;
  path: string;
  kind: "head" | "worker";
  autoscaling: boolean;
  issues: Issues;
  onChange: (g: GroupForm) => void;
  onRemove?: () => void;
}) {
  const { group: g, path, issues } = props;
  const set = (patch: Partial<GroupForm>) => props.onChange({ ...g, ...patch });
  const worker = props.kind === "worker";
  const under = (s: string) => issues.hasUnder?.(`${path}.${s}`) ?? false;
  const placementOpen = !!g.serviceAccount || g.nodeSelector.length > 0 || g.tolerations.length > 0 || ["serviceAccount", "nodeSelector", "tolerations"].some(under);
  const rayOpen = g.labels.length > 0 || g.resources.length > 0 || g.env.length > 0 || ["labels", "resources", "env"].some(under);
  return (
    <section className="space-y-3 rounded-lg border border-neutral-800 bg-neutral-900/50 p-4" data-testid={`group-${path}`}>
      <header className="flex items-start justify-between gap-3">
        {worker ? (
          <TextField className="w-56" label="Worker group name" path={`${path}.name`} value={g.name} onChange={(name) => set({ name })} issues={issues} placeholder="cpu" mono />
        ) : (
          <div>
            <h3 className="text-sm font-semibold text-neutral-200">Head</h3>
            <p className="text-xs text-neutral-500">Ray's head node: GCS, dashboard (8265), the job driver.</p>
          </div>
        )}
        {props.onRemove && (
          <Button variant="ghost" className="mt-4 text-xs" onClick={props.onRemove} aria-label={`remove worker group ${g.name}`}>
            Remove
          </Button>
        )}
      </header>
      <TextField label="Image" path={`${path}.image`} value={g.image} onChange={(image) => set({ image })} issues={issues} placeholder="rayproject/ray:2.60.0-py311" mono />
      <div className="grid grid-cols-3 gap-3">
        <TextField label="CPUs" path={`${path}.cpus`} value={g.cpus} onChange={(cpus) => set({ cpus })} issues={issues} placeholder="4 or 500m" />
        <TextField label="Memory" path={`${path}.memory`} value={g.memory} onChange={(memory) => set({ memory })} issues={issues} placeholder="8Gi" />
        <TextField label="GPUs (nvidia.com/gpu)" path={`${path}.gpus`} value={g.gpus} onChange={(gpus) => set({ gpus })} issues={issues} placeholder="0" />
      </div>
      {worker ? (
        <div className="grid grid-cols-4 gap-3">
          <TextField label="Min replicas" path={`${path}.minReplicas`} value={g.minReplicas} onChange={(minReplicas) => set({ minReplicas })} issues={issues} placeholder="0" />
          <TextField label="Max replicas" path={`${path}.maxReplicas`} value={g.maxReplicas} onChange={(maxReplicas) => set({ maxReplicas })} issues={issues} placeholder="10" />
          <TextField label="Replicas (start)" path={`${path}.replicas`} value={g.replicas} onChange={(replicas) => set({ replicas })} issues={issues} placeholder={g.minReplicas || "min"} />
          {props.autoscaling ? (
            <TextField label="Idle timeout (s)" path={`${path}.idleTimeoutSeconds`} value={g.idleTimeoutSeconds} onChange={(idleTimeoutSeconds) => set({ idleTimeoutSeconds })} issues={issues} placeholder="60" />
          ) : (
            <div />
          )}
        </div>
      ) : (
        <label className="flex items-center gap-2 text-sm text-neutral-300">
          <input type="checkbox" checked={g.runTasks} onChange={(e) => set({ runTasks: e.target.checked })} data-testid={`field-${path}.runTasks`} />
          Run Ray tasks on the head too <span className="text-xs text-neutral-500">(off: num-cpus 0 on the head, as Geneva does)</span>
        </label>
      )}
      <Section title="Placement: service account, node selector, tolerations" open={placementOpen} testId={`placement-${path}`}>
        <TextField label="Service account" path={`${path}.serviceAccount`} value={g.serviceAccount} onChange={(serviceAccount) => set({ serviceAccount })} issues={issues} placeholder="default" mono />
        <KvEditor title="Node selector" path={`${path}.nodeSelector`} rows={g.nodeSelector} onChange={(nodeSelector) => set({ nodeSelector })} issues={issues} keyPlaceholder="cloud.google.com/gke-nodepool" valuePlaceholder="gpu-pool" />
        <TolerationsEditor path={`${path}.tolerations`} rows={g.tolerations} onChange={(tolerations) => set({ tolerations })} issues={issues} />
      </Section>
      <Section title="Ray node: labels, custom resources, env" open={rayOpen} testId={`ray-${path}`}>
        <KvEditor title="Ray labels" path={`${path}.labels`} rows={g.labels} onChange={(labels) => set({ labels })} issues={issues} keyPlaceholder="workload" valuePlaceholder="gpu"
          hint={<>Target a group from a backfill with its labels, or with <code className="text-neutral-400">ray.io/node-group={worker ? g.name || "<name>" : "headgroup"}</code> (set by KubeRay).</>} />
        <KvEditor title="Custom resources" path={`${path}.resources`} rows={g.resources} onChange={(resources) => set({ resources })} issues={issues} keyPlaceholder="embed_slot" valuePlaceholder="1" />
        <KvEditor title="Environment" path={`${path}.env`} rows={g.env} onChange={(env) => set({ env })} issues={issues} keyPlaceholder="RAY_memory_usage_threshold" valuePlaceholder="0.9" />
      </Section>
      <FieldMessages path={path} issues={issues} />
    </section>
  );
}
