#!/usr/bin/env python
"""Combine several runs of bench/geneva/run.py (their results.json) into one
table: every run's wall time, the median, and ratio lines from the medians.

    .venv/bin/python bench/geneva/summarize.py run1.json run2.json run3.json
"""

from __future__ import annotations

import json
import statistics
import sys


def main(paths: list[str]) -> None:
    runs = [json.load(open(p)) for p in paths]
    systems = list(runs[0]["results"])
    udfs = [u for u in ("scalar", "batched", "sleep") if u in runs[0]["results"][systems[0]]["steps"]]
    med = lambda xs: statistics.median(xs)  # noqa: E731
    print(f"{len(runs)} runs; load average (1 min) at the start of each step shown per run.\n")
    print("| UDF | system | rows | wall s, each run | wall s, median | rows/s (median) | peak RSS MiB, median | "
          "ours ÷ Geneva (median wall) | +1 % rows: re-run s, each run | load avg (1 min) per run |")
    print("|---|---|---:|---|---:|---:|---:|---:|---|---|")
    ratios = []
    for u in udfs:
        g = med([r["results"]["geneva"]["steps"][u]["wallS"] for r in runs]) if "geneva" in systems else None
        for s in systems:
            st = [r["results"][s]["steps"][u] for r in runs]
            walls = [x["wallS"] for x in st]
            w = med(walls)
            ratio = ""
            if g and s != "geneva":
                ratio = f"{w / g:.2f}"
                ratios.append(f"ratio_vs_geneva {u} {s.replace('ours-', '')} {w / g:.2f}")
            incr = " / ".join(f"{x['incrS']:.1f}" for x in st if "incrS" in x) or "–"
            print(f"| {u} | {s} | {st[0]['rows']:,} | {' / '.join(f'{x:.1f}' for x in walls)} | {w:.2f} | "
                  f"{st[0]['rows'] / w:,.0f} | {med([x['peakRssB'] for x in st]) / 2**20:,.0f} ({st[0]['processes']}) | "
                  f"{ratio} | {incr} | {' / '.join(x['loadavg'].split()[0] for x in st)} |")
    print("\nFixed costs (median): " + "; ".join(
        f"{s}: ready {med([r['results'][s]['startupS'] for r in runs]):.1f} s"
        + (f", local Ray init {med([r['results'][s]['rayInitS'] for r in runs]):.1f} s" if s == "geneva" else "")
        + (f", local-ray head {med([r['results'][s]['clusterStartS'] for r in runs]):.1f} s" if s == "ours-ray" else "")
        for s in systems))
    print("\n```\n" + "\n".join(ratios) + "\n```")


if __name__ == "__main__":
    main(sys.argv[1:])
