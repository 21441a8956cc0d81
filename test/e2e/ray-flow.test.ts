// The Ray side of the dashboard in real Chromium: start Local Ray with one
// click, see its health, get a clear error for a cluster that does not answer,
// then backfill the demo column on Ray from the launcher and watch the job
// succeed with exactly the values computed independently here.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readColumn } from "../helpers/python";
import { PYTHON, ROOT, startServer, tempDir, waitForJob, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

let srv: TestServer;
let browser: Browser;
let page: Page;
let external: string[];
let db: string;

beforeAll(async () => {
  db = path.join(tempDir("bfs-e2e-ray-"), "db");
  const seed = promisify(execFile)(PYTHON, ["-m", "backfill_studio", "seed", "--uri", db], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" },
  });
  [srv, browser] = await Promise.all([seed.then(() => startServer(db)), launchBrowser()]);
  ({ page, external } = await newPage(browser));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (srv) {
    await srv.api("/api/clusters/local-ray", { method: "DELETE" }).catch(() => undefined);
    await srv.stop();
  }
  // a head left behind by a failed run must not outlive the test
  for (const f of findFiles(db, "local-ray.json")) {
    try {
      process.kill(JSON.parse(fs.readFileSync(f, "utf8")).pid, "SIGTERM");
    } catch {
      // already stopped
    }
  }
}, 120_000);

function findFiles(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name === name).map((e) => path.join(e.parentPath, e.name));
}

it("starts Local Ray, shows its health and explains a cluster that does not answer", async () => {
  await page.goto(`${srv.url}/`);
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "Clusters" }).click();
  await page.waitForURL(`${srv.url}/clusters`);
  await page.getByText("No cluster registered yet").waitFor();

  await page.getByTestId("start-local-ray").click();
  const row = page.getByTestId("cluster-row-local-ray");
  await row.getByText("up", { exact: true }).waitFor({ timeout: 180_000 });
  expect(await row.innerText()).toMatch(/2\.\d+\.\d+/); // Ray's version
  expect(await row.innerText()).toMatch(/1 alive/);
  expect(await row.innerText()).toMatch(/\d CPU/);
  await screenshot(page, "ray-1-clusters");

  // a cluster that does not answer is refused with the reason, and nothing is stored
  await page.getByTestId("cluster-name").fill("nowhere");
  await page.getByTestId("cluster-address").fill("http://127.0.0.1:9");
  await page.getByTestId("register-cluster").click();
  const err = page.getByTestId("register-error");
  await err.waitFor();
  expect(await err.innerText()).toMatch(/cluster 'nowhere' is unreachable/);
  expect(await page.getByTestId("cluster-row-nowhere").count()).toBe(0);
  await screenshot(page, "ray-2-register-error");

  await row.getByRole("link", { name: "local-ray" }).click();
  await page.waitForURL(`${srv.url}/clusters/local-ray`);
  const nodes = page.getByTestId("node-row");
  await nodes.first().waitFor();
  expect(await nodes.count()).toBe(1);
  expect(await nodes.first().innerText()).toMatch(/head[\s\S]*alive/);
  await screenshot(page, "ray-3-cluster");
}, 240_000);

it("backfills the demo column on Ray from the launcher and shows the Ray job live", async () => {
  await page.goto(`${srv.url}/tables/gallery/columns/word_count/backfill`);
  const runner = page.getByTestId("runner-select");
  await runner.waitFor();
  await runner.selectOption("ray:local-ray");
  await page.getByTestId("worker-group-select").waitFor();
  expect(await page.getByTestId("worker-group-select").inputValue()).toBe("any");
  const launch = page.getByTestId("launch");
  await expect.poll(() => launch.innerText(), { timeout: 60_000 }).toBe("Launch backfill of 10,000 rows");
  await screenshot(page, "ray-4-launcher");
  await launch.click();
  await page.waitForURL(/\/jobs\/bf-/, { timeout: 120_000 });
  const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
  expect(await page.getByTestId("job-cluster").innerText()).toMatch(/^Ray · local-ray/);

  const job = await waitForJob(srv, id, undefined, 300_000);
  expect(job.state, job.error).toBe("succeeded");
  expect(job).toMatchObject({ runner: "ray", cluster: "local-ray", rowsCommitted: 10_000 });
  await page.getByText("succeeded").first().waitFor();
  // the driver's log reached the page (it names the Ray submission)
  await page.getByText(/Running entrypoint for job/).first().waitFor({ timeout: 30_000 });
  await screenshot(page, "ray-5-job");

  const descriptions = readColumn(db, "gallery", "description") as string[];
  const counts = readColumn(db, "gallery", "word_count") as number[];
  expect(counts).toEqual(descriptions.map((d) => d.split(/\s+/).filter(Boolean).length));
  expect(external).toEqual([]);
}, 420_000);
