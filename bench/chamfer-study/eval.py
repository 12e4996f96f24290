#!/usr/bin/env python3
"""eval.py RUN_DIR [RUN_DIR...]: AUCs of total_min, reco_min, kl_min (and _max, _sum) of a chamfer run (tools/run.sh).
G->WW 1.5 TeV against qcd-wide-test (QCD with the dijet-search selection, jets from 300 GeV);
W', G 3.5 TeV, dark shower against qcd-hi-test (qcd-dijet events 30000-40000, not trained on);
'incl' = all QCD of that file, 'win' = QCD and signal events inside the signal's central 68% mJJ range."""
import sys
import h5py
import numpy as np
from sklearn.metrics import roc_auc_score

import os
D = os.environ.get("CHAMFER_DATA", "/work/data-chamfer")
SIG = [("W'", "wprime-xy-head", "qcd-hi-test"), ("G1.5", "graviton-ww-1500-head", "qcd-wide-test"),
       ("G3.5", "graviton-ww-3500-head", "qcd-hi-test"), ("dark", "dark-shower-head", "qcd-hi-test")]
SCORES = sys.argv[sys.argv.index("--scores") + 1].split(",") if "--scores" in sys.argv else ["total_min", "reco_min", "kl_min"]


def load(run, name):
    with h5py.File(f"{run}/scores/{name}.h5", "r") as s, h5py.File(f"{D}/{name}.h5", "r") as d:
        names = [n.decode() for n in d["eventFeatureNames"][:]]
        mjj = d["eventFeatures"][:, names.index("mJJ")]
        return {k: s[k][:] for k in s.keys()}, mjj


runs = [a for a in sys.argv[1:] if not a.startswith("--") and a not in SCORES and "," not in a]
print("| run | score | " + " | ".join(f"{l} incl | {l} win" for l, _, _ in SIG) + " |")
print("|---|---|" + "---:|" * (2 * len(SIG)))
for run in runs:
    cache = {}
    for sc in SCORES:
        cells = []
        for label, sf, qf in SIG:
            if qf not in cache:
                cache[qf] = load(run, qf)
            if sf not in cache:
                cache[sf] = load(run, sf)
            q, qm = cache[qf]
            s, sm = cache[sf]
            y = np.r_[np.zeros(len(qm)), np.ones(len(sm))]
            auc = roc_auc_score(y, np.r_[q[sc], s[sc]])
            lo, hi = np.quantile(sm, [0.16, 0.84])
            iq = (qm >= lo) & (qm <= hi)
            i_s = (sm >= lo) & (sm <= hi)
            aw = roc_auc_score(np.r_[np.zeros(iq.sum()), np.ones(i_s.sum())], np.r_[q[sc][iq], s[sc][i_s]]) if iq.sum() >= 20 else float("nan")
            cells += [f"{auc:.3f}", f"{aw:.3f} ({iq.sum()})"]
        print(f"| {run.rstrip('/').split('/')[-1]} | {sc} | " + " | ".join(cells) + " |")
