// The cluster designer in real Chromium against the built server: design two
// worker groups, see a field error appear on the field and go away, watch the
// YAML follow, save, save a second version and read the diff, then create the
// RayCluster on the TEST-ONLY Kubernetes API server and watch its status.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeKube, type FakeKube } from "../helpers/fake-kube-api";
import { startServer, tempDir, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

let srv: TestServer;
let browser: Browser;
let fake: FakeKube;
let db: string;

const yaml = async (page: Page) => (await page.getByTestId("manifest-yaml").textContent()) ?? "";
const field = (page: Page, path: string) => page.getByTestId(`field-${path}`);

beforeAll(async () => {
  db = tempDir("bfs-e2e-designer-");
  fake = await startFakeKube({ namespace: "team-a" });
  [srv, browser] = await Promise.all([startServer(db, { KUBECONFIG: fake.kubeconfig }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await fake?.stop();
  if (db) fs.rmSync(db, { recursive: true, force: true });
});

describe("cluster designer", () => {
  it("designs two worker groups with live validation and YAML, saves, and diffs versions", async () => {
    const { page, external, consoleErrors } = await newPage(browser);
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(`${srv.url}/cluster-configs`);
    await expect.poll(() => page.getByText("No cluster designs yet").count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole("link", { name: "Cluster designs" }).getAttribute("aria-current")).toBe("page");
    await page.getByTestId("new-config").click();
    await page.waitForURL(/\/cluster-configs\/new$/);

    await field(page, "name").fill("embeddings");
    await page.getByTestId("add-gpu-group").click();
    await expect.poll(() => yaml(page)).toContain("groupName: gpu");
    expect(await yaml(page)).toContain("groupName: cpu");
    expect(await yaml(page)).toContain("nvidia.com/gpu: 1");
    await expect.poll(() => page.getByText("valid (KubeRay 1.7.0 CRD)").count(), { timeout: 20_000 }).toBe(1);

    // a field error appears on the field as one types, and goes away when fixed
    await field(page, "workerGroups[1].memory").fill("16GB");
    await expect.poll(() => page.getByTestId("error-workerGroups[1].memory").textContent()).toMatch(/'16GB' is not a quantity/);
    expect(await page.getByText("1 error").count()).toBe(1);
    expect(await page.getByTestId("save").isDisabled()).toBe(true);
    expect(await yaml(page)).toContain("memory: 16GB"); // the YAML shows what was typed
    await screenshot(page, "cluster-designer-field-error");
    await page.getByTestId("save").screenshot({ path: `${process.cwd()}/test-output/screenshots/cluster-designer-save-disabled.png` });
    await field(page, "workerGroups[1].memory").fill("32Gi");
    await expect.poll(() => page.getByTestId("error-workerGroups[1].memory").count()).toBe(0);
    await expect.poll(() => yaml(page)).toContain("memory: 32Gi");

    // KubeRay's rule min ≤ max, on the min field
    await field(page, "workerGroups[1].minReplicas").fill("9");
    await expect.poll(() => page.getByTestId("error-workerGroups[1].minReplicas").textContent()).toMatch(/minReplicas \(9\) is more than maxReplicas \(4\)/);
    await field(page, "workerGroups[1].minReplicas").fill("0");
    await expect.poll(() => page.getByTestId("error-workerGroups[1].minReplicas").count()).toBe(0);
    await expect.poll(() => page.getByText("valid (KubeRay 1.7.0 CRD)").count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, "cluster-designer-two-groups");

    await page.getByTestId("save").click();
    await page.waitForURL(/\/cluster-configs\/embeddings$/);
    await expect.poll(() => page.getByText("v1", { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // a second version: more GPU workers
    await field(page, "workerGroups[1].maxReplicas").fill("8");
    await expect.poll(() => yaml(page)).toContain("maxReplicas: 8");
    expect(await page.getByText("unsaved changes").count()).toBe(1);
    await page.getByLabel("version note").fill("more GPUs");
    await page.getByTestId("save").click();
    await expect.poll(() => page.getByTestId("saved-message").textContent(), { timeout: 20_000 }).toBe("Saved v2");
    await expect.poll(() => page.getByTestId("save").isDisabled()).toBe(true); // nothing new to save
    await expect.poll(() => page.getByTestId("diff-changes").textContent(), { timeout: 20_000 }).toContain("workerGroups[gpu].maxReplicas");
    expect(await page.getByTestId("diff-changes").textContent()).toContain("4 → 8");
    await page.getByText("Show the manifest diff").click();
    const diffYaml = await page.getByTestId("diff-yaml").textContent();
    expect(diffYaml).toContain("-    maxReplicas: 4");
    expect(diffYaml).toContain("+    maxReplicas: 8");
    expect(await page.getByTestId("versions").textContent()).toContain("“more GPUs”");
    await screenshot(page, "cluster-designer-version-diff");

    // Kubernetes: create the RayCluster and watch it become ready (test-only API server)
    await page.getByTestId("kube-create").click();
    const row = page.getByTestId("raycluster-team-a-embeddings");
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain("ready: head ready, 1/1 workers ready");
    expect(await row.textContent()).toMatch(/gpu0\/0 ready/);
    expect(fake.rayclusters.get("team-a/embeddings").spec.workerGroupSpecs[1].maxReplicas).toBe(8);
    await screenshot(page, "cluster-designer-kubernetes");

    // an older version opens read-back into the form, ready to be saved as the newest
    await page.getByRole("button", { name: "Open" }).click();
    await page.waitForURL(/\?version=1$/);
    await expect.poll(() => page.getByText("v1 of 2").count(), { timeout: 20_000 }).toBe(1);
    expect(await yaml(page)).toContain("maxReplicas: 4");
    expect(await page.getByTestId("save").isDisabled()).toBe(false);

    await page.getByRole("link", { name: "Cluster designs" }).first().click();
    await expect.poll(() => page.getByTestId("config-list").textContent(), { timeout: 20_000 }).toContain("gpu 0–8× 8 CPU/32Gi/1 GPU");
    await screenshot(page, "cluster-designs-list");

    expect(external).toEqual([]);
    // the only failed load is the favicon (and pages of areas other branches add, prefetched by the nav links)
    expect(failed.filter((f) => !/^404 \/(favicon\.ico|clusters)$/.test(f))).toEqual([]);
    expect(consoleErrors.filter((e) => !e.startsWith("Failed to load resource"))).toEqual([]);
  });
});
