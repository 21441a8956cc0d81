"use client";
// For the backfill launcher: pick a saved cluster design and see at once
// whether it can run this column's UDF ("the UDF asks for 1 GPU; no worker
// group has GPUs"). Send the chosen name as `clusterConfig` in the launch body
// and the server checks it again before planning.
import { useQuery } from "@tanstack/react-query";
import { api, enc } from "@/components/api-client";
import { Badge, Field, inputClass } from "@/components/ui/primitives";
import { configKeys, type ConfigSummary, type FitResult } from "./queries";

export function useClusterConfigs() {
  return useQuery({ queryKey: configKeys.all, queryFn: ({ signal }) => api<ConfigSummary[]>("/api/cluster-configs", { signal }) });
}

export function useConfigFit(config: string | null, table: string, column: string, workerGroup?: unknown) {
  return useQuery({
    queryKey: [...configKeys.fit(config ?? "", table, column), JSON.stringify(workerGroup ?? null)],
    queryFn: ({ signal }) => api<FitResult & { version: number }>(`/api/cluster-configs/${enc(config!)}/check`, { body: { table, column, ...(workerGroup ? { workerGroup } : {}) }, signal }),
    enabled: !!config,
    retry: false,
  });
}

/** A select of saved designs plus the fit verdict for the UDF of table.column. */
export function ClusterConfigCheck(props: { table: string; column: string; value: string | null; onChange: (name: string | null) => void; workerGroup?: unknown }) {
  const configs = useClusterConfigs();
  const fit = useConfigFit(props.value, props.table, props.column, props.workerGroup);
  return (
    <Field label="Cluster design (resource check)" hint="Checks the UDF's num_cpus / num_gpus / memory against the design's worker groups.">
      <select className={inputClass} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value || null)} data-testid="cluster-config-select">
        <option value="">none</option>
        {(configs.data ?? []).map((c) => (
          <option key={c.name} value={c.name}>
            {c.name} (v{c.latest})
          </option>
        ))}
      </select>
      {props.value && fit.data && (
        <span className="mt-1 block text-xs" data-testid="cluster-config-fit">
          {fit.data.ok ? (
            <Badge tone="green">fits: {fit.data.groups.filter((g) => g.fits).map((g) => g.group).join(", ")}</Badge>
          ) : (
            <span className="text-red-400">{fit.data.message}</span>
          )}
        </span>
      )}
      {props.value && fit.isError && <span className="mt-1 block text-xs text-red-400">{(fit.error as Error).message}</span>}
    </Field>
  );
}
