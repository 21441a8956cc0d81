// The pure parts around a design: will it run a UDF (the launch check), what
// it becomes on this machine (the local shape), and the designer's form ↔ body.
import { describe, expect, it } from "vitest";
import { rowIssues, toBody, toForm } from "@/components/cluster-configs/config-form";
import type { ClusterConfig } from "@/server/kubernetes/cluster-config";
import { checkClusterConfig } from "@/server/kubernetes/config-rules";
import { rayStartArgs, shapePlan } from "@/server/kubernetes/local-shape";
import { parseQuantity } from "@/server/kubernetes/quantity";
import { checkNeeds } from "@/server/kubernetes/resource-fit";
import { randomConfig, twoGroupConfig } from "../helpers/cluster-configs";

const GI = 2 ** 30;

describe("resource fit", () => {
  const cpuOnly = (): ClusterConfig => ({ ...twoGroupConfig(), workerGroups: [twoGroupConfig().workerGroups[0]] });
  it("names the first need no group meets", () => {
    expect(checkNeeds(cpuOnly(), { numGpus: 1 }, null)).toMatchObject({ ok: false, message: "the UDF asks for 1 GPU; no worker group has GPUs" });
    expect(checkNeeds(twoGroupConfig(), { numGpus: 2 }, null).message).toBe("the UDF asks for 2 GPUs; the most a worker group has is 1 (gpu)");
    expect(checkNeeds(twoGroupConfig(), { numCpus: 16 }, null).message).toBe("the UDF asks for 16 CPUs; the most a worker group has is 8 (gpu)");
    expect(checkNeeds(twoGroupConfig(), { memory: 64 * GI }, null).message).toBe("the UDF asks for 64Gi of memory; the most a worker group has is 32Gi (gpu)");
    expect(checkNeeds({ ...twoGroupConfig(), workerGroups: [] }, {}, null).message).toMatch(/no worker group and the head runs no tasks/);
  });

  it("says which groups fit, and why the others do not", () => {
    const r = checkNeeds(twoGroupConfig(), { numCpus: 2, numGpus: 1 }, null);
    expect(r.ok).toBe(true);
    expect(r.groups.map((g) => [g.group, g.fits, g.reasons])).toEqual([
      ["headgroup", false, ["the head runs no tasks", "0 CPUs, needs 2", "0 GPUs, needs 1"]],
      ["cpu", false, ["0 GPUs, needs 1"]],
      ["gpu", true, []],
    ]);
    expect(r.groups[2].offers).toEqual({ CPU: 8, GPU: 1, memory: 32 * GI, embed_slot: 1 });
  });

  it("follows the worker group a backfill targets: labels (incl. ray.io/node-group) or a custom resource", () => {
    expect(checkNeeds(twoGroupConfig(), { numGpus: 1 }, { labels: { workload: "gpu" } }).ok).toBe(true);
    expect(checkNeeds(twoGroupConfig(), { numGpus: 1 }, { labels: { "ray.io/node-group": "gpu" } }).ok).toBe(true);
    expect(checkNeeds(twoGroupConfig(), { numGpus: 1 }, { labels: { workload: "cpu" } }).message).toBe("the UDF asks for 1 GPU; no matching worker group has GPUs");
    expect(checkNeeds(twoGroupConfig(), {}, { labels: { zone: "a" } }).message).toMatch(/^no worker group has the labels zone=a/);
    expect(checkNeeds(twoGroupConfig(), {}, { labels: { workload: "!gpu" } }).groups.filter((g) => g.fits).map((g) => g.group)).toEqual(["cpu"]);
    expect(checkNeeds(twoGroupConfig(), {}, { resource: "embed_slot" }).groups.filter((g) => g.fits).map((g) => g.group)).toEqual(["gpu"]);
    expect(checkNeeds(cpuOnly(), {}, { resource: "embed_slot" }).message).toBe("the UDF asks for 0.001 of the custom resource embed_slot; no worker group has it");
  });

  it("needs that no single group meets together, a group that may not scale, a head that runs tasks", () => {
    const c: ClusterConfig = {
      ...twoGroupConfig(),
      workerGroups: [
        { name: "a", image: "x/y:1", cpus: 4, memory: "16Gi", gpus: 1, minReplicas: 0, maxReplicas: 2 },
        { name: "b", image: "x/y:1", cpus: 16, memory: "16Gi", minReplicas: 0, maxReplicas: 2 },
      ],
    };
    expect(checkNeeds(c, { numGpus: 1, numCpus: 8 }, null).message).toBe("no single worker group has all of 8 CPUs, 1 GPU at once: a: 4 CPUs, needs 8; b: 0 GPUs, needs 1");
    c.workerGroups[1].maxReplicas = 0;
    expect(checkNeeds(c, { numCpus: 8 }, null).message).toBe("worker group b could run it, but its maxReplicas is 0");
    expect(checkNeeds({ ...c, head: { ...c.head, runTasks: true }, workerGroups: [] }, { numCpus: 2 }, null).ok).toBe(true);
  });
});

describe("local shape", () => {
  it("one node per group, capped to the machine, GPUs logical, labels and resources kept", () => {
    const c = twoGroupConfig();
    c.workerGroups[0].labels = { workload: "cpu", empty: "" };
    c.workerGroups.push({ name: "off", image: "x/y:1", cpus: 1, memory: "1Gi", minReplicas: 0, maxReplicas: 0 });
    const { nodes, notes } = shapePlan(c, { cpus: 2, memoryBytes: 24 * GI });
    expect(nodes.map((n) => [n.group, n.cpus, n.gpus, n.memory])).toEqual([
      ["headgroup", 0, 0, 8 * GI],
      ["cpu", 2, 0, 8 * GI],
      ["gpu", 2, 1, 24 * GI],
    ]);
    expect(nodes[1].notes).toEqual(["4 CPUs → 2 (this machine has 2)", "labels with empty values are left out (ray start refuses them)"]);
    expect(nodes[2].notes).toEqual(["8 CPUs → 2 (this machine has 2)", "memory 32Gi → 24Gi (this machine has 24Gi)"]);
    expect(nodes[2].env).toEqual({ RAY_NODE_TYPE_NAME: "gpu" });
    expect(notes).toContain("worker group off has maxReplicas 0: no node");
    expect(rayStartArgs(nodes[2])).toEqual(["--num-cpus=2", "--num-gpus=1", `--memory=${24 * GI}`, "--object-store-memory=100000000", "--labels=workload=gpu", '--resources={"embed_slot":1}']);
    expect(rayStartArgs(nodes[1])).toContain("--labels=workload=cpu");
  });
});

describe("designer form", () => {
  const normal = (c: ClusterConfig) => JSON.parse(JSON.stringify(c, (k, v) => (k === "cpus" ? parseQuantity(v) : v)));
  it("form → body keeps every design (CPU quantities may change spelling, not value)", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const cfg = checkClusterConfig(randomConfig(seed)).config;
      const back = checkClusterConfig(toBody(toForm(cfg)));
      expect(back.errors, `seed ${seed}`).toEqual([]);
      expect(normal(back.config), `seed ${seed}`).toEqual(normal(cfg));
    }
  });
  it("typed text reaches the rules as typed, blank rows are dropped, repeated keys are flagged", () => {
    const f = toForm(twoGroupConfig());
    f.workerGroups[0].minReplicas = "two";
    f.workerGroups[1].labels.push({ key: "", value: "" }, { key: "workload", value: "again" }, { key: "", value: "orphan" });
    f.head.resources = [{ key: "slot", value: "x" }];
    const body = toBody(f) as any;
    expect(body.workerGroups[0].minReplicas).toBe("two");
    expect(body.workerGroups[1].labels).toEqual({ workload: "again", "": "orphan" });
    const errors = checkClusterConfig(body).errors.map((e) => e.path);
    expect(errors).toEqual(expect.arrayContaining(["workerGroups[0].minReplicas", "head.resources.slot"]));
    expect(rowIssues(f)).toEqual([
      { path: "workerGroups[1].labels#2", message: "'workload' is set twice" },
      { path: "workerGroups[1].labels#3", message: "a key is required" },
    ]);
  });
});
