#!/usr/bin/python3
"""Reads an LHC Olympics-layout file the way its users do, with pandas.read_hdf (Debian's python3-pandas
and python3-tables): the whole frame into memory at once. The reference for nphunt's LHC Olympics reader
next to read_h5py.py; prints events/s (wall and process CPU) and the peak resident memory.

  HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/bin/python3 read_pandas.py FILE [KEY=df] [REPEATS=1]
"""
import resource
import sys
import time

import pandas as pd


def main():
    path = sys.argv[1]
    key = sys.argv[2] if len(sys.argv) > 2 else "df"
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for _ in range(repeats):
        t0 = time.perf_counter()
        c0 = time.process_time()
        df = pd.read_hdf(path, key)
        dt = time.perf_counter() - t0
        cpu = time.process_time() - c0
        n = len(df)
        print("pandas.read_hdf %s %s: %d events in %.2f s = %.0f events/s, %.1f MB/s, cpu %.2f s (%.0f events per cpu-s),"
              " peak RSS %.0f MiB"
              % (path, key, n, dt, n / dt, df.values.nbytes / dt / 1e6, cpu, n / cpu,
                 resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        del df


if __name__ == "__main__":
    main()
