#!/usr/bin/env python3
"""baselines.py: AUC of simple jet observables (per event: min over the two jets) in the signals' mJJ windows, same samples as eval.py."""
import h5py
import numpy as np
from sklearn.metrics import roc_auc_score
import os
D = os.environ.get("CHAMFER_DATA", "/work/data-chamfer")
SIG = [("W'", "wprime-xy-head", "qcd-hi-test"), ("G1.5", "graviton-ww-1500-head", "qcd-wide-test"),
       ("G3.5", "graviton-ww-3500-head", "qcd-hi-test"), ("dark", "dark-shower-head", "qcd-hi-test")]
def load(name):
    with h5py.File(f"{D}/{name}.h5", "r") as d:
        names = [n.decode() for n in d["eventFeatureNames"][:]]
        mjj = d["eventFeatures"][:, names.index("mJJ")]
        c = d["jetConstituentsList"][:]
    pt = c[:, :, :, 2]
    n = (pt > 0).sum(2).astype(float)
    lead = pt.max(2)
    z1 = lead / np.maximum(pt.sum(2), 1e-9)
    return mjj, {"n": n, "pt sum": pt.sum(2), "hardest pT": lead, "hardest z": z1}
cache = {}
print("| observable (min over jets) | " + " | ".join(f"{l} win" for l, _, _ in SIG) + " |")
print("|---|" + "---:|" * len(SIG))
for obs in ["n", "pt sum", "hardest pT", "hardest z"]:
    cells = []
    for l, sf, qf in SIG:
        for f in (sf, qf):
            if f not in cache:
                cache[f] = load(f)
        qm, q = cache[qf]; sm, s = cache[sf]
        lo, hi = np.quantile(sm, [0.16, 0.84]); iq = (qm >= lo) & (qm <= hi); i_s = (sm >= lo) & (sm <= hi)
        y = np.r_[np.zeros(iq.sum()), np.ones(i_s.sum())]
        cells.append(f"{roc_auc_score(y, np.r_[q[obs].min(1)[iq], s[obs].min(1)[i_s]]):.3f}")
    print(f"| {obs} | " + " | ".join(cells) + " |")
