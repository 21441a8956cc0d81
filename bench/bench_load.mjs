#!/usr/bin/env node
// Load benchmark (issue 6 "Load"). Not a test: it measures and prints.
//
//   node bench/bench_load.mjs [--minutes 5] [--watchers 50] [--previews 10]   (after a build)
//
// Seeds a temp database (the demo `gallery`, 10,000 rows), starts `next start`,
// launches one slow backfill that runs longer than the benchmark, then for the
// whole duration keeps `watchers` SSE streams open on that job and `previews`
// preview loops (100 rows each, back to back), and samples /api/health once a
// second. Reports errors, latencies (p50/p95), the gaps between SSE progress
// events, and the memory of the server and of its preview processes over time.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MINUTES = arg("minutes", 5);
const WATCHERS = arg("watchers", 50);
const PREVIEWS = arg("previews", 10);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PY = path.join(ROOT, ".venv/bin/python");
const db = fs.mkdtempSync(path.join(os.tmpdir(), "bfs-bench-load-"));
execFileSync(PY, ["-m", "backfill_studio", "seed", "--uri", db], { env: { ...process.env, PYTHONPATH: path.join(ROOT, "python"), LANCE_LOG: "error" } });

const port = await new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
  cwd: ROOT, env: { ...process.env, LANCEDB_URI: db, NEXT_TELEMETRY_DISABLED: "1" }, stdio: "ignore",
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const call = (method, p, body) => new Promise((resolve, reject) => {
  const data = body ? JSON.stringify(body) : undefined;
  const req = http.request(url + p, { method, agent, headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {} }, (res) => {
    let out = "";
    res.on("data", (d) => (out += d));
    res.on("end", () => { try { resolve({ status: res.statusCode, body: out ? JSON.parse(out) : null }); } catch (e) { reject(e); } });
    res.on("error", reject);
  });
  req.on("error", reject);
  if (data) req.write(data);
  req.end();
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => { if (!xs.length) return null; const s = [...xs].sort((a, b) => a - b); return +s[Math.min(s.length - 1, Math.floor(s.length * p))].toFixed(1); };

/** RSS in MiB of a pid, and the sum over its descendants (Python processes). */
function memory(pid) {
  const rss = (p) => { try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))[1]) / 1024; } catch { return 0; } };
  const children = (p) => { try { return fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").split(" ").filter(Boolean).map(Number); } catch { return []; } };
  const all = []; const stack = children(pid);
  while (stack.length) { const c = stack.pop(); all.push(c); stack.push(...children(c)); }
  return { serverMiB: +rss(pid).toFixed(0), childrenMiB: +all.reduce((a, c) => a + rss(c), 0).toFixed(0), children: all.length };
}
const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

try {
  for (let i = 0; ; i++) { try { if ((await call("GET", "/api/health")).status === 200) break; } catch {} if (i > 400) throw new Error("server did not start"); await sleep(150); }

  // A job that outlives the benchmark: 400 batches of 25 rows, 0.9 s each, one worker.
  const slow = "import time\nfrom geneva import udf\n@udf(checkpoint_size=25)\ndef slow_len(title: str) -> int:\n    time.sleep(0.036)\n    return len(title)\n";
  const added = await call("POST", "/api/tables/gallery/columns", { name: "slow_len", source: slow });
  if (added.status !== 201) throw new Error(`add column: ${JSON.stringify(added.body)}`);
  const launched = await call("POST", "/api/tables/gallery/backfills", { column: "slow_len", concurrency: 1, checkpointSize: 25 });
  if (launched.status !== 202) throw new Error(`launch: ${JSON.stringify(launched.body)}`);
  const jobId = launched.body.jobId;
  for (;;) { const { body } = await call("GET", `/api/jobs/${jobId}`); if (body.state === "running" && body.rowsCheckpointed > 0) break; await sleep(250); }

  const end = Date.now() + MINUTES * 60_000;
  const t0 = Date.now();
  const stats = {
    sse: { connects: 0, connectMs: [], gapsMs: [], events: 0, errors: 0, errorSamples: [], endedEarly: 0 },
    preview: { ok: 0, errors: 0, errorSamples: [], ms: [] },
    health: { ok: 0, errors: 0, ms: [] },
    samples: [],
  };
  const note = (bucket, e) => { bucket.errors++; if (bucket.errorSamples.length < 5) bucket.errorSamples.push(String(e).slice(0, 200)); };

  // SSE watchers: connect, read events, measure time to first event and gaps between progress events.
  const watcher = async () => {
    while (Date.now() < end) {
      await new Promise((resolve) => {
        const started = Date.now();
        let last = null; let buf = ""; let stopping = false;
        const req = http.get(`${url}/api/jobs/${jobId}/events`, { agent: false }, (res) => {
          if (res.statusCode !== 200) { note(stats.sse, `status ${res.statusCode}`); res.resume(); return resolve(); }
          stats.sse.connects++;
          res.setEncoding("utf8");
          res.on("data", (d) => {
            buf += d;
            for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
              const frame = buf.slice(0, i); buf = buf.slice(i + 2);
              if (!/^event: progress/m.test(frame)) continue;
              const now = Date.now();
              stats.sse.events++;
              if (last === null) stats.sse.connectMs.push(now - started); else stats.sse.gapsMs.push(now - last);
              last = now;
            }
          });
          res.on("end", () => { if (Date.now() < end) stats.sse.endedEarly++; resolve(); });
          res.on("error", (e) => { if (!stopping) note(stats.sse, e.message); resolve(); });
        });
        req.on("error", (e) => { if (!stopping) note(stats.sse, e.message); resolve(); });
        const stop = setInterval(() => { if (Date.now() >= end) { clearInterval(stop); stopping = true; req.destroy(); resolve(); } }, 500);
      });
    }
  };
  // Preview loops: 100 rows, a scalar UDF, back to back.
  const previewLoop = async (k) => {
    const source = `from geneva import udf\n@udf\ndef n${k}(description: str) -> int:\n    return len(description.split())\n`;
    while (Date.now() < end) {
      const s = performance.now();
      try {
        const r = await call("POST", "/api/preview", { table: "gallery", source, limit: 100 });
        if (r.status === 200 && r.body.rows.length === 100) { stats.preview.ok++; stats.preview.ms.push(performance.now() - s); }
        else note(stats.preview, `status ${r.status}: ${JSON.stringify(r.body).slice(0, 150)}`);
      } catch (e) { note(stats.preview, e.message); }
    }
  };
  const healthLoop = async () => {
    while (Date.now() < end) {
      const s = performance.now();
      try { const r = await call("GET", "/api/health"); if (r.status === 200) { stats.health.ok++; stats.health.ms.push(performance.now() - s); } else stats.health.errors++; } catch { stats.health.errors++; }
      await sleep(1000);
    }
  };
  const sampler = async () => {
    while (Date.now() < end) {
      stats.samples.push({ s: Math.round((Date.now() - t0) / 1000), ...memory(server.pid), load1: loadavg()[0] });
      await sleep(10_000);
    }
    stats.samples.push({ s: Math.round((Date.now() - t0) / 1000), ...memory(server.pid), load1: loadavg()[0] });
  };
  const loadStart = loadavg();
  await Promise.all([
    ...Array.from({ length: WATCHERS }, watcher), ...Array.from({ length: PREVIEWS }, (_, k) => previewLoop(k)), healthLoop(), sampler(),
  ]);
  const job = (await call("GET", `/api/jobs/${jobId}`)).body;
  const mem = stats.samples.map((x) => x.serverMiB);
  const result = {
    when: new Date().toISOString(), minutes: MINUTES, watchers: WATCHERS, previews: PREVIEWS, cores: os.cpus().length,
    loadavgStart: loadStart, loadavgEnd: loadavg(), load1Samples: stats.samples.map((x) => x.load1),
    sse: { connects: stats.sse.connects, progressEvents: stats.sse.events, errors: stats.sse.errors, errorSamples: stats.sse.errorSamples, endedEarly: stats.sse.endedEarly,
      firstEventMs: { p50: pct(stats.sse.connectMs, 0.5), p95: pct(stats.sse.connectMs, 0.95) },
      gapMs: { p50: pct(stats.sse.gapsMs, 0.5), p95: pct(stats.sse.gapsMs, 0.95), max: pct(stats.sse.gapsMs, 1) } },
    preview: { ok: stats.preview.ok, errors: stats.preview.errors, errorSamples: stats.preview.errorSamples, perSecond: +(stats.preview.ok / (MINUTES * 60)).toFixed(1),
      ms: { p50: pct(stats.preview.ms, 0.5), p95: pct(stats.preview.ms, 0.95), max: pct(stats.preview.ms, 1) } },
    health: { ok: stats.health.ok, errors: stats.health.errors, ms: { p50: pct(stats.health.ms, 0.5), p95: pct(stats.health.ms, 0.95), max: pct(stats.health.ms, 1) } },
    serverMemoryMiB: { first: mem[0], last: mem[mem.length - 1], max: Math.max(...mem) },
    memorySamples: stats.samples,
    job: { state: job.state, rowsCheckpointed: job.rowsCheckpointed, rowsPlanned: job.rowsPlanned },
  };
  fs.mkdirSync(path.join(ROOT, "test-output", "bench"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "test-output", "bench", "load.json"), JSON.stringify(result, null, 1));
  console.log(JSON.stringify(result, null, 1));
} finally {
  server.kill("SIGTERM");
  await sleep(1000);
  fs.rmSync(db, { recursive: true, force: true });
}
