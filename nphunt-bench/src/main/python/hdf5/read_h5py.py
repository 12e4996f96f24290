#!/usr/bin/python3
"""Reads a dataset with h5py (Debian's python3-h5py) from start to end in blocks of rows, the reference
for nphunt's HDF5 reading speed; prints events/s, MB/s of decoded data and the peak resident memory.

  HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/bin/python3 read_h5py.py FILE DATASET [BLOCK=2048] [REPEATS=3]
"""
import resource
import sys
import time

import h5py


def main():
    path, name = sys.argv[1], sys.argv[2]
    block = int(sys.argv[3]) if len(sys.argv) > 3 else 2048
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    with h5py.File(path, "r") as f:
        d = f[name]
        n = d.shape[0]
        for r in range(repeats):
            t0 = time.perf_counter()
            c0 = time.process_time()
            nbytes = 0
            s = 0.0
            for at in range(0, n, block):
                a = d[at:min(n, at + block)]
                nbytes += a.nbytes
                s += float(a.flat[0])
            dt = time.perf_counter() - t0
            cpu = time.process_time() - c0
            print("h5py %s %s: %d events in %.2f s = %.0f events/s, %.1f MB/s, cpu %.2f s, peak RSS %.0f MiB"
                  % (path, name, n, dt, n / dt, nbytes / dt / 1e6, cpu,
                     resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
