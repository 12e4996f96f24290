#!/usr/bin/env python3
"""eval_pt.py RUN_DIR...: per-JET AUCs with the QCD jets reweighted to the signal jets' pT (scalar pT sum of the
constituents) in 12 bins over the signal's central 90% pT range (QCD jets outside: weight 0), so that the jet pT
scale cannot separate; jets of both events of a sample, per-jet scores total_jN, reco_jN, kl_jN.
Backgrounds as eval.py (G1.5 against qcd-wide-test, others against qcd-hi-test)."""
import sys
import h5py
import numpy as np
from sklearn.metrics import roc_auc_score
import os
D = os.environ.get("CHAMFER_DATA", "/work/data-chamfer")
SIG = [("W'", "wprime-xy-head", "qcd-hi-test"), ("G1.5", "graviton-ww-1500-head", "qcd-wide-test"),
       ("G3.5", "graviton-ww-3500-head", "qcd-hi-test"), ("dark", "dark-shower-head", "qcd-hi-test")]
def load(run, name):
    with h5py.File(f"{run}/scores/{name}.h5", "r") as s, h5py.File(f"{D}/{name}.h5", "r") as d:
        pt = d["jetConstituentsList"][:, :, :, 2].sum(2)
        sc = {q: np.c_[s[f"{q}_j1"][:], s[f"{q}_j2"][:]].ravel() for q in ("total", "reco", "kl")}
    return sc, pt.ravel()
print("| run | per-jet score | " + " | ".join(f"{l} (pT-matched jets)" for l, _, _ in SIG) + " |")
print("|---|---|" + "---:|" * len(SIG))
for run in sys.argv[1:]:
    cache = {}
    for q in ("total", "reco", "kl"):
        cells = []
        for l, sf, qf in SIG:
            for f in (sf, qf):
                if f not in cache:
                    cache[f] = load(run, f)
            (qs, qpt), (ss, spt) = cache[qf], cache[sf]
            edges = np.quantile(spt, np.linspace(0.05, 0.95, 13))
            hs, _ = np.histogram(spt, edges); hq, _ = np.histogram(qpt, edges)
            b = np.digitize(qpt, edges) - 1
            ok = (b >= 0) & (b < 12)
            w = np.zeros(len(qpt)); w[ok] = hs[b[ok]] / np.maximum(hq[b[ok]], 1) * (hq[b[ok]] > 0)
            sb = np.digitize(spt, edges) - 1; sok = (sb >= 0) & (sb < 12) & (hq[np.clip(sb, 0, 11)] > 0)
            y = np.r_[np.zeros(ok.sum()), np.ones(sok.sum())]
            auc = roc_auc_score(y, np.r_[qs[q][ok], ss[q][sok]], sample_weight=np.r_[w[ok], np.ones(sok.sum())])
            cells.append(f"{auc:.3f} ({int((hq > 0).sum())}/12 bins, {ok.sum()} QCD jets)")
        print(f"| {run.rstrip('/').split('/')[-1]} | {q}_jN | " + " | ".join(cells) + " |")
