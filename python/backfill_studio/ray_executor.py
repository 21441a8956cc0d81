"""Run a job's batches on a Ray cluster: the driver's executor when
params.json says `"executor": "ray"` (the driver then runs as a Ray job).

`concurrency` actors each hold one `BatchWorker` (the UDF loaded once, a
stateful `setup()` run once per actor), requesting the UDF's `num_cpus`,
`num_gpus` and `memory` plus the worker group the user picked (a node label
selector or a custom resource). Each actor has at most `PREFETCH` batches in
flight. An actor that dies (its node was lost, its process was killed) has its
batches re-queued and is replaced; checkpoints and commits are the driver's,
exactly as with local workers. Ray is imported only here.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import defaultdict, deque
from typing import Dict, Optional

import ray

PREFETCH = 2
MAX_CRASHES_PER_BATCH = 3
WAITING_LOG_S = 30.0


@ray.remote(max_restarts=0, max_task_retries=0)
class BatchActor:
    def __init__(self, params: dict):
        from .worker import BatchWorker, WorkerSetupError

        self.worker = None
        self.error = None
        try:
            self.worker = BatchWorker(params)
        except WorkerSetupError as e:
            self.error = {"message": e.message, "traceback": e.traceback}

    def ready(self) -> dict:
        return {"pid": os.getpid(), "node": ray.get_runtime_context().get_node_id(), "error": self.error}

    def run(self, batch_id: int, fragment: int, offsets, path: str) -> dict:
        return self.worker.run(batch_id, fragment, offsets, path)


def actor_options(params: dict, loaded_udf) -> dict:
    """Ray options of one worker actor: the UDF's resources and the worker group."""
    cfg = params.get("ray") or {}
    opts: dict = {"num_cpus": loaded_udf.num_cpus, "num_gpus": loaded_udf.num_gpus}
    if loaded_udf.memory:
        opts["memory"] = loaded_udf.memory
    if cfg.get("resources"):
        opts["resources"] = dict(cfg["resources"])
    if cfg.get("labelSelector"):
        opts["label_selector"] = dict(cfg["labelSelector"])
    return opts


def compute_on_ray(driver, pending: deque) -> Optional[dict]:
    from .loader import load_udf

    p = driver.p
    cfg = p.get("ray") or {}
    if not ray.is_initialized():
        ray.init(logging_level="WARNING", log_to_driver=True)
    opts = actor_options(p, load_udf(p["source"]).udf)
    pending_timeout = float(cfg.get("pendingTimeoutS", 600))
    n_actors = max(1, min(int(p.get("concurrency", 2)), len(pending)))

    # Cancel (Ray's job stop) sends SIGTERM: stop dispatching, kill the actors, exit.
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())

    actors: Dict[int, dict] = {}
    refs: Dict[ray.ObjectRef, tuple] = {}  # ref -> (actor id, batch index or None for ready())
    crashes: Dict[int, int] = defaultdict(int)
    next_id = [0]

    def start_actor():
        aid = next_id[0]
        next_id[0] += 1
        h = BatchActor.options(**opts).remote(p)
        actors[aid] = {"h": h, "inflight": set(), "ready": False, "since": time.time()}
        refs[h.ready.remote()] = (aid, None)

    def feed(aid):
        a = actors[aid]
        while a["ready"] and len(a["inflight"]) < PREFETCH and pending:
            i = pending.popleft()
            frag, offs, path = driver.batches[i]
            refs[a["h"].run.remote(i, frag, offs, path)] = (aid, i)
            a["inflight"].add(i)

    def lose_actor(aid, reason: str) -> Optional[dict]:
        a = actors.pop(aid)
        lost = sorted(a["inflight"])
        for r, (owner, _) in list(refs.items()):
            if owner == aid:
                del refs[r]
        failure = None
        for i in lost:
            crashes[i] += 1
            if crashes[i] >= MAX_CRASHES_PER_BATCH:
                failure = {"errorType": "WorkerCrashed", "rowAddress": None, "action": "failed", "traceback": "",
                           "message": f"Ray worker lost {crashes[i]} times on a batch of fragment {driver.batches[i][0]}: {reason}"}
        pending.extendleft(reversed(lost))
        try:
            ray.kill(a["h"], no_restart=True)
        except Exception:
            pass
        driver.ev.emit("worker", worker=aid, state="died", reason=reason[:500], requeued=len(lost))
        return failure

    for _ in range(n_actors):
        start_actor()
    last_commit = time.time()
    last_wait_log = time.time()
    failure: Optional[dict] = None
    try:
        while (pending or any(a["inflight"] for a in actors.values())) and failure is None and not stop.is_set():
            done, _ = ray.wait(list(refs), num_returns=1, timeout=0.25) if refs else ([], [])
            if done:  # take everything else that is ready too
                more, _ = ray.wait([r for r in refs if r not in done], num_returns=len(refs) - 1, timeout=0) if len(refs) > 1 else ([], [])
                done = done + more
            for ref in done:
                if ref not in refs:
                    continue  # its actor was already dropped
                aid, i = refs.pop(ref)
                try:
                    res = ray.get(ref)
                except Exception as e:  # the actor died (node lost, process killed) or Ray failed the call
                    if aid in actors:
                        failure = lose_actor(aid, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") or failure
                        start_actor()
                    continue
                a = actors.get(aid)
                if a is None:
                    continue
                if i is None:  # ready()
                    if res["error"]:
                        failure = {"errorType": "SetupError", "message": res["error"]["message"],
                                   "traceback": res["error"]["traceback"], "rowAddress": None, "action": "failed"}
                        break
                    a["ready"] = True
                    driver.ev.emit("worker", worker=aid, state="ready", pid=res["pid"], node=res["node"])
                    feed(aid)
                    continue
                a["inflight"].discard(i)
                failure = driver.on_result(aid, res) or failure
                if failure is None:
                    feed(aid)
            # Batches re-queued from a lost actor go to any ready actor with room.
            for aid in list(actors):
                feed(aid)
            if not any(a["ready"] for a in actors.values()):
                waited = min(a["since"] for a in actors.values())
                if time.time() - waited > pending_timeout:
                    failure = {"errorType": "Unschedulable", "rowAddress": None, "action": "failed", "traceback": "",
                               "message": f"no Ray node could start a worker with {opts} for {pending_timeout:.0f} s"}
                elif time.time() - last_wait_log > WAITING_LOG_S:
                    print(f"waiting for Ray to schedule {len(actors)} worker(s) with {opts}", flush=True)
                    last_wait_log = time.time()
            last_commit = driver.maybe_commit(last_commit, pending)
    finally:
        for a in actors.values():
            try:
                ray.kill(a["h"], no_restart=True)
            except Exception:
                pass
    if stop.is_set():  # stopped: the actors are killed; committed data and checkpoints stay
        print("stopped (SIGTERM): Ray workers killed", flush=True)
        os._exit(143)
    return failure
