// A design's shape as real Ray nodes on this machine (`ray start` from the
// project venv): the head and one node per worker group carry the group's Ray
// labels (plus ray.io/node-group, as under KubeRay), custom resources and
// logical GPUs, CPUs capped to the machine; the launch check finds a node for a
// GPU UDF targeting the group; stop leaves no Ray process behind.
// Starting the Ray nodes takes ~30–60 s on 2 cores; BFS_SHAPE_TEST=0 skips it
// (it runs by default: the suite stays well under its time budget).
import fs from "node:fs";
import os from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { ClusterService } from "@/server/clusters/cluster-service";
import { ClusterStore } from "@/server/clusters/cluster-store";
import { LocalRay } from "@/server/clusters/local-ray";
import { ClusterConfigService } from "@/server/kubernetes/config-service";
import { ConfigStore } from "@/server/kubernetes/config-store";
import { LocalShapes } from "@/server/kubernetes/local-shape";
import { checkNeeds } from "@/server/kubernetes/resource-fit";
import { PYTHON, tempDir } from "../helpers/server";

const RUN = process.env.BFS_SHAPE_TEST !== "0";
const stateDir = tempDir("bfs-shape-");
const clusters = new ClusterService(new ClusterStore(stateDir), new LocalRay({ pythonBin: PYTHON, stateDir }));
const configs = new ClusterConfigService(new ConfigStore(stateDir));
const shapes = new LocalShapes({ pythonBin: PYTHON, stateDir, configs, clusters });

afterAll(async () => {
  await shapes.shutdown();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

function rayPids(tempRoot: string): number[] {
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(tempRoot);
    } catch {
      return false;
    }
  });
}

describe.skipIf(!RUN)("local shape (real Ray)", () => {
  it("starts the head and one node per group with the group's labels and resources, then stops them all", async () => {
    configs.create({
      name: "shape-test",
      head: { image: "rayproject/ray:2.60.0-py311", cpus: 2, memory: "2Gi" },
      workerGroups: [{ name: "sim", image: "rayproject/ray:2.60.0-py311-gpu", cpus: 64, memory: "2Gi", gpus: 1, minReplicas: 0, maxReplicas: 2,
        labels: { workload: "embed" }, resources: { sim_accel: 2 } }],
    });
    const started = Date.now();
    shapes.start("shape-test");
    const deadline = Date.now() + 240_000;
    while (shapes.get("shape-test").state === "starting" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const view = shapes.get("shape-test");
    expect(view.error ?? "", fs.existsSync(view.log) ? fs.readFileSync(view.log, "utf8").slice(-3000) : "").toBe("");
    expect(view.state).toBe("up");
    console.log(`[local-shape] up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(view.nodes.find((n) => n.group === "sim")!.notes).toContain(`64 CPUs → ${os.cpus().length} (this machine has ${os.cpus().length})`);

    const status = await clusters.status("shape-shape-test");
    expect(status.status).toBe("up");
    const nodes = status.nodes!.filter((n) => n.alive);
    expect(nodes).toHaveLength(2);
    const head = nodes.find((n) => n.head)!;
    const sim = nodes.find((n) => !n.head)!;
    expect(head.labels["ray.io/node-group"]).toBe("headgroup");
    expect(head.resources.CPU ?? 0).toBe(0);
    expect(sim.labels).toMatchObject({ workload: "embed", "ray.io/node-group": "sim" });
    expect(sim.resources).toMatchObject({ CPU: os.cpus().length, GPU: 1, sim_accel: 2 });

    // the launch check: the design says a GPU UDF fits the sim group; the live nodes agree
    const design = shapes.designOf("shape-shape-test")!;
    expect(checkNeeds(design.config, { numGpus: 1 }, { labels: { "ray.io/node-group": "sim" } }).ok).toBe(true);
    await clusters.checkResources("shape-shape-test", { numGpus: 1 }, { labels: { "ray.io/node-group": "sim" } });
    await expect(clusters.checkResources("shape-shape-test", { numGpus: 2 }, null)).rejects.toThrow(/GPU 2 \(the most on a node is 1\)/);

    const tempRoot = JSON.parse(fs.readFileSync(`${stateDir}/local-shapes.json`, "utf8")).shapes[0].tempDir;
    expect(rayPids(tempRoot).length).toBeGreaterThan(0);
    await shapes.stop("shape-test");
    expect(rayPids(tempRoot)).toEqual([]);
    await expect(clusters.status("shape-shape-test")).rejects.toMatchObject({ status: 404 });
  }, 300_000);
});
