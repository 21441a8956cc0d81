import { describe, expect, it } from "vitest";
import { healthSummary, resourceLabels, sortedLabels } from "@/components/clusters/cluster-health";
import type { ClusterView } from "@/server/clusters/cluster-types";

describe("cluster health", () => {
  it("labels resources in a fixed order, hiding Ray's bookkeeping", () => {
    expect(resourceLabels({ gpu_sim: 1, "node:10.0.0.2": 1, memory: 3.5 * 2 ** 30, CPU: 2, object_store_memory: 512 * 2 ** 20, "accelerator_type:A10G": 1, GPU: 1 }))
      .toEqual(["2 CPU", "1 GPU", "3.5 GiB memory", "object store 512 MiB", "gpu_sim 1"]);
    expect(resourceLabels({})).toEqual([]);
  });
  it("sums resources over alive nodes only and counts the dead", () => {
    const c: ClusterView = {
      name: "x", kind: "ray", address: "", hasToken: false, installDeps: false, createdAt: "", status: "up",
      nodes: [
        { id: "a", alive: true, head: true, ip: "", labels: {}, resources: { CPU: 2, gpu_sim: 1 } },
        { id: "b", alive: true, head: false, ip: "", labels: {}, resources: { CPU: 1 } },
        { id: "c", alive: false, head: false, ip: "", labels: {}, resources: { CPU: 8 } },
      ],
      running: [{ submissionId: "s", status: "RUNNING", entrypoint: "e", backfillJobId: null }],
    };
    expect(healthSummary(c)).toEqual({ alive: 2, dead: 1, total: { CPU: 3, gpu_sim: 1 }, running: 1 });
  });
  it("shows user labels before Ray's own", () => {
    expect(sortedLabels({ "ray.io/node-id": "n", zone: "b", group: "cpu" }).map(([k]) => k)).toEqual(["group", "zone", "ray.io/node-id"]);
  });
});
