#!/usr/bin/env node
// Dashboard benchmark (issue 3 "Measure"). Not a test: it measures and prints.
//
//   node bench/bench_ui.mjs            (after `npm test` or `npm start` built .next)
//
// 1. First-load JavaScript of the table page and the job page (Monaco loads
//    lazily on the editor pages only, so it is not part of these).
// 2. Preview round trip for 100 rows, warm (median of 15 after 3 warm-ups).
// 3. Render time of the job page with 100k fragments (the real page; its
//    fragments answer replaced by a 100k-fragment fixture in the browser).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PY = path.join(ROOT, ".venv/bin/python");
const db = fs.mkdtempSync(path.join(os.tmpdir(), "bfs-bench-ui-"));
execFileSync(PY, ["-m", "backfill_studio", "seed", "--uri", db], { env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" } });

const port = await new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: ROOT, env: { ...process.env, LANCEDB_URI: db, NEXT_TELEMETRY_DISABLED: "1" }, stdio: "ignore",
});
const call = (method, p, body) => new Promise((resolve, reject) => {
  const data = body ? JSON.stringify(body) : undefined;
  const req = http.request(url + p, { method, headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {} }, (res) => {
    let out = ""; res.on("data", (d) => (out += d)); res.on("end", () => resolve({ status: res.statusCode, body: out ? JSON.parse(out) : null }));
  });
  req.on("error", reject); if (data) req.write(data); req.end();
});
try {
  for (let i = 0; ; i++) { try { if ((await call("GET", "/api/health")).status === 200) break; } catch {} if (i > 200) throw new Error("server did not start"); await new Promise((r) => setTimeout(r, 150)); }

  // A finished job to open.
  const { body: launched } = await call("POST", "/api/tables/gallery/backfills", { column: "word_count", concurrency: 2 });
  for (;;) { const { body } = await call("GET", `/api/jobs/${launched.jobId}`); if (["succeeded", "failed"].includes(body.state)) break; await new Promise((r) => setTimeout(r, 250)); }

  // 2. Preview round trip, 100 rows, warm.
  const source = "from geneva import udf\n@udf\ndef n(description: str) -> int:\n    return len(description.split())\n";
  const times = [];
  for (let i = 0; i < 18; i++) {
    const t0 = performance.now();
    const r = await call("POST", "/api/preview", { table: "gallery", source, limit: 100 });
    if (r.status !== 200 || r.body.rows.length !== 100) throw new Error(`preview failed: ${JSON.stringify(r.body).slice(0, 200)}`);
    if (i >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const preview = { runs: times.length, medianMs: +times[Math.floor(times.length / 2)].toFixed(1), p90Ms: +times[Math.floor(times.length * 0.9)].toFixed(1), minMs: +times[0].toFixed(1) };

  // 1. First-load JS.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const firstLoad = async (p) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const scripts = [];
    page.on("response", async (res) => {
      if (res.request().resourceType() !== "script") return;
      try { const b = await res.body(); scripts.push({ url: new URL(res.url()).pathname, raw: b.length, gzip: zlib.gzipSync(b).length }); } catch {}
    });
    await page.goto(url + p, { waitUntil: "networkidle" });
    await ctx.close();
    const sum = (k) => scripts.reduce((a, s) => a + s[k], 0);
    return { page: p, scripts: scripts.length, rawKiB: +(sum("raw") / 1024).toFixed(1), gzipKiB: +(sum("gzip") / 1024).toFixed(1), monaco: scripts.some((s) => s.url.includes("monaco")) };
  };
  const tablePage = await firstLoad("/tables/gallery");
  const jobPage = await firstLoad(`/jobs/${launched.jobId}`);

  // 3. Job page with 100k fragments.
  const N = 100_000;
  const ids = Array.from({ length: N }, (_, i) => i);
  const fixture = JSON.stringify({ states: ["pending", "running", "checkpointed", "committed", "failed"], ids,
    rows: ids.map(() => 1000), batches: ids.map(() => 1), batchesDone: ids.map((i) => (i < 60_000 ? 1 : 0)),
    state: ids.map((i) => (i % 97 === 0 ? 4 : i < 60_000 ? 3 : i < 61_000 ? 1 : 0)) });
  const renders = [];
  for (let run = 0; run < 3; run++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.route(`**/api/jobs/${launched.jobId}/fragments`, (r) => r.fulfill({ status: 200, contentType: "application/json", body: fixture }));
    const t0 = Date.now();
    await page.goto(`${url}/jobs/${launched.jobId}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="fragment-grid"]')?.getAttribute("data-drawn") === String(n), N, { timeout: 60_000 });
    const wall = Date.now() - t0;
    const drawMs = Number(await page.getByTestId("fragment-grid").getAttribute("data-draw-ms"));
    renders.push({ navigationToGridMs: wall, gridDrawMs: drawMs });
    await ctx.close();
  }
  await browser.close();
  const result = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), load: os.loadavg().map((l) => +l.toFixed(2)) },
    firstLoad: [tablePage, jobPage], preview100Warm: preview, jobPage100kFragments: renders };
  fs.mkdirSync(path.join(ROOT, "bench", "out"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench", "out", "ui.json"), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
} finally {
  server.kill("SIGTERM");
  fs.rmSync(db, { recursive: true, force: true });
}
