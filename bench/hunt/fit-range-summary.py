#!/usr/bin/env python3
"""Summarise background-only `nphunt hunt` folders (docs/hunt.md, "The fit range").

Usage: /usr/bin/python3 bench/hunt/fit-range-summary.py HUNT_DIR [HUNT_DIR ...]

Per folder: the fit range's lower edge, signal-region events, the most significant mass and local Z
(categorised and inclusive), the mean pull mu_hat / sigma(mu_hat) over the scan, and the smallest
goodness-of-fit p-value (likelihood-ratio chi2) of the background-only fits (chosen form, every
category). Then the pulls of every scan point over all folders (mean, standard deviation).
Needs numpy and scipy (Debian's python3-numpy, python3-scipy).
"""
import json
import os
import sys

import numpy as np
from scipy.stats import chi2


def main(dirs):
    pulls = {"categorised": [], "inclusive": []}
    print("| sample | fit from [GeV] | SR events | categorised: M of max Z [GeV] | max Z | mean pull"
          " | inclusive: M of max Z [GeV] | max Z | mean pull | smallest background-only p |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for d in dirs:
        h = json.load(open(os.path.join(d, "results.json")))["hunt"]
        row = [os.path.basename(os.path.normpath(d)), h["config"]["mJJMin"], h["signalRegionEvents"]]
        gof = []
        for kind in ("categorised", "inclusive"):
            for c in h[kind]["background"]["categories"]:
                f = c["threeParameter"] if c["chosen"] == "THREE_PARAMETER" else c["fourParameter"]
                gof.append(chi2.sf(f["deviance"], f["ndf"]))
            pts = h[kind]["points"]
            # a point whose Hessian error is undefined (NaN, written as a string) has no pull
            p = [x["muHat"] / x["muErrorHessian"] for x in pts if isinstance(x["muErrorHessian"], float)]
            pulls[kind] += p
            best = max(pts, key=lambda x: x["localSignificance"])
            row += [best["mass"], best["localSignificance"], float(np.mean(p))]
        row.append(min(gof))
        print("| %s | %.0f | %d | %.0f | %.2f | %+.2f | %.0f | %.2f | %+.2f | %.2g |" % tuple(row))
    for kind, p in pulls.items():
        p = np.array(p)
        print("%s: pulls over %d scan points: mean %.2f, sd %.2f" % (kind, len(p), p.mean(), p.std(ddof=1)))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: fit-range-summary.py HUNT_DIR [HUNT_DIR ...]")
    main(sys.argv[1:])
