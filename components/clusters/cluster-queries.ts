"use client";
// Registered Ray clusters and their live health (TanStack Query). Health comes
// from each cluster's dashboard, so it is refreshed on a slow timer only while
// a page that shows it is open.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, enc } from "@/components/api-client";
import type { ClusterView } from "@/server/clusters/cluster-types";

export type { ClusterView };

export const clusterKeys = {
  all: ["clusters"] as const,
  detail: (name: string) => ["clusters", "detail", name] as const,
};

/** Cluster health changes slowly (nodes join or die); this is often enough. */
export const HEALTH_REFRESH_MS = 5000;

export function useClusters(live = true) {
  return useQuery({
    queryKey: clusterKeys.all,
    queryFn: ({ signal }) => api<ClusterView[]>("/api/clusters", { signal }),
    refetchInterval: live ? HEALTH_REFRESH_MS : false,
  });
}

export function useCluster(name: string) {
  return useQuery({
    queryKey: clusterKeys.detail(name),
    queryFn: ({ signal }) => api<ClusterView>(`/api/clusters/${enc(name)}`, { signal }),
    refetchInterval: (q) => (q.state.error ? false : HEALTH_REFRESH_MS),
    retry: (n, e) => (e as { status?: number }).status !== 404 && n < 2,
  });
}

export interface RegisterBody {
  name?: string;
  kind: "ray" | "local-ray";
  address?: string;
  token?: string;
  installDeps?: boolean;
}

export function useRegisterCluster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterBody) => api<ClusterView>("/api/clusters", { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useDeleteCluster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<{ deleted: string }>(`/api/clusters/${enc(name)}`, { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}
