#!/usr/bin/python3
"""Small synthetic ADC2021-layout files for checking the reference harness (not physics).

SM: MET in slot 0 (class 1), 0-4 electrons in slots 1-4 (class 2), 0-4 muons in slots 5-8 (class 3),
0-10 jets in slots 9-18 (class 4); pT from Gaussians (pT-ordered within type), eta Gaussian, phi
uniform, MET roughly balancing the leading lepton; empty slots all zero. `--kind signal` scales every
pT by `--pt-scale` (default 3), an easy anomaly.

    /usr/bin/python3 synthetic.py OUT.h5 --events 20000 --kind sm --seed 1 [--dtype float32]
"""

import argparse
import os
import sys

import h5py
import numpy as np

TYPES = [(1, 0, 1, 1.0), (2, 1, 4, 0.6), (3, 5, 4, 0.6), (4, 9, 10, 3.0)]  # class, first slot, slots, mean n
PT = {1: (40.0, 15.0), 2: (35.0, 12.0), 3: (30.0, 10.0), 4: (45.0, 20.0)}
ETA_MAX = {1: 0.0, 2: 3.0, 3: 2.1, 4: 4.0}


def make_events(n, seed, kind="sm", pt_scale=3.0):
    rng = np.random.default_rng(seed)
    p = np.zeros((n, 19, 4))
    for cls, first, slots, mean_n in TYPES:
        k = np.ones(n, dtype=int) if cls == 1 else np.minimum(rng.poisson(mean_n, n), slots)
        mu, sd = PT[cls]
        pt = np.abs(rng.normal(mu, sd, (n, slots))) + 5.0
        pt = -np.sort(-pt, axis=1)
        eta = np.clip(rng.normal(0.0, 1.2, (n, slots)), -ETA_MAX[cls], ETA_MAX[cls])
        phi = rng.uniform(-np.pi, np.pi, (n, slots))
        real = np.arange(slots)[None, :] < k[:, None]
        blk = np.stack([pt, eta, phi, np.full((n, slots), float(cls))], axis=2) * real[:, :, None]
        p[:, first:first + slots] = blk
    # MET roughly opposite the leading electron when there is one (a correlation for the AE to learn)
    lead = p[:, 1, 3] != 0
    p[lead, 0, 2] = np.angle(-np.exp(1j * p[lead, 1, 2]) * np.exp(1j * rng.normal(0, 0.3, lead.sum())))
    if kind == "signal":
        p[:, :, 0] *= pt_scale
    return p


def write(path, n, seed, kind="sm", dtype="float32", pt_scale=3.0):
    p = make_events(n, seed, kind, pt_scale)
    with h5py.File(path, "w") as f:
        f.create_dataset("Particles", data=p.astype(dtype), chunks=(min(n, 1000), 19, 4), compression="gzip")
        f.create_dataset("Particles_Classes", data=np.array([b"MET_class_1", b"Four_Ele_class_2",
                                                             b"Four_Mu_class_3", b"Ten_Jet_class_4"]))
        f.create_dataset("Particles_Names", data=np.array([b"Pt", b"Eta", b"Phi", b"Class"]))
        f.create_dataset("ProcessId", data=np.full(n, 0 if kind == "sm" else 10, dtype=np.int32))
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description="synthetic ADC2021-layout file for the reference harness")
    ap.add_argument("out")
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--kind", choices=["sm", "signal"], default="sm")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--pt-scale", type=float, default=3.0)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args(argv)
    if os.path.exists(a.out) and not a.force:
        print(f"synthetic: error: {a.out}: exists (use --force)", file=sys.stderr)
        return 1
    write(a.out, a.events, a.seed, a.kind, a.dtype, a.pt_scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
