#!/usr/bin/python3
"""Writes small files in the layout of the top-tagging reference data (arXiv:1902.09914) with pandas, as
the published train.h5/val.h5/test.h5 were written: DataFrame.to_hdf(key="table", format="table"), one
row per jet: columns E_0, PX_0, PY_0, PZ_0, ..., E_199, ..., PZ_199 (200 constituents, pT-ordered,
zero-padded), truthE, truthPX, truthPY, truthPZ (the top four-vector, zeros for QCD), ttv (0 train,
1 test, 2 validation), is_signal_new (1 top, 0 QCD). pandas stores them as /table/table, a compound of
index (int64), values_block_0 (float32[804]) and values_block_1 (int64[2]).

The values are a seeded toy (not physics): massless constituents with a falling pT spectrum around a
jet axis. Outputs, for nphunt-hdf5's tests (run from the repository root with Debian's python3-pandas
and python3-tables):
  toptagging_pandas.h5        uncompressed, as published
  toptagging_pandas_blosc.h5  the same rows, complib="blosc", complevel=5 (Blosc on a compound table)
  toptagging_pandas.json      the digest a correct reader reproduces: exact sums (math.fsum), counts,
                              labels, the first constituents of the first jet
Usage: /usr/bin/python3 nphunt-bench/src/main/python/hdf5/make_toptagging_fixture.py
"""
import json
import math
import os

import numpy as np
import pandas as pd

OUT = os.path.join("nphunt-hdf5", "src", "test", "resources", "org", "nphunt", "hdf5")
N = 24
C = 200


def jets():
    rng = np.random.default_rng(20190209)
    rows = []
    for j in range(N):
        top = j % 3 == 0
        n = int(rng.integers(5, 60))
        eta0 = rng.uniform(-2, 2)
        phi0 = rng.uniform(-np.pi, np.pi)
        pt = np.sort(rng.exponential(40.0, n))[::-1] + 1.0
        eta = eta0 + rng.normal(0, 0.3, n)
        phi = phi0 + rng.normal(0, 0.3, n)
        px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
        e = np.sqrt(px * px + py * py + pz * pz)
        cons = np.zeros((C, 4), dtype=np.float32)
        cons[:n] = np.stack([e, px, py, pz], axis=1).astype(np.float32)
        truth = np.zeros(4, dtype=np.float32)
        if top:
            s = cons[:n].astype(np.float64).sum(axis=0)
            truth = (s * rng.uniform(0.9, 1.1)).astype(np.float32)
        rows.append((cons.reshape(-1), truth, j % 3 == 1 and 1 or (2 if j % 3 == 2 else 0), 1 if top else 0))
    cols = []
    for i in range(C):
        cols += ["E_%d" % i, "PX_%d" % i, "PY_%d" % i, "PZ_%d" % i]
    cols += ["truthE", "truthPX", "truthPY", "truthPZ"]
    data = {c: np.array([r[0][k] for r in rows], dtype=np.float32) for k, c in enumerate(cols[:4 * C])}
    for k, c in enumerate(cols[4 * C:]):
        data[c] = np.array([r[1][k] for r in rows], dtype=np.float32)
    data["ttv"] = np.array([r[2] for r in rows], dtype=np.int64)
    data["is_signal_new"] = np.array([r[3] for r in rows], dtype=np.int64)
    df = pd.DataFrame(data, index=np.arange(1000, 1000 + N, dtype=np.int64))
    return df


def main():
    df = jets()
    os.makedirs(OUT, exist_ok=True)
    plain = os.path.join(OUT, "toptagging_pandas.h5")
    blosc = os.path.join(OUT, "toptagging_pandas_blosc.h5")
    for p in (plain, blosc):
        if os.path.exists(p):
            os.remove(p)
    df.to_hdf(plain, key="table", mode="w", format="table")
    df.to_hdf(blosc, key="table", mode="w", format="table", complib="blosc", complevel=5)
    back = pd.read_hdf(plain, "table")
    assert back.equals(df)
    v = df.iloc[:, :4 * C].to_numpy(dtype=np.float64).reshape(N, C, 4)
    t = df[["truthE", "truthPX", "truthPY", "truthPZ"]].to_numpy(dtype=np.float64)
    nonzero = (v != 0).any(axis=2)
    digest = {
        "jets": N,
        "index": [int(i) for i in df.index],
        "ttv": [int(x) for x in df["ttv"]],
        "is_signal_new": [int(x) for x in df["is_signal_new"]],
        "constituents_per_jet": [int(x) for x in nonzero.sum(axis=1)],
        "sum_E": math.fsum(v[:, :, 0].ravel()),
        "sum_PX": math.fsum(v[:, :, 1].ravel()),
        "sum_PY": math.fsum(v[:, :, 2].ravel()),
        "sum_PZ": math.fsum(v[:, :, 3].ravel()),
        "sum_truth": math.fsum(t.ravel()),
        "first_jet_first3": v[0, :3].tolist(),
    }
    with open(os.path.join(OUT, "toptagging_pandas.json"), "w") as f:
        json.dump(digest, f, indent=1)
    print("wrote", plain, blosc, os.path.getsize(plain), os.path.getsize(blosc))


if __name__ == "__main__":
    main()
