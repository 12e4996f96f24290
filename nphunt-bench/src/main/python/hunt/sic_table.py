#!/usr/bin/env python3
"""Mean +- spread over seeds of the WeakSupervisionComparison JSON files (issue 13's max-SIC table).

Usage: python3 sic_table.py RUN.json [RUN.json ...]

Each file is one run of org.nphunt.benchmark.hunt.WeakSupervisionComparison (one training seed). Prints, per
method, max SIC and AUC as mean +- sample standard deviation over the files with the per-file values, and the
wall time per method (min-max). Only the standard library is used.
"""
import json
import statistics
import sys


def main(paths):
    runs = [json.load(open(p)) for p in paths]
    methods = [m["method"] for m in runs[0]["methods"]]
    seconds_keys = list(runs[0]["seconds"].keys())
    r0 = runs[0]
    print(f"files: {len(runs)}; seeds {[r['seed'] for r in runs]}; QCD {r0['qcdEvents']}, injected {r0['inject']};"
          f" signal region {r0['signalRegionSignal']} S / {r0['signalRegionBackground']} B"
          f" (S/B = {100 * r0['signalRegionSignal'] / r0['signalRegionBackground']:.2f}%),"
          f" {r0['extraSignal']} extra signal events for the evaluation")
    print()
    print("| method | max SIC (mean +- sd) | per seed | AUC (mean +- sd) | per seed | eps_S at max SIC | wall time |")
    print("|---|---:|---|---:|---|---|---:|")
    for k, name in enumerate(methods):
        ms = [next(m for m in r["methods"] if m["method"] == name) for r in runs]
        sic = [m["maxSic"] for m in ms]
        auc = [m["auc"] for m in ms]
        eps = [m["signalEfficiencyAtMaxSic"] for m in ms]
        sec = [r["seconds"][seconds_keys[k]] for r in runs]
        sd = (lambda v: statistics.stdev(v) if len(v) > 1 else float("nan"))
        print(f"| {name} | {statistics.mean(sic):.2f} +- {sd(sic):.2f} | {', '.join(f'{v:.2f}' for v in sic)} |"
              f" {statistics.mean(auc):.3f} +- {sd(auc):.3f} | {', '.join(f'{v:.3f}' for v in auc)} |"
              f" {', '.join(f'{v:.2f}' for v in eps)} | {min(sec):.0f}-{max(sec):.0f} s |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: sic_table.py RUN.json [RUN.json ...]")
    main(sys.argv[1:])
