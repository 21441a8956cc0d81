// Every manifest the designer can produce is a RayCluster the API server and
// KubeRay accept: generated designs over the field combinations, each checked
// against the CRD schema (KubeRay 1.7.0, with unknown fields as errors), the
// operator's rules, and a YAML round trip.
import fs from "node:fs";
import path from "node:path";
import { loadYaml } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { checkClusterConfig } from "@/server/kubernetes/config-rules";
import { dottedPath, validateAgainstCrd } from "@/server/kubernetes/crd-schema";
import { kubeRayRules } from "@/server/kubernetes/kuberay-rules";
import { buildRayCluster, configPathOf } from "@/server/kubernetes/manifest";
import { parseQuantity, rayInteger } from "@/server/kubernetes/quantity";
import { toYaml } from "@/server/kubernetes/yaml";
import { randomConfig, twoGroupConfig } from "../helpers/cluster-configs";

const CRD_DIR = path.join(__dirname, "../../server/kubernetes/crd");

describe("the CRD copy", () => {
  it("the JSON schema is the v1 schema of the verbatim KubeRay YAML", () => {
    // loadYaml turns a CRD kind into typed models (enum → _enum): read it as plain data
    const text = fs.readFileSync(path.join(CRD_DIR, "ray.io_rayclusters.yaml"), "utf8").replace(/^(apiVersion|kind):.*$/gm, "");
    const crd = loadYaml<any>(text);
    const v1 = crd.spec.versions.find((v: any) => v.name === "v1").schema.openAPIV3Schema;
    expect(JSON.parse(fs.readFileSync(path.join(CRD_DIR, "raycluster-v1.schema.json"), "utf8"))).toEqual(v1);
    expect(crd.spec.group).toBe("ray.io");
  });
});

describe("generated designs", () => {
  const SEEDS = 250;
  it(`${SEEDS} designs over the field combinations: valid, CRD-valid, KubeRay-valid, YAML round trip`, () => {
    const seen = { gpus: 0, tolerationExists: 0, tolerationNoExecute: 0, labels: 0, resources: 0, env: 0, sa: 0, selector: 0, autoscalingOff: 0, runTasks: 0, quantityCpu: 0, fractionCpu: 0, noWorkers: 0, manyWorkers: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const cfg = randomConfig(seed);
      const check = checkClusterConfig(JSON.parse(JSON.stringify(cfg)));
      expect(check.errors, `seed ${seed}`).toEqual([]);
      const manifest = buildRayCluster(check.config, { version: seed % 7, namespace: seed % 2 ? "team-a" : undefined });
      expect(validateAgainstCrd(manifest), `seed ${seed}`).toEqual([]);
      expect(kubeRayRules(manifest), `seed ${seed}`).toEqual([]);
      expect(loadYaml(toYaml(manifest)), `seed ${seed}`).toEqual(JSON.parse(JSON.stringify(manifest)));

      const groups = [cfg.head, ...cfg.workerGroups];
      if (groups.some((g) => (g.gpus ?? 0) > 0)) seen.gpus++;
      if (groups.some((g) => g.tolerations?.some((t) => t.operator === "Exists"))) seen.tolerationExists++;
      if (groups.some((g) => g.tolerations?.some((t) => t.tolerationSeconds !== undefined))) seen.tolerationNoExecute++;
      if (groups.some((g) => g.labels)) seen.labels++;
      if (groups.some((g) => g.resources)) seen.resources++;
      if (groups.some((g) => g.env)) seen.env++;
      if (groups.some((g) => g.serviceAccount)) seen.sa++;
      if (groups.some((g) => g.nodeSelector)) seen.selector++;
      if (cfg.autoscaling === false) seen.autoscalingOff++;
      if (cfg.head.runTasks) seen.runTasks++;
      if (groups.some((g) => typeof g.cpus === "string")) seen.quantityCpu++;
      if (groups.some((g) => typeof g.cpus === "number" && !Number.isInteger(g.cpus))) seen.fractionCpu++;
      if (!cfg.workerGroups.length) seen.noWorkers++;
      if (cfg.workerGroups.length >= 3) seen.manyWorkers++;
    }
    // the generator really covered every kind of field (each combination many times)
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(12);
  });

  it("builds what KubeRay turns into ray start flags", () => {
    const m = buildRayCluster(checkClusterConfig(twoGroupConfig()).config, { namespace: "ml", version: 3 });
    expect(m).toMatchObject({
      apiVersion: "ray.io/v1", kind: "RayCluster",
      metadata: { name: "embeddings", namespace: "ml", labels: { "app.kubernetes.io/managed-by": "backfill-studio", "backfill-studio.io/config": "embeddings", "backfill-studio.io/config-version": "3" } },
      spec: { rayVersion: "2.60.0", enableInTreeAutoscaling: true, autoscalerOptions: { version: "v2" } },
    });
    const head = m.spec.headGroupSpec;
    expect(head.resources).toEqual({ CPU: "0" }); // no tasks on the head
    expect(head.template.spec).toMatchObject({ serviceAccountName: "ray-runner", containers: [{ name: "ray-head", image: "rayproject/ray:2.60.0-py311" }] });
    expect((head.template.spec.containers as any)[0].ports).toContainEqual({ name: "dashboard", containerPort: 8265 });
    const [cpu, gpu] = m.spec.workerGroupSpecs;
    expect(cpu).toMatchObject({ groupName: "cpu", replicas: 1, minReplicas: 0, maxReplicas: 10, rayStartParams: {}, labels: { workload: "cpu" } });
    expect(gpu).toMatchObject({ groupName: "gpu", replicas: 0, minReplicas: 0, maxReplicas: 4, labels: { workload: "gpu" }, resources: { embed_slot: "1" } });
    expect(gpu.template.spec).toMatchObject({
      nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      containers: [{ resources: { requests: { cpu: 8, memory: "32Gi", "nvidia.com/gpu": 1 }, limits: { cpu: 8, memory: "32Gi", "nvidia.com/gpu": 1 } } }],
    });
    expect((cpu.template.spec.containers as any)[0].resources.limits).not.toHaveProperty("nvidia.com/gpu");
    const yaml = toYaml(m);
    expect(yaml).toContain("apiVersion: ray.io/v1\nkind: RayCluster\n");
    expect(yaml).toContain("  rayVersion: 2.60.0\n");
    expect(yaml).toContain("    - name: ray-head\n");
  });

  it("a fractional CPU count becomes a quantity string the CRD accepts", () => {
    const cfg = twoGroupConfig();
    cfg.workerGroups[0].cpus = 0.5;
    cfg.workerGroups[1].cpus = "1500m";
    const m = buildRayCluster(cfg);
    expect((m.spec.workerGroupSpecs[0].template.spec.containers as any)[0].resources.limits.cpu).toBe("0.5");
    expect(validateAgainstCrd(m)).toEqual([]);
    expect(rayInteger("1500m")).toBe(2);
    expect(rayInteger(0.5)).toBe(1);
  });
});

describe("the CRD check is not vacuous", () => {
  const base = () => JSON.parse(JSON.stringify(buildRayCluster(twoGroupConfig()))) as any;
  it("rejects what the API server would reject, naming the field", () => {
    const m = base();
    m.spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits.memory = "32GB";
    m.spec.workerGroupSpecs[0].replicas = 3e10;
    delete m.spec.workerGroupSpecs[0].template;
    m.spec.headGroupSpec.template.spec.containers[0].image = 7;
    expect(validateAgainstCrd(m)).toEqual(expect.arrayContaining([
      { path: "spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits.memory", message: "not a valid Kubernetes quantity" },
      { path: "spec.workerGroupSpecs[0].replicas", message: "must be a 32-bit integer" },
      { path: "spec.workerGroupSpecs[0].template", message: "template is required by the RayCluster CRD" },
      { path: "spec.headGroupSpec.template.spec.containers[0].image", message: "must be string" },
    ]));
  });
  it("reports a field the API server would silently drop", () => {
    const m = base();
    m.spec.workerGroupSpecs[0].minReplica = 1;
    m.spec.headGroupSpec.template.spec.nodeSelectr = { a: "b" };
    expect(validateAgainstCrd(m).map((i) => i.path)).toEqual(["spec.headGroupSpec.template.spec.nodeSelectr", "spec.workerGroupSpecs[0].minReplica"].sort().reverse().sort());
  });
  it("maps manifest paths back to the designer's fields", () => {
    expect(configPathOf("spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits.memory")).toBe("workerGroups[1].memory");
    expect(configPathOf("spec.headGroupSpec.template.spec.containers[0].resources.requests.cpu")).toBe("head.cpus");
    expect(configPathOf("spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.nvidia.com/gpu")).toBe("workerGroups[0].gpus");
    expect(configPathOf("spec.workerGroupSpecs[2].template.spec.tolerations[0].effect")).toBe("workerGroups[2].tolerations[0].effect");
    expect(configPathOf("spec.workerGroupSpecs[2].groupName")).toBe("workerGroups[2].name");
    expect(configPathOf("spec.headGroupSpec.labels.zone")).toBe("head.labels.zone");
    expect(configPathOf("metadata.name")).toBe("name");
    expect(configPathOf("spec.autoscalerOptions.image")).toBeNull();
    expect(dottedPath("/spec/workerGroupSpecs/0/template/metadata/labels/a~1b")).toBe("spec.workerGroupSpecs[0].template.metadata.labels.a/b");
  });
  it("KubeRay's own rules catch what the schema allows", () => {
    const m = base();
    m.spec.workerGroupSpecs[1].groupName = "cpu";
    m.spec.workerGroupSpecs[0].minReplicas = 5;
    m.spec.workerGroupSpecs[0].maxReplicas = 2;
    delete m.spec.workerGroupSpecs[1].maxReplicas;
    m.spec.headGroupSpec.rayStartParams = { labels: "a=b", "num-cpus": "0" };
    m.metadata.name = "x".repeat(54);
    delete m.spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits["nvidia.com/gpu"];
    expect(kubeRayRules(m).map((i) => i.path)).toEqual(expect.arrayContaining([
      "metadata.name", "spec.workerGroupSpecs[1].groupName", "spec.workerGroupSpecs[0].minReplicas", "spec.workerGroupSpecs[1].maxReplicas",
      "spec.headGroupSpec.rayStartParams.labels", "spec.headGroupSpec.resources", "spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits.nvidia.com/gpu",
    ]));
  });
});

describe("YAML", () => {
  it("quotes exactly what a parser could read as something else", () => {
    const values = ["8Gi", "500m", "16GB", "2.60.0", "0.5", "1e3", "100000", "1_000", "0x1F", "12:30", "2001-12-14", ".5", "+1", "-1", "true", "No", "~", "null",
      "a: b", "a #b", "#x", "-x", "x:", "", " x", "x ", "é", "a\nb", "0o17", "v1", "[a]", "{a}", "*x", "&x", "!x", "|", ">", "%x", "@x", "`x"];
    for (const v of values) expect(loadYaml(toYaml({ k: v, list: [v, { k: v }], [v || "empty"]: 1 })), JSON.stringify(v)).toEqual({ k: v, list: [v, { k: v }], [v || "empty"]: 1 });
    expect(toYaml({ memory: "8Gi", cpu: "500m", v: "2.60.0", q: "0.5", e: {}, l: [], nested: [[1, 2], []] })).toBe(
      'memory: 8Gi\ncpu: 500m\nv: 2.60.0\nq: "0.5"\ne: {}\nl: []\nnested:\n- - 1\n  - 2\n- []\n');
  });
});

describe("quantities", () => {
  it("parses Kubernetes quantities like the API server", () => {
    expect(parseQuantity("8Gi")).toBe(8 * 2 ** 30);
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("16G")).toBe(16e9);
    expect(parseQuantity(".5")).toBe(0.5);
    for (const bad of ["8GB", "8 Gi", "Gi", "1.2.3", "", "0x10", "-"]) expect(parseQuantity(bad), bad).toBeNull();
  });
});
