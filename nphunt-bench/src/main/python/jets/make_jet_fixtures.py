#!/usr/bin/python3
"""Makes the input fixtures of nphunt's jet tests (org.nphunt.jet) from the shared LHC Olympics file.

Writes, under nphunt-core/src/test/resources/org/nphunt/jet/:

* lhco2020_rnd_50.npj.gz -- the first 50 events of ../shared/fixtures/lhco2020_rnd_1000.h5 (LHC
  Olympics 2020 R&D dataset, arXiv:2101.08320), the ones the FastJet references cover, losslessly
  (tests that need all 1,000 events read the HDF5 file itself through nphunt-hdf5's reader): the file stores float32 values
  (checked here), so each particle is kept as three little-endian float32 (pT [GeV], eta, phi).
  Layout (gzip of): b"NPJ1", int32 nEvents, then per event int32 nParticles, int32 label
  (0 QCD, 1 W' -> X(500) Y(100)), nParticles x (pT, eta, phi) float32. Particles are the non-zero pT
  entries, which in this file are exactly the first nParticles of the 700 slots (checked here), so
  particle i of an event is slot i of the original row.
* random_events.txt.gz -- seeded random massive events (numpy default_rng(20260411)) as text lines
  "E n" followed by n lines "px py pz E" (repr of float64, exact). They include exact duplicates,
  a zero-pT massive particle, phi around 0 / 2 pi and events of 1 to 450 particles.

Run from the repository root with Debian's python3 (h5py, numpy, Blosc filter plugin):

    HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins \
        /usr/bin/python3 nphunt-bench/src/main/python/jets/make_jet_fixtures.py

With "--lhco EVENTS OUT.npj.gz" it writes only that many LHC Olympics events to OUT (e.g. all 1,000
for the clustering speed comparison, nphunt-bench/src/main/cpp/jets/compare_speed.sh).
"""
import gzip
import os
import struct
import sys

import h5py
import numpy as np

ROOT = os.getcwd()
SHARED = os.path.join(ROOT, "..", "shared", "fixtures", "lhco2020_rnd_1000.h5")
OUT = os.path.join(ROOT, "nphunt-core", "src", "test", "resources", "org", "nphunt", "jet")


def write_lhco(events=50, path=None):
    values = h5py.File(SHARED, "r")["df/block0_values"][:]
    assert values.shape == (1000, 2101), values.shape
    parts = values[:, :2100]
    if not np.array_equal(parts.astype(np.float32).astype(np.float64), parts):
        sys.exit("LHCO values are not float32-exact; the float32 fixture would be lossy")
    parts = parts.reshape(-1, 700, 3)[:events]
    labels = values[:events, 2100].astype(np.int32)
    out = bytearray(b"NPJ1")
    out += struct.pack("<i", parts.shape[0])
    for ev in range(parts.shape[0]):
        nonzero = parts[ev, :, 0] > 0
        n = int(nonzero.sum())
        if not nonzero[:n].all():
            sys.exit("event %d: padding is not at the end" % ev)
        out += struct.pack("<ii", n, int(labels[ev]))
        out += parts[ev, :n, :].astype("<f4").tobytes()
    path = path or os.path.join(OUT, "lhco2020_rnd_50.npj.gz")
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as f:
        f.write(bytes(out))


def write_random():
    rng = np.random.default_rng(20260411)
    sizes = [1, 2, 3, 7, 30, 31, 64, 120, 200, 450]
    lines = []
    for n in sizes:
        pt = rng.exponential(5.0, n) + 0.1
        pt[: max(1, n // 20)] *= 60.0  # a few hard particles
        y = rng.uniform(-4.5, 4.5, n)
        phi = rng.uniform(-np.pi, 2 * np.pi, n)  # both conventions, to exercise the wrap
        m = rng.uniform(0.0, 2.0, n) * (rng.uniform(size=n) < 0.5)
        mt = np.sqrt(pt * pt + m * m)
        px, py = pt * np.cos(phi), pt * np.sin(phi)
        pz, e = mt * np.sinh(y), mt * np.cosh(y)
        p4 = np.stack([px, py, pz, e], axis=1)
        if n >= 30:
            p4[n - 3] = p4[1]  # exact duplicates: zero distance, tied d_ij
            p4[n - 2] = p4[2]
        if n >= 64:
            p4[5] = [0.0, 0.0, 3.0, 5.0]  # zero pT, massive
            p4[6] = [2.0, -1e-17, 1.0, 3.0]  # phi just below 2 pi
        lines.append("E %d" % n)
        for row in p4:
            lines.append(" ".join(repr(float(v)) for v in row))
    with gzip.GzipFile(os.path.join(OUT, "random_events.txt.gz"), "wb", compresslevel=9, mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode())


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--lhco":
        write_lhco(int(sys.argv[2]), sys.argv[3])
        print("wrote", sys.argv[3])
    else:
        os.makedirs(OUT, exist_ok=True)
        write_lhco()
        write_random()
        print("wrote", OUT)
