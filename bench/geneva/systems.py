"""The three systems behind one interface: Geneva with its local Ray (a
geneva_side.py process in Geneva's venv), and Backfill Studio driven through
its HTTP API on the built Next server (`next start`), on the local runner or on
a local Ray head that the server starts (`POST /api/clusters {"kind": "local-ray"}`).

Every method that runs a backfill returns (t0, t1) in epoch seconds, so the
caller can cut the RSS samples to that window."""

from __future__ import annotations

import json
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

import procs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
OUR_PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
GENEVA_PYTHON = os.path.join(ROOT, "bench", ".venv-geneva", "bin", "python")


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("RAY_ADDRESS", "VIRTUAL_ENV", "PYTHONPATH")}
    env.update(RAY_USAGE_STATS_ENABLED="0", **extra)
    return env


# ---------------------------------------------------------------------------- Geneva
class Geneva:
    name = "geneva"

    def __init__(self, db: str, logdir: str, num_cpus: float, concurrency: int, checkpoint: int, ray_env: dict,
                 applier_memory: int | None = None):
        self.db, self.logdir, self.num_cpus, self.ray_env = db, logdir, num_cpus, ray_env
        self.applier_memory = applier_memory
        self.concurrency, self.checkpoint = concurrency, checkpoint
        self.proc: subprocess.Popen | None = None
        self.ray_temp = ""
        self.ray_temps: list[str] = []
        self.versions: dict = {}
        self.startup_s = 0.0
        self._n = 0

    @property
    def root_pid(self) -> int:
        return self.proc.pid

    def start(self) -> None:
        self._n += 1
        self.ray_temp = f"/tmp/gnv-{secrets.token_hex(3)}"
        self.ray_temps.append(self.ray_temp)
        # A private HOME: Ray 2.60's local ray.init() writes ~/.ray/auth_token, and
        # every later `ray start` on the machine (other people's too) would then
        # turn token auth on. Geneva keeps its default behaviour inside this HOME.
        home = os.path.join(os.path.dirname(self.db), "geneva-home")
        os.makedirs(home, exist_ok=True)
        log = open(os.path.join(self.logdir, f"geneva-{self._n}.log"), "w")
        t0 = time.time()
        self.proc = subprocess.Popen(
            [GENEVA_PYTHON, os.path.join(HERE, "geneva_side.py"), "serve", "--db", self.db,
             "--ray-temp", self.ray_temp, "--num-cpus", str(self.num_cpus)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, env=_env(HOME=home, **self.ray_env), cwd=HERE)
        self._q: queue.Queue = queue.Queue()

        def pump(out, q, log):
            for line in out:
                if line.startswith("@@BENCH "):
                    q.put(json.loads(line[8:]))
                else:
                    log.write(line)
            q.put(None)

        threading.Thread(target=pump, args=(self.proc.stdout, self._q, log), daemon=True).start()
        ready = self._read(600)
        self.startup_s = time.time() - t0
        self.versions = ready["versions"]
        self.ray_init_s = ready["rayInitS"]

    def _read(self, timeout: float) -> dict:
        try:
            msg = self._q.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"Geneva side: no answer in {timeout} s (log: {self.logdir})")
        if msg is None:
            raise RuntimeError(f"Geneva side exited (rc {self.proc.wait()}); see {self.logdir}/geneva-{self._n}.log")
        if msg.get("ok") is False:
            raise RuntimeError(f"Geneva side: {msg['error']}\n{msg.get('trace', '')}")
        return msg

    def _send(self, cmd: dict) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def call(self, cmd: dict, timeout: float = 7200) -> dict:
        self._send(cmd)
        return self._read(timeout)

    def add_column(self, table: str, column: str, source: str) -> None:
        self.call({"op": "add_column", "table": table, "column": column, "source": source})

    def _bf(self, table: str, column: str) -> dict:
        return {"op": "backfill", "table": table, "column": column, "concurrency": self.concurrency,
                "checkpoint": self.checkpoint, "memory": self.applier_memory}

    def backfill(self, table: str, column: str) -> tuple[float, float]:
        r = self.call(self._bf(table, column))
        if r["status"] != "DONE":
            raise RuntimeError(f"Geneva backfill {column}: status {r['status']}")
        return r["t0"], r["t1"]

    def backfill_start(self, table: str, column: str) -> None:
        self._send(self._bf(table, column))

    def crash(self, mode: str = "driver") -> dict:
        """SIGKILL the Geneva client process, whose local Ray (and with it the job's
        driver task and appliers) fate-shares with it; mode "tree" SIGKILLs the
        client and every process under it at once, so nothing can finish a call."""
        victims = procs.tree(self.proc.pid) if mode == "tree" else [self.proc.pid]
        procs.kill_now(victims)
        self.proc.wait()
        time.sleep(1.0)
        survivors = len(procs.pids_with(self.ray_temp))
        procs.kill_all_with(self.ray_temp)
        return {"killed": len(victims), "rayProcessesLeftAfterKill": survivors}

    def resume(self, table: str, column: str) -> tuple[float, float]:
        """Geneva has no resume-by-job-id: re-running the same backfill in a new
        client reuses the checkpoints (default where = `col IS NULL`)."""
        self.start()
        return self.backfill(table, column)

    def append(self, table: str, start: int, count: int) -> None:
        self.call({"op": "append", "table": table, "start": start, "count": count})

    def digest(self, table: str, column: str) -> dict:
        r = self.call({"op": "digest", "table": table, "column": column})
        return {k: r[k] for k in ("rows", "nulls", "sha256")}

    def stop(self, graceful: bool = True) -> None:
        if self.proc and self.proc.poll() is None and not graceful:
            self.proc.kill()
        if self.proc and self.proc.poll() is None:
            try:
                self.call({"op": "exit"}, timeout=120)
            except Exception:
                pass
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self.ray_temps:
            procs.kill_all_with(t)
            subprocess.run(["rm", "-rf", t])


# ---------------------------------------------------------------------------- ours
def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _iso(ts: str) -> float:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()


class Ours:
    """Backfill Studio through its API on the built server; runner "local" or "ray"."""

    def __init__(self, runner: str, db: str, logdir: str, concurrency: int, checkpoint: int, ray_env: dict):
        self.runner, self.db, self.logdir, self.ray_env = runner, db, logdir, ray_env
        self.name = f"ours-{runner}"
        self.concurrency, self.checkpoint = concurrency, checkpoint
        self.proc: subprocess.Popen | None = None
        self.ray_temp: str | None = None
        self.startup_s = 0.0
        self.cluster_start_s = 0.0
        self._job: str | None = None

    @property
    def root_pid(self) -> int:
        return self.proc.pid

    def api(self, path: str, body: dict | None = None, method: str | None = None, timeout: float = 300) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method or ("POST" if data is not None else "GET"),
                                     headers={"content-type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def start(self) -> None:
        if not os.path.exists(os.path.join(ROOT, ".next", "BUILD_ID")):
            raise RuntimeError("no Next build: run `node node_modules/next/dist/bin/next build` first")
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = open(os.path.join(self.logdir, f"{self.name}-server.log"), "w")
        t0 = time.time()
        # The same command line as test/helpers/server.ts (what `npm start` serves).
        self.proc = subprocess.Popen(
            ["node", os.path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", str(port), "-H", "127.0.0.1",
             "--keepAliveTimeout", "70000"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env=_env(LANCEDB_URI=self.db, BFS_PYTHON=OUR_PYTHON, NEXT_TELEMETRY_DISABLED="1",
                     **(self.ray_env if self.runner == "ray" else {})))
        deadline = time.time() + 120
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited; see {self.logdir}/{self.name}-server.log")
            try:
                if self.api("/api/health", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        self.startup_s = time.time() - t0
        if self.runner == "ray":
            t0 = time.time()
            st, body = self.api("/api/clusters", {"kind": "local-ray"}, timeout=300)
            if st != 201:
                raise RuntimeError(f"register local-ray: {st} {body}")
            self.cluster_start_s = time.time() - t0
            for p in procs.tree(self.proc.pid):
                c = procs.cmdline(p)
                if "--temp-dir=" in c:
                    self.ray_temp = c.split("--temp-dir=", 1)[1].split()[0]
                    break

    def add_column(self, table: str, column: str, source: str) -> None:
        st, body = self.api(f"/api/tables/{table}/columns", {"name": column, "source": source})
        if st != 201:
            raise RuntimeError(f"add column {column}: {st} {body}")

    def _launch(self, table: str, column: str) -> tuple[float, str]:
        body = {"column": column, "concurrency": self.concurrency, "checkpointSize": self.checkpoint}
        if self.runner == "ray":
            body.update(runner="ray", cluster="local-ray")
        t0 = time.time()
        st, res = self.api(f"/api/tables/{table}/backfills", body)
        if st != 202:
            raise RuntimeError(f"backfill {column}: {st} {res}")
        return t0, res["jobId"]

    def _wait(self, job_id: str, states=("succeeded", "failed", "cancelled"), timeout: float = 7200) -> dict:
        deadline = time.time() + timeout
        while True:
            st, job = self.api(f"/api/jobs/{job_id}")
            if st == 200 and job["state"] in states:
                return job
            if time.time() > deadline:
                raise RuntimeError(f"job {job_id} stuck: {job}")
            time.sleep(0.1)

    def backfill(self, table: str, column: str) -> tuple[float, float]:
        t0, job_id = self._launch(table, column)
        job = self._wait(job_id)
        if job["state"] != "succeeded":
            raise RuntimeError(f"job {job_id} {job['state']}: {job.get('error')}")
        return t0, _iso(job["finishedAt"])

    def backfill_start(self, table: str, column: str) -> None:
        self._job = self._launch(table, column)[1]

    def _driver_pid(self) -> int | None:
        for p in procs.tree(self.proc.pid):
            c = procs.cmdline(p)
            # The Python driver itself, not a shell wrapping it (Ray runs entrypoints via sh -c).
            if "backfill_studio" in c and "run-job" in c and self._job in c and "python" in c.split(" ", 1)[0]:
                return p
        return None

    def crash(self, mode: str = "driver") -> dict:
        """SIGKILL the job's driver process (`python -m backfill_studio run-job`):
        the local runner's child, or the Ray job's entrypoint process. Mode "tree"
        also SIGKILLs, in the same instant, its workers (local: the driver's
        descendants; Ray: this server's head's BatchActor processes)."""
        pid = None
        for _ in range(50):
            pid = self._driver_pid()
            if pid:
                break
            time.sleep(0.1)
        if not pid:
            raise RuntimeError("driver process not found")
        victims = [pid]
        if mode == "tree":
            victims = procs.tree(pid) + [p for p in procs.tree(self.proc.pid) if procs.cmdline(p).startswith("ray::BatchActor")]
        procs.kill_now(victims)
        job = self._wait(self._job, states=("failed", "cancelled", "succeeded"), timeout=600)
        return {"killed": len(set(victims)), "stateAfterKill": job["state"]}

    def resume(self, table: str, column: str) -> tuple[float, float]:
        t0 = time.time()
        st, body = self.api(f"/api/jobs/{self._job}/resume", {})
        if st != 202:
            raise RuntimeError(f"resume: {st} {body}")
        job = self._wait(self._job)
        if job["state"] != "succeeded":
            raise RuntimeError(f"resumed job {self._job} {job['state']}: {job.get('error')}")
        return t0, _iso(job["finishedAt"])

    def append(self, table: str, start: int, count: int) -> None:
        import dataset
        import lance

        lance.write_dataset(dataset.rows(start, count), os.path.join(self.db, f"{table}.lance"), mode="append")

    def digest(self, table: str, column: str) -> dict:
        import dataset
        import lance

        ds = lance.dataset(os.path.join(self.db, f"{table}.lance"))
        return dataset.digest(ds.to_table(columns=["id", column]), column)

    def stop(self, graceful: bool = True) -> None:
        if self.proc and self.proc.poll() is None:
            if self.runner == "ray":
                try:
                    self.api("/api/clusters/local-ray", method="DELETE", timeout=120)
                except Exception:
                    pass
            # `next start` runs the app in a child `next-server`: end the whole tree,
            # gently first, then whatever of it is left (same pid and command line).
            left = {p: procs.cmdline(p) for p in procs.tree(self.proc.pid)}
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
            procs.end(left)
            self.proc.wait()
        if self.ray_temp:
            procs.kill_all_with(self.ray_temp)
            subprocess.run(["rm", "-rf", self.ray_temp])
