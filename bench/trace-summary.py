#!/usr/bin/env python3
"""Top-level operator times of a PyTorch Chrome trace (`covidct bench infer --profile TRACE_JSON`).

An operator is top-level when no other operator of the same thread encloses it (aten::conv2d counts, not the
mkldnn call inside it). Prints each name's total milliseconds and share of the top-level total, largest first.
Usage: bench/trace-summary.py TRACE_JSON
"""
import json
import sys
from collections import defaultdict


def main():
    with open(sys.argv[1]) as f:
        trace = json.load(f)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    ops = [e for e in events if e.get("ph") == "X" and e.get("cat") in (None, "cpu_op", "Operator") and "dur" in e]
    by_thread = defaultdict(list)
    for e in ops:
        by_thread[e.get("tid")].append(e)
    totals = defaultdict(float)
    counts = defaultdict(int)
    for evs in by_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        end = -1.0
        for e in evs:
            if e["ts"] >= end:  # not inside the previous top-level op
                totals[e["name"]] += e["dur"]
                counts[e["name"]] += 1
                end = e["ts"] + e["dur"]
    whole = sum(totals.values())
    print(f"top_level_ms={whole / 1000:.1f}")
    for name, us in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{name:32s} {us / 1000:9.1f} ms {100 * us / whole:5.1f}%  ({counts[name]} calls)")


if __name__ == "__main__":
    main()
