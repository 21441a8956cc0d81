// Access control in Chromium: sign-in, an admin adding a viewer on the users
// page, the viewer seeing what they cannot do (disabled, with the reason),
// and the admin's audit log showing the refused and allowed actions.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PYTHON, ROOT, startServer, tempDir, type TestServer } from "../helpers/server";
import { launchBrowser, newPage, screenshot } from "./browser";

const ADMIN_PW = "an admin password for e2e";
const VIEWER_PW = "a viewer password for e2e";
let srv: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const db = path.join(tempDir("bfs-e2e-access-"), "db");
  const seed = promisify(execFile)(PYTHON, ["-m", "backfill_studio", "seed", "--uri", db], {
    cwd: ROOT, env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" },
  });
  [srv, browser] = await Promise.all([seed.then(() => startServer(db, { BFS_AUTH: "on", BFS_ADMIN_PASSWORD: ADMIN_PW })), launchBrowser()]);
  ({ page } = await newPage(browser));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function signIn(name: string, password: string) {
  await page.getByTestId("login-name").fill(name);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
}

it("signs in, adds a viewer, and the viewer sees what their role cannot do", async () => {
  await page.goto(`${srv.url}/tables/gallery`);
  await page.waitForURL(/\/login\?next=%2Ftables%2Fgallery$/);
  await signIn("admin", "not the password");
  expect(await page.getByTestId("login-error").innerText()).toBe("wrong user name or password");
  await screenshot(page, "access-1-login-error");
  await page.getByTestId("login-password").fill(ADMIN_PW);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(`${srv.url}/tables/gallery`); // back where the user was going
  expect(await page.getByTestId("user-role").innerText()).toBe("admin");

  await page.getByRole("link", { name: "Users" }).click();
  await page.waitForURL(`${srv.url}/admin/users`);
  await page.getByTestId("new-user-name").fill("vera");
  await page.getByTestId("new-user-role").selectOption("viewer");
  await page.getByTestId("new-user-password").fill(VIEWER_PW);
  await page.getByTestId("add-user").click();
  await page.getByTestId("user-row-vera").waitFor();
  await screenshot(page, "access-2-users");
  await page.getByTestId("sign-out").click();
  await page.waitForURL(/\/login/);

  await signIn("vera", VIEWER_PW);
  await page.waitForURL(`${srv.url}/`);
  expect(await page.getByTestId("user-role").innerText()).toBe("viewer");
  await page.goto(`${srv.url}/tables/gallery`);
  const newUdf = page.getByTestId("new-udf-disabled");
  await newUdf.waitFor();
  expect(await newUdf.getAttribute("title")).toBe("your role (viewer) cannot write UDFs and run previews: that needs the author role");
  await page.goto(`${srv.url}/tables/gallery/columns/word_count/backfill`);
  const why = page.getByTestId("launch-not-allowed");
  await why.waitFor();
  expect(await why.innerText()).toMatch(/cannot launch, cancel or resume backfills: that needs the operator role/);
  expect(await page.getByTestId("launch").isDisabled()).toBe(true);
  await screenshot(page, "access-3-viewer-launcher");
  // the API refuses too, whatever the UI shows
  const refused = await page.evaluate(async () => {
    const csrf = decodeURIComponent(/bfs_csrf=([^;]*)/.exec(document.cookie)![1]);
    const r = await fetch("/api/tables/gallery/backfills", { method: "POST", headers: { "content-type": "application/json", "x-bfs-csrf": csrf }, body: JSON.stringify({ column: "word_count" }) });
    return { status: r.status, body: await r.json() };
  });
  expect(refused.status).toBe(403);
  expect(await page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
  await page.getByTestId("sign-out").click();
  await page.waitForURL(/\/login/);

  await signIn("admin", ADMIN_PW);
  await page.waitForURL(`${srv.url}/`);
  await page.goto(`${srv.url}/admin/audit?user=vera&outcome=denied`);
  const rows = page.getByTestId("audit-row");
  await rows.first().waitFor();
  expect(await rows.count()).toBe(1);
  expect(await rows.first().innerText()).toMatch(/vera[\s\S]*POST \/api\/tables\/gallery\/backfills[\s\S]*denied 403/);
  expect(await rows.first().innerText()).toContain('{"body":{"column":"word_count"}}');
  await screenshot(page, "access-4-audit");
}, 240_000);
