"""Entry points: `serve` (requests from Node), `run-job <dir>` (a job driver,
locally or as a Ray entrypoint), `job-host` (a warm local driver that waits
for its job directory on stdin), `seed --uri <db>`."""

from __future__ import annotations

import argparse
import json
import os
import sys

# Lance warns on every DataReplacement commit ("not stable yet"); it is the
# operation Geneva uses too. Keep job logs for real problems.
os.environ.setdefault("LANCE_LOG", "error")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="backfill_studio")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sv = sub.add_parser("serve")
    sv.add_argument("--sandbox", action="store_true", help="limit memory, processes and output (runs user code)")
    rj = sub.add_parser("run-job")
    rj.add_argument("job_dir")
    jh = sub.add_parser("job-host", help="a warm local driver: waits for a job directory on stdin")
    jh.add_argument("--workers", type=int, default=2)
    jh.add_argument("--tag", default="", help="ignored: names the host's owner in ps/proc")
    sd = sub.add_parser("seed")
    sd.add_argument("--uri", default=os.environ.get("LANCEDB_URI", "./data"))
    sd.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    if args.cmd == "serve":
        from .service import serve
        serve(sandbox=args.sandbox)
        return 0
    if args.cmd == "run-job":
        from .driver import run_job
        return run_job(args.job_dir)
    if args.cmd == "job-host":
        from .job_host import host_main
        return host_main(args.workers)
    if args.cmd == "seed":
        from .seed import seed
        print(json.dumps(seed(os.path.abspath(args.uri), args.force)))
        return 0
    return 2


if __name__ == "__main__":  # guarded: multiprocessing's spawn re-imports this module
    sys.exit(main())
