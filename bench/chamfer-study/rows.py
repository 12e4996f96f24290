#!/usr/bin/env python3
"""rows.py RUN=LABEL ...: the docs rows (event window AUCs total/reco/kl_min; per-jet pT-matched total/kl)."""
import os, sys, subprocess
HERE = os.path.dirname(os.path.abspath(__file__))
D = os.environ.get("CHAMFER_DATA", "/work/data-chamfer")
ev, jet = [], []
for arg in sys.argv[1:]:
    run, label = arg.split("=")
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "eval.py"), os.path.join(D, "runs", run)], capture_output=True, text=True, check=True).stdout
    rows = {l.split("|")[2].strip(): [c.strip() for c in l.split("|")[3:-1]] for l in out.splitlines()[2:]}
    cells = []
    for i in range(4):
        cells.append(" / ".join(rows[s][2 * i + 1].split(" ")[0] for s in ("total_min", "reco_min", "kl_min")))
    ev.append(f"| {label} | " + " | ".join(cells) + " |")
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "eval_pt.py"), os.path.join(D, "runs", run)], capture_output=True, text=True, check=True).stdout
    rows = {l.split("|")[2].strip(): [c.strip() for c in l.split("|")[3:-1]] for l in out.splitlines()[2:]}
    jet.append(f"| {label} | " + " | ".join(" / ".join(rows[s][i].split(" ")[0] for s in ("total_jN", "kl_jN")) for i in range(4)) + " |")
print("\n".join(ev)); print(); print("\n".join(jet))
