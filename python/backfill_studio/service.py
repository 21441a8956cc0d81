"""JSON-lines request server for the Node control plane.

One request per line: {"id", "method", "params"}; one reply per line:
{"id", "result"} or {"id", "error": {"status", "message", "details"}}.
Node keeps a few of these processes warm (imports take ~0.5 s) and kills one
that hangs, which is why user code (validate, preview) runs here and not in
the Node process."""

from __future__ import annotations

import errno
import json
import os
import sys
import traceback

import lance

from . import columns as cols
from .lifeline import die_with_parent
from .loader import UdfError, validate
from .planner import PlanError, fragment_summary, make_plan, save_plan, validate_where
from .preview import MAX_LIMIT, preview
from . import sandbox as sb
from .seed import seed
from .store import Store, atomic_write_json


class RequestError(Exception):
    def __init__(self, status: int, message: str, details=None):
        super().__init__(message)
        self.status, self.message, self.details = status, message, details


def _open(p: dict) -> lance.LanceDataset:
    store = Store(p["dbUri"], p.get("stateDir"))
    uri = store.table_uri(p["table"])
    if not os.path.isdir(uri):
        raise RequestError(404, f"table '{p['table']}' not found")
    return lance.dataset(uri)


def m_validate(p):
    ds = _open(p) if p.get("table") else None
    if ds is None:
        from .loader import load_udf
        return {"udf": load_udf(p["source"]).describe()}
    return {"udf": validate(p["source"], ds.schema, output_column=p.get("column")).describe()}


def m_preview(p):
    ds = _open(p)
    limit = int(p.get("limit") or 20)
    if not 1 <= limit <= MAX_LIMIT:
        raise RequestError(400, f"limit must be between 1 and {MAX_LIMIT}")
    sample = p.get("sample") or "first"
    if sample not in ("first", "random"):
        raise RequestError(400, "sample must be 'first' or 'random'")
    return preview(ds.uri, p["source"], limit, p.get("where"), sample, p.get("column"))


def m_add_column(p):
    return {"udf": cols.add_column(_open(p), p["name"], p["source"])}


def m_replace_udf(p):
    return {"udf": cols.replace_udf(_open(p), p["column"], p["source"])}


def m_validate_where(p):
    validate_where(_open(p), p["where"])
    return {"ok": True}


def m_plan(p):
    """Dry-run counts; with jobDir, also persist the plan for a job."""
    ds = _open(p)
    store = Store(p["dbUri"], p.get("stateDir"))
    column = p["column"]
    if column not in ds.schema.names:
        raise RequestError(404, f"column '{column}' not found in table '{p['table']}'")
    spec = cols.read_udf(ds, column)
    if spec is None:
        raise RequestError(400, f"column '{column}' has no UDF: add it as a UDF column first")
    size = int(p.get("checkpointSize") or spec.get("checkpointSize") or 1024)
    plan = make_plan(store, p["table"], ds, column, spec["version"], spec["inputColumns"], p.get("where"), size)
    out = dict(plan.counts, checkpointSize=size, udf={k: spec[k] for k in ("name", "version", "inputColumns", "dataType")})
    if p.get("jobDir"):
        job_dir = p["jobDir"]
        os.makedirs(job_dir, exist_ok=True)
        save_plan(os.path.join(job_dir, "plan.arrow"), plan)
        atomic_write_json(os.path.join(job_dir, "plan.json"),
                          {"counts": plan.counts, "checkpointSize": size,
                           "inputSigs": {str(k): v for k, v in plan.input_sigs.items()},
                           "fragments": fragment_summary(plan.batches())})
        out["udfSpec"] = spec
    return out


def m_seed(p):
    return seed(p["dbUri"], bool(p.get("force")))


METHODS = {
    "ping": lambda p: {"pid": os.getpid()},
    "validate": m_validate,
    "preview": m_preview,
    "addColumn": m_add_column,
    "replaceUdf": m_replace_udf,
    "validateWhere": m_validate_where,
    "plan": m_plan,
    "seed": m_seed,
}


def handle(req: dict, limits: "sb.Limits | None" = None) -> dict:
    rid = req.get("id")
    try:
        fn = METHODS.get(req.get("method"))
        if fn is None:
            raise RequestError(400, f"unknown method {req.get('method')!r}")
        return {"id": rid, "result": fn(req.get("params") or {})}
    except RequestError as e:
        return {"id": rid, "error": {"status": e.status, "message": e.message, "details": e.details}}
    except sb.LimitError as e:
        return {"id": rid, "error": {"status": e.status, "message": e.message}, "recycle": e.recycle}
    except (sb.MemoryLimitExceeded, MemoryError):  # the sandbox's RLIMIT_DATA (or the machine) ran out
        e = sb.memory_error(limits or sb.Limits.from_env())
        return {"id": rid, "error": {"status": e.status, "message": e.message}, "recycle": True}
    except UdfError as e:
        return {"id": rid, "error": {"status": 400, "message": e.message, "details": e.to_json()}}
    except PlanError as e:
        return {"id": rid, "error": {"status": 400, "message": e.message}}
    except cols.ColumnError as e:
        return {"id": rid, "error": {"status": e.status, "message": e.message}}
    except KeyError as e:
        return {"id": rid, "error": {"status": 400, "message": f"missing parameter {e}"}}
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.EDQUOT):  # Insufficient Storage: not a bug, not the user's input
            return {"id": rid, "error": {"status": 507, "message": f"the server's disk is full: {e}"}}
        return {"id": rid, "error": {"status": 500, "message": f"{type(e).__name__}: {e}", "details": {"traceback": traceback.format_exc()}}}
    except Exception as e:  # a bug or an environment problem: say so, keep serving
        return {"id": rid, "error": {"status": 500, "message": f"{type(e).__name__}: {e}", "details": {"traceback": traceback.format_exc()}}}


def serve(sandbox: bool = False) -> None:
    # A request may be stuck in user code (an endless loop) and never read the
    # closed stdin: die with the server instead of spinning as an orphan.
    die_with_parent()
    # Requests and replies move off fds 0 and 1 to private fds (not inherited
    # by subprocesses): user code that spawns `cat` or prints cannot read a
    # request or corrupt a reply. Anything printed goes to stderr.
    req_fd, out_fd = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdout = os.fdopen(1, "w", buffering=1)
    out = os.fdopen(out_fd, "w", buffering=1)
    requests = os.fdopen(req_fd, "r")
    ready = {"ready": True, "pid": os.getpid()}
    limits = sb.Limits.from_env() if sandbox else None
    if limits:
        ready["sandbox"] = sb.enter(limits, close_in_child=(req_fd, out_fd))
    out.write(json.dumps({"id": None, "result": ready}) + "\n")
    for line in requests:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
        except json.JSONDecodeError as e:
            out.write(json.dumps({"id": None, "error": {"status": 400, "message": f"bad request line: {e}"}}) + "\n")
            continue
        reply = handle(req, limits)
        if sb.is_forked_child():  # user code forked and this copy came back here: it has no request to answer
            os._exit(0)
        if limits:
            reply = _sandbox_checks(reply, limits)
        out.write(_encode(reply, limits) + "\n")
        out.flush()


def _sandbox_checks(reply: dict, limits: "sb.Limits") -> dict:
    left = sb.after_request()
    if left["forkLimit"]:
        reply = {"id": reply.get("id"), "recycle": True, "error": {"status": 422, "message":
                 f"the UDF tried to start more than {limits.max_procs} processes (the preview process limit)"}}
    elif left["leftover"]:
        reply["recycle"] = True  # processes it started still run: Node kills the group
    return reply


def _encode(reply: dict, limits: "sb.Limits | None") -> str:
    try:
        text = json.dumps(reply)
    except MemoryError:
        text = None
    if text is None or (limits and len(text) > limits.max_output_bytes):
        size = f"{len(text) / sb.MIB:.0f} MB" if text is not None else "too large to encode"
        mb = limits.max_output_mb if limits else 0
        text = json.dumps({"id": reply.get("id"), "recycle": True, "error": {"status": 422, "message":
                           f"output larger than {mb} MB ({size})"}})
    return text
