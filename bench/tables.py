#!/usr/bin/env python3
"""Prints BENCHMARKS.md's tables from bench/results/{bench,bench-13m,compare-t2,compare-t1}.json.

Usage: python3 bench/tables.py [RESULTS_DIR]   (stdlib only)
"""
import json
import os
import sys

d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")


def num(v):
    if v is None or v != v:
        return "n/a"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.2f}M"
    if abs(v) >= 1e4:
        return f"{v / 1e3:.0f}k"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


for name in ("bench.json", "bench-13m.json", "bench-score.json"):
    f = os.path.join(d, name)
    if not os.path.exists(f):
        continue
    b = json.load(open(f))
    m = b["machine"]
    print(f"\n#### `{name}`\n\nRun: `{b['command']}` with JVM options `{' '.join(m['jvmArguments'])}`, started "
          f"{b['startedUtc'][:19]}Z, {b['seconds']:.0f} s; load average (1/5/15 min) at start "
          f"{' '.join(f'{x:.2f}' for x in b['loadAverageStart'])}, at end {' '.join(f'{x:.2f}' for x in b['loadAverageEnd'])}.\n")
    print("| suite | figure | settings | median | min - max | other (medians) | peak heap MiB | VmHWM MiB | load (1 min) start/end |")
    print("|---|---|---|---:|---|---|---:|---:|---|")
    for x in b["measurements"]:
        s = x["stats"]
        p = ", ".join(f"{k} {v}" for k, v in x["parameters"].items() if k not in ("architecture", "process"))
        e = ", ".join(f"{k} {num(v)}" for k, v in x["extra"].items())
        print(f"| {x['suite']} | {x['name']} | {p} | **{num(s['median'])}** {x['unit']} | {num(s['min'])} - {num(s['max'])} | {e} "
              f"| {x['memory']['peakHeapMiB']:.0f} | {x['memory']['peakRssMiB']:.0f} | {x['loadStart']:.2f} / {x['loadEnd']:.2f} |")

for t in ("2", "1"):
    f = os.path.join(d, f"compare-t{t}.json")
    if not os.path.exists(f):
        continue
    c = json.load(open(f))
    r = c["ratios"]
    print(f"\n#### {t} thread{'s' if t != '1' else ''}: started {c['startedUtc'][:19]}Z, load average start "
          f"{' '.join(f'{x:.2f}' for x in c['loadAverageStart'])}, end {' '.join(f'{x:.2f}' for x in c['loadAverageEnd'])}\n")
    print("| nphunt / PyTorch | median of per-round ratios | per round |\n|---|---:|---|")
    print(f"| training events/s (batch {c['config']['batch']}) | **{r['train']:.2f}** | {', '.join(f'{v:.2f}' for v in r['trainPerRound'])} |")
    for k, v in r["score"].items():
        print(f"| scoring events/s, batch {k} | **{v:.2f}** | {', '.join(f'{x:.2f}' for x in r['scorePerRound'][k])} |")
    print(f"| latency of one event, PyTorch / nphunt (> 1: nphunt faster) | **{r['latencyPytorchOverNphunt']:.2f}** | |")
    print("\n| round | tool | train ev/s | score ev/s b=1 | b=64 | b=1024 | b=16384 | latency us | load start/end |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for s in c["rounds"]:
        sc = s["scoreEventsPerSecond"]
        print(f"| {s['round']} | {s['tool']} | {num(s['trainEventsPerSecond'])} | {num(sc.get('1'))} | {num(sc.get('64'))} | "
              f"{num(sc.get('1024'))} | {num(sc.get('16384'))} | {s['latencyUs']:.1f} | {s['loadStart']:.2f} / {s['loadEnd']:.2f} |")
    print("\n| signal | AUC nphunt (+- HM; seed sd) | AUC PyTorch (+- HM; seed sd) | difference +- sigma | difference / sigma |")
    print("|---|---|---|---|---:|")
    for a in c["auc"]:
        print(f"| {a['signal']} | {a['nphunt']:.4f} +- {a['nphuntStderr']:.4f}; {a['nphuntSeedSd']:.4f} | "
              f"{a['pytorch']:.4f} +- {a['pytorchStderr']:.4f}; {a['pytorchSeedSd']:.4f} | "
              f"{a['difference']:+.4f} +- {a['sigma']:.4f} | {a['pulls']:+.1f} |")
