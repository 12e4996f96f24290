#!/usr/bin/env python3
"""Chamfer VAE scores of QCD and signal jets (issue 12), from nphunt score files and the dijet files:

1. AUC of each per-event score inclusively and in the signal's mJJ window (QCD events with mJJ inside the
   central 68% of the signal's mJJ), the comparison of the published search, which looks for a
   resonance in a mJJ window;
2. the per-jet reconstruction loss (reco_j1, reco_j2) binned in the jet's constituent multiplicity and
   in its pT sum, QCD vs signal (the complexity bias of arXiv:2104.09051: is the loss a proxy for the
   number of constituents?).

Usage: chamfer_window.py SCORES_DIR DATA_DIR [--qcd-from N] > report.md
  SCORES_DIR holds qcd-train.h5 and the signals' *-head.h5 score files (nphunt score), DATA_DIR the dijet
  files they were scored from; QCD events before index N (the training events) are skipped.
Needs python3-h5py, numpy, scikit-learn (Debian packages).
"""
import sys
import h5py
import numpy as np
from sklearn.metrics import roc_auc_score

SIGNALS = [("W'->XY", "wprime-xy-head"), ("G->WW 1.5 TeV", "graviton-ww-1500-head"),
           ("G->WW 3.5 TeV", "graviton-ww-3500-head"), ("dark shower", "dark-shower-head")]
SCORES = ["total_min", "total_max", "total_sum", "reco_min", "reco_max", "reco_sum", "kl_min", "kl_max", "kl_sum"]


def load(scores_dir, data_dir, name, start=0):
    with h5py.File(f"{scores_dir}/{name}.h5", "r") as s, h5py.File(f"{data_dir}/{name}.h5", "r") as d:
        names = [n.decode() for n in d["eventFeatureNames"][:]]
        ev = d["eventFeatures"][start:]
        const = d["jetConstituentsList"][start:]
        sc = {k: s[k][start:] for k in s.keys() if k not in ("EvtId", "ProcessId")}
    mjj = ev[:, names.index("mJJ")]
    mult = (const[:, :, :, 2] > 0).sum(axis=2)  # (events, 2)
    pt = const[:, :, :, 2]
    ptsum = pt.sum(axis=2)
    # jet width: pT-weighted mean distance of the constituents from the jet axis (the layout's Delta eta, Delta phi)
    dr = np.hypot(const[:, :, :, 0], const[:, :, :, 1])
    width = (pt * dr).sum(axis=2) / np.maximum(ptsum, 1e-9)
    return sc, mjj, mult, (ptsum, width)


def main():
    scores_dir, data_dir = sys.argv[1], sys.argv[2]
    start = int(sys.argv[sys.argv.index("--qcd-from") + 1]) if "--qcd-from" in sys.argv else 0
    qcd, qm, qmult, qpt = load(scores_dir, data_dir, "qcd-train", start)
    print(f"QCD: {len(qm)} events (qcd-train.h5 from event {start}); score files {scores_dir}\n")
    print("| score | signal | AUC inclusive | mJJ window (GeV) | QCD in window | AUC in window |")
    print("|---|---|---:|---|---:|---:|")
    sig = {}
    for label, f in SIGNALS:
        sig[label] = load(scores_dir, data_dir, f)
    for sname in SCORES:
        for label, _ in SIGNALS:
            s, sm, _, _ = sig[label]
            lo, hi = np.quantile(sm, [0.16, 0.84])
            y = np.r_[np.zeros(len(qm)), np.ones(len(sm))]
            auc = roc_auc_score(y, np.r_[qcd[sname], s[sname]])
            inq = (qm >= lo) & (qm <= hi)
            ins = (sm >= lo) & (sm <= hi)
            yw = np.r_[np.zeros(inq.sum()), np.ones(ins.sum())]
            aucw = roc_auc_score(yw, np.r_[qcd[sname][inq], s[sname][ins]]) if inq.sum() >= 20 else float("nan")
            print(f"| {sname} | {label} | {auc:.3f} | {lo:.0f}-{hi:.0f} | {inq.sum()} | {aucw:.3f} |")
    print("\nPer-jet reconstruction loss L_R (mean over jets) by constituent multiplicity n of the jet:\n")
    bins = [0, 10, 20, 30, 40, 60, 101]
    head = " | ".join(f"n {bins[i]}-{bins[i + 1] - 1}" for i in range(len(bins) - 1))
    print(f"| sample | mean n | {head} | Spearman(L_R, n) | Spearman(L_R, jet pT sum) |")
    print("|---|---:|" + "---:|" * (len(bins) - 1) + "---:|---:|")
    from scipy.stats import spearmanr
    rows = [("QCD", qcd, qmult, qpt)] + [(label, sig[label][0], sig[label][2], sig[label][3]) for label, _ in SIGNALS]
    for label, s, mult, (pt, _) in rows:
        reco = np.c_[s["reco_j1"], s["reco_j2"]].ravel()
        n = mult.ravel()
        p = pt.ravel()
        cells = []
        for i in range(len(bins) - 1):
            m = (n >= bins[i]) & (n < bins[i + 1])
            cells.append(f"{reco[m].mean():.4g} ({m.sum()})" if m.sum() >= 5 else f"- ({m.sum()})")
        print(f"| {label} | {n.mean():.1f} | " + " | ".join(cells)
              + f" | {spearmanr(reco, n).correlation:.2f} | {spearmanr(reco, p).correlation:.2f} |")
    print("\nPer-jet L_R by jet width w = sum pT_i dR_i / sum pT_i (dR from the jet axis):\n")
    wb = [0, 0.01, 0.02, 0.04, 0.08, 0.16, 10]
    head = " | ".join(f"w {wb[i]}-{wb[i + 1]}" for i in range(len(wb) - 1))
    print(f"| sample | median w | {head} | Spearman(L_R, w) |")
    print("|---|---:|" + "---:|" * (len(wb) - 1) + "---:|")
    for label, s, mult, (pt, width) in rows:
        reco = np.c_[s["reco_j1"], s["reco_j2"]].ravel()
        w = width.ravel()
        cells = []
        for i in range(len(wb) - 1):
            m = (w >= wb[i]) & (w < wb[i + 1])
            cells.append(f"{reco[m].mean():.4g} ({m.sum()})" if m.sum() >= 5 else f"- ({m.sum()})")
        print(f"| {label} | {np.median(w):.3f} | " + " | ".join(cells) + f" | {spearmanr(reco, w).correlation:.2f} |")


if __name__ == "__main__":
    main()
