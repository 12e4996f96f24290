#!/usr/bin/python3
"""Writes the benchmark inputs of nphunt's HDF5 readers (not committed: hundreds of MB).

  lhco  OUT.h5 [EVENTS=200000]  the LHC Olympics 2020 layout as published: /df/block0_values float64
        (N, 2101), Blosc (blosclz, level 5, byte shuffle) chunks of 7 rows, written with PyTables (what
        pandas.to_hdf uses underneath; pandas itself would need the whole frame in memory), with the
        pandas "fixed" metadata. The rows are the 1,000 real events of
        ../shared/fixtures/lhco2020_rnd_1000.h5 cycled, each copy's phi rotated by a seeded random
        angle (wrapped to [-pi, pi]) so that chunks do not repeat byte for byte.
  adc1  OUT.h5 [EVENTS=200000]  ADC2021 Particles float32 (N, 19, 4) chunked (1, 19, 4) with gzip 4,
        as some converters write it (issue 16, section 5): one chunk per event.

Run with Debian's python3-tables/python3-h5py (and the Blosc plugin to read the fixture):
  HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/bin/python3 make_bench_files.py lhco /tmp/lhco_200k.h5
"""
import os
import sys

import h5py
import numpy as np
import tables

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "shared", "fixtures", "lhco2020_rnd_1000.h5")


def lhco(out, events):
    src = h5py.File(FIXTURE, "r")["df/block0_values"][:]
    rng = np.random.default_rng(2101)
    filters = tables.Filters(complevel=5, complib="blosc:blosclz", shuffle=True)
    with tables.open_file(out, "w") as f:
        g = f.create_group("/", "df")
        for k, v in {"axis0_variety": "regular", "axis1_variety": "regular", "block0_items_variety": "regular",
                     "encoding": "UTF-8", "errors": "strict", "pandas_type": "frame", "pandas_version": "0.15.2"}.items():
            g._v_attrs[k] = v
        g._v_attrs["nblocks"] = 1
        g._v_attrs["ndim"] = 2
        arr = f.create_earray(g, "block0_values", tables.Float64Atom(), (0, src.shape[1]), filters=filters,
                              chunkshape=(7, src.shape[1]), expectedrows=events)
        arr.attrs.transposed = True
        done = 0
        while done < events:
            k = min(len(src), events - done)
            block = src[:k].copy()
            phi = block[:, 2:2100:3]
            real = block[:, 0:2100:3] != 0
            shift = rng.uniform(-np.pi, np.pi, size=(k, 1))
            rotated = np.mod(phi + shift + np.pi, 2 * np.pi) - np.pi
            block[:, 2:2100:3] = np.where(real, rotated, 0.0)
            arr.append(block)
            done += k
        cols = np.arange(src.shape[1], dtype=np.int64)
        for name, values in (("axis0", cols), ("block0_items", cols), ("axis1", np.arange(events, dtype=np.int64))):
            f.create_array(g, name, values)
            g._f_get_child(name)._v_attrs["kind"] = "integer"  # pandas.read_hdf needs each index's kind
    print("wrote", out, os.path.getsize(out), "bytes,", events, "events")


def adc1(out, events):
    rng = np.random.default_rng(19)
    p = np.zeros((events, 19, 4), dtype=np.float32)
    p[:, 0, 0] = rng.exponential(30, events)
    p[:, 0, 2] = rng.uniform(-np.pi, np.pi, events)
    p[:, 0, 3] = 1
    nj = rng.integers(0, 7, events)
    for j in range(6):
        m = nj > j
        p[m, 9 + j, 0] = rng.exponential(40, m.sum()) + 20
        p[m, 9 + j, 1] = rng.normal(0, 2, m.sum())
        p[m, 9 + j, 2] = rng.uniform(-np.pi, np.pi, m.sum())
        p[m, 9 + j, 3] = 4
    p[:, 9:19, 0] = -np.sort(-p[:, 9:19, 0], axis=1)  # pT-ordered (zero slots last)
    with h5py.File(out, "w") as f:
        f.create_dataset("Particles", data=p, chunks=(1, 19, 4), compression="gzip", compression_opts=4)
    print("wrote", out, os.path.getsize(out), "bytes,", events, "events")


if __name__ == "__main__":
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    {"lhco": lhco, "adc1": adc1}[kind](out, n)
