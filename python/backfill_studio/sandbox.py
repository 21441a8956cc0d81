"""Limits for the processes that run user code for the dashboard (validate,
preview, add or replace a UDF column): `serve --sandbox`.

Node starts these in their own session with a scrubbed environment and kills
the whole process group on a timeout. Here, once the imports are done and
before any user code runs, the process limits itself:

- memory: RLIMIT_DATA = what the interpreter, pyarrow and Lance already use +
  the budget + a reserve for their runtime threads. RLIMIT_AS would count the
  gigabytes of address space Lance and Arrow reserve but never touch (VmSize
  is ~2 GB after `import lance`, VmData ~1.2 GB); RLIMIT_DATA counts private
  writable memory, touched or not, so a bomb fails on the allocation itself
  without the machine paging.
- processes: a pids cgroup of its own when one can be made (root: RLIMIT_NPROC
  never applies to uid 0), else RLIMIT_NPROC = the user's current task count +
  the budget (it counts every task of the user, threads included).
- CPU: nice 2: a busy loop yields a little to the dashboard and to job workers,
  without starving previews while a backfill keeps the cores busy.
- no core dumps.
"""

from __future__ import annotations

import errno
import os
import resource
from dataclasses import dataclass
from typing import Optional

MIB = 1 << 20
# Threads Lance/Arrow may still start after the limits are set (tokio workers,
# blocking-IO threads), and the memory their stacks and arenas take.
THREAD_RESERVE = 64 + 4 * (os.cpu_count() or 2)
MEMORY_RESERVE = 256 * MIB
CGROUP_PREFIX = "backfill-studio-sandbox-"


class LimitError(Exception):
    """A sandbox limit stopped the request: a 4xx the user can act on.
    `recycle`: the process may be in a bad state; Node replaces it."""

    def __init__(self, message: str, status: int = 422, recycle: bool = False):
        super().__init__(message)
        self.message, self.status, self.recycle = message, status, recycle


class MemoryLimitExceeded(BaseException):
    """Raised in place of a MemoryError from user code. A BaseException, so
    neither the UDF's `except Exception` nor an error policy swallows it."""


@dataclass
class Limits:
    memory_mb: int
    max_procs: int
    max_output_mb: int

    @staticmethod
    def from_env() -> "Limits":
        def num(name: str, default: int) -> int:
            try:
                return max(1, int(os.environ.get(name, default)))
            except ValueError:
                return default

        return Limits(num("BFS_SANDBOX_MEMORY_MB", 1024), num("BFS_SANDBOX_MAX_PROCS", 32), num("BFS_SANDBOX_MAX_OUTPUT_MB", 32))

    @property
    def max_output_bytes(self) -> int:
        return self.max_output_mb * MIB

    def memory_text(self) -> str:
        return f"{self.memory_mb / 1024:g} GiB" if self.memory_mb % 1024 == 0 else f"{self.memory_mb} MiB"


_state = {"main_pid": None, "cgroup": None, "fork_failures": 0, "events_max": 0, "proc_limit": None}


def memory_error(limits: Limits) -> LimitError:
    return LimitError(f"the UDF exceeded the {limits.memory_text()} memory limit", recycle=True)


def guard(fn):
    """Wrap a UDF callable so running out of memory ends the request."""

    def guarded(*args):
        try:
            return fn(*args)
        except MemoryError as e:
            raise MemoryLimitExceeded(str(e)) from None

    return guarded


def _vm_data() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _user_tasks(uid: int) -> int:
    n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                n += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return n


def _pids_cgroup_parent() -> Optional[str]:
    """The directory of this process's pids cgroup, v1 or v2, if writable."""
    own = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            for c in (ctrls.split(",") if ctrls else [""]):
                own[c] = path
    with open("/proc/self/mountinfo") as f:
        mounts = [line.split() for line in f]
    for parts in mounts:
        sep = parts.index("-")
        fstype, mnt, opts = parts[sep + 1], parts[4], parts[sep + 3]
        if fstype == "cgroup" and "pids" in opts.split(",") and "pids" in own:
            rel = own["pids"]
        elif fstype == "cgroup2" and "" in own:
            rel = own[""]
            try:
                with open(os.path.join(mnt, rel.lstrip("/"), "cgroup.controllers")) as c:
                    if "pids" not in c.read().split():
                        continue
            except OSError:
                continue
        else:
            continue
        parent = os.path.join(mnt, rel.lstrip("/"))
        if os.path.isdir(parent) and os.access(parent, os.W_OK):
            return parent
    return None


def _join_pids_cgroup(max_tasks: int) -> Optional[str]:
    try:
        parent = _pids_cgroup_parent()
        if parent is None:
            return None
        for name in os.listdir(parent):  # left behind by a killed server
            if name.startswith(CGROUP_PREFIX):
                try:
                    os.rmdir(os.path.join(parent, name))
                except OSError:
                    pass  # still in use
        if os.path.exists(os.path.join(parent, "cgroup.subtree_control")):
            with open(os.path.join(parent, "cgroup.subtree_control")) as f:
                if "pids" not in f.read().split():
                    with open(os.path.join(parent, "cgroup.subtree_control"), "w") as w:
                        w.write("+pids")
        path = os.path.join(parent, f"{CGROUP_PREFIX}{os.getpid()}")
        os.mkdir(path)
        with open(os.path.join(path, "pids.max"), "w") as f:
            f.write(str(max_tasks))
        with open(os.path.join(path, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))
        return path
    except OSError:
        return None


def _events_max() -> int:
    cg = _state["cgroup"]
    if not cg:
        return 0
    try:
        with open(os.path.join(cg, "pids.events")) as f:
            for line in f:
                k, _, v = line.partition(" ")
                if k == "max":
                    return int(v)
    except (OSError, ValueError):
        pass
    return 0


def enter(limits: Limits, close_in_child=()) -> dict:
    """Apply the limits to this process (and so to everything it starts).
    `close_in_child`: fds a forked child must not keep (the request channel)."""
    _state["main_pid"] = os.getpid()
    try:
        os.nice(2)
    except OSError:
        pass
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    data = _vm_data() + limits.memory_mb * MIB + MEMORY_RESERVE
    resource.setrlimit(resource.RLIMIT_DATA, (data, data))

    tasks = len(os.listdir("/proc/self/task"))
    cgroup = _join_pids_cgroup(tasks + THREAD_RESERVE + limits.max_procs)
    if cgroup:
        mode = "cgroup"
    elif os.geteuid() != 0:
        n = _user_tasks(os.getuid()) + THREAD_RESERVE + limits.max_procs
        resource.setrlimit(resource.RLIMIT_NPROC, (n, n))
        mode = "rlimit"
    else:
        mode = "none"  # root without a writable pids cgroup: nothing can enforce it
    _state.update(cgroup=cgroup, proc_limit=mode, events_max=_events_max())

    try:  # orphaned grandchildren stay ours: they are found and killed with the group
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except OSError:
        pass

    def in_child():
        # A fork of the server loop must never read a request or write a reply.
        for fd in close_in_child:
            try:
                os.close(fd)
            except OSError:
                pass

    os.register_at_fork(after_in_child=in_child)
    real_fork = os.fork

    def fork():
        try:
            return real_fork()
        except OSError as e:
            if e.errno == errno.EAGAIN:
                _state["fork_failures"] += 1
            raise

    os.fork = fork
    return {"memoryMb": limits.memory_mb, "dataLimit": data, "procLimit": mode, "cgroup": cgroup}


def is_forked_child() -> bool:
    return _state["main_pid"] is not None and os.getpid() != _state["main_pid"]


def _children() -> list:
    out = []
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/children") as f:
                out += [int(p) for p in f.read().split()]
        except OSError:
            pass
    return out


def after_request() -> dict:
    """What user code left behind: reaps exited children; `leftover` when some
    still run (Node then kills the group), `forkLimit` when a fork was refused."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
    events = _events_max()
    fork_limit = _state["fork_failures"] > 0 or events > _state["events_max"]
    _state.update(fork_failures=0, events_max=events)
    return {"leftover": bool(_children()), "forkLimit": fork_limit}
