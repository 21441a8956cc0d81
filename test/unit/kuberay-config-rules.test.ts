// KubeRay's rules and Kubernetes syntax on the design: each violation is an
// error that names its field, the way the designer shows it on that input.
import { describe, expect, it } from "vitest";
import { checkClusterConfig, describeIssues } from "@/server/kubernetes/config-rules";
import { twoGroupConfig } from "../helpers/cluster-configs";

type Mutate = (c: any) => void;
const errorsOf = (mutate: Mutate) => {
  const c: any = JSON.parse(JSON.stringify(twoGroupConfig()));
  mutate(c);
  return checkClusterConfig(c).errors;
};
const pathsOf = (mutate: Mutate) => errorsOf(mutate).map((e) => e.path);

describe("design rules", () => {
  it("the example design is valid", () => {
    expect(checkClusterConfig(twoGroupConfig()).errors).toEqual([]);
  });

  it.each<[string, Mutate, string, RegExp]>([
    ["name over 53 characters", (c) => (c.name = "a".repeat(54)), "name", /at most 53 characters \(it has 54\).*KubeRay/],
    ["name not a DNS-1035 label", (c) => (c.name = "My_Cluster"), "name", /lowercase letters/],
    ["name starting with a digit", (c) => (c.name = "1cluster"), "name", /starting with a letter/],
    ["missing name", (c) => delete c.name, "name", /required/],
    ["memory not a quantity", (c) => (c.workerGroups[1].memory = "32GB"), "workerGroups[1].memory", /'32GB' is not a quantity/],
    ["memory without unit", (c) => (c.workerGroups[0].memory = "8"), "workerGroups[0].memory", /did you mean 8Gi/],
    ["memory as a number", (c) => (c.head.memory = 8), "head.memory", /quantity string/],
    ["cpus not a quantity", (c) => (c.workerGroups[0].cpus = "four"), "workerGroups[0].cpus", /not a quantity/],
    ["cpus zero", (c) => (c.head.cpus = 0), "head.cpus", /more than 0/],
    ["gpus fractional", (c) => (c.workerGroups[1].gpus = 1.5), "workerGroups[1].gpus", /whole number/],
    ["minReplicas missing", (c) => delete c.workerGroups[0].minReplicas, "workerGroups[0].minReplicas", /minReplicas is required/],
    ["maxReplicas missing", (c) => delete c.workerGroups[1].maxReplicas, "workerGroups[1].maxReplicas", /maxReplicas is required/],
    ["min above max", (c) => Object.assign(c.workerGroups[0], { minReplicas: 5, maxReplicas: 2, replicas: undefined }), "workerGroups[0].minReplicas", /minReplicas \(5\) is more than maxReplicas \(2\)/],
    ["replicas below min", (c) => Object.assign(c.workerGroups[0], { minReplicas: 2, replicas: 1 }), "workerGroups[0].replicas", /less than minReplicas/],
    ["replicas above max", (c) => (c.workerGroups[1].replicas = 9), "workerGroups[1].replicas", /more than maxReplicas \(4\)/],
    ["negative replicas", (c) => (c.workerGroups[0].minReplicas = -1), "workerGroups[0].minReplicas", /between 0 and/],
    ["replicas over int32", (c) => (c.workerGroups[0].maxReplicas = 2 ** 31), "workerGroups[0].maxReplicas", /between 0 and 2147483647/],
    ["duplicate group names", (c) => (c.workerGroups[1].name = "cpu"), "workerGroups[1].name", /unique: 'cpu' is also workerGroups\[0\]/],
    ["group named like the head", (c) => (c.workerGroups[0].name = "headgroup"), "workerGroups[0].name", /head's group name/],
    ["group name with capitals", (c) => (c.workerGroups[0].name = "CPU"), "workerGroups[0].name", /lowercase/],
    ["Ray label under ray.io/", (c) => (c.workerGroups[0].labels = { "ray.io/node-group": "x" }), "workerGroups[0].labels.ray.io/node-group", /reserved by Ray/],
    ["label value too long", (c) => (c.head.labels = { a: "v".repeat(64) }), "head.labels.a", /at most 63/],
    ["custom resource ending in gpu", (c) => (c.workerGroups[1].resources = { my_gpu: 1 }), "workerGroups[1].resources.my_gpu", /KubeRay would turn it into num-gpus/],
    ["custom resource named CPU", (c) => (c.head.resources = { CPU: 1 }), "head.resources.CPU", /built-in Ray resource/],
    ["negative custom resource", (c) => (c.workerGroups[0].resources = { slot: -1 }), "workerGroups[0].resources.slot", /≥ 0/],
    ["Exists toleration with a value", (c) => (c.workerGroups[1].tolerations = [{ key: "k", operator: "Exists", value: "v" }]), "workerGroups[1].tolerations[0].value", /empty when operator is Exists/],
    ["toleration without key", (c) => (c.workerGroups[1].tolerations = [{ value: "v" }]), "workerGroups[1].tolerations[0].key", /key is required unless/],
    ["unknown effect", (c) => (c.head.tolerations = [{ key: "k", effect: "NoRun" }]), "head.tolerations[0].effect", /effect must be/],
    ["tolerationSeconds without NoExecute", (c) => (c.head.tolerations = [{ key: "k", effect: "NoSchedule", tolerationSeconds: 5 }]), "head.tolerations[0].tolerationSeconds", /only to effect NoExecute/],
    ["node selector key", (c) => (c.workerGroups[0].nodeSelector = { "bad key": "x" }), "workerGroups[0].nodeSelector.bad key", /node selector key/],
    ["service account", (c) => (c.head.serviceAccount = "Ray_SA"), "head.serviceAccount", /lowercase/],
    ["image missing", (c) => (c.workerGroups[0].image = ""), "workerGroups[0].image", /image is required/],
    ["image with spaces", (c) => (c.workerGroups[0].image = "ray project"), "workerGroups[0].image", /not an image reference/],
    ["env name", (c) => (c.head.env = { "1X": "y" }), "head.env.1X", /environment variable key/],
    ["a typo'd field", (c) => (c.workerGroups[0].minReplica = 1), "workerGroups[0].minReplica", /unknown field 'minReplica'/],
    ["rayVersion", (c) => (c.rayVersion = "latest"), "rayVersion", /2\.60\.0/],
    ["namespace", (c) => (c.namespace = "Team A"), "namespace", /lowercase/],
    ["head missing", (c) => delete c.head, "head", /head is required/],
  ])("%s → an error on %s", (_what, mutate, path, message) => {
    const errors = errorsOf(mutate);
    const hit = errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it("reports every problem at once, each with its field", () => {
    const paths = pathsOf((c) => {
      c.name = "x".repeat(60);
      c.workerGroups[1].memory = "lots";
      c.workerGroups[0].maxReplicas = undefined;
    });
    expect(paths).toEqual(["name", "workerGroups[0].maxReplicas", "workerGroups[1].memory"]);
    const msg = describeIssues(checkClusterConfig({ name: "ok", head: { image: "rayproject/ray:2.60.0", cpus: 1, memory: "1" } }).errors);
    expect(msg).toMatch(/^head\.memory: memory '1' is 1 bytes/);
  });

  it("warns without blocking", () => {
    const c: any = twoGroupConfig();
    c.workerGroups[1].image = "rayproject/ray:2.60.0-py311";
    c.workerGroups[0].cpus = 1.5;
    c.workerGroups[0].maxReplicas = 0;
    c.workerGroups[0].replicas = 0;
    const { errors, warnings } = checkClusterConfig(c);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(expect.arrayContaining(["workerGroups[1].image", "workerGroups[0].cpus", "workerGroups[0].maxReplicas"]));
    expect(checkClusterConfig({ ...c, workerGroups: [] }).warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/nothing can run a backfill/));
  });

  it("keeps invalid values in the draft so the YAML view shows them", () => {
    const c: any = twoGroupConfig();
    c.workerGroups[0].memory = "8GB";
    const { config } = checkClusterConfig(c);
    expect(config.workerGroups[0].memory).toBe("8GB");
    expect(config.rayVersion).toBe("2.60.0");
    expect(config.autoscaling).toBe(true);
  });
});
