#!/usr/bin/python3
"""Checks that a file written by nphunt's LhcOlympicsWriter is what pandas expects of the LHC Olympics
layout: pandas.read_hdf(FILE, "df") returns a DataFrame of shape (N, 2101) (or 2100) whose values equal
the first N events of the reference file read through pandas, and PyTables sees the nodes it would have
written. Run with Debian's python3-pandas/python3-tables (Blosc plugin for the reference file):

  HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/bin/python3 \
      nphunt-bench/src/main/python/hdf5/check_lhco_writer.py \
      nphunt-hdf5/src/test/resources/org/nphunt/hdf5/lhco_nphunt_writer.h5 ../shared/fixtures/lhco2020_rnd_1000.h5

The committed lhco_nphunt_writer.h5 was made by LhcOlympicsWriterTest with
the environment variable NPHUNT_LHCO_WRITER_FIXTURE=<that path> (the first 30 events of the reference file).
"""
import sys

import numpy as np
import pandas as pd
import tables


def main():
    ours, reference = sys.argv[1], sys.argv[2]
    df = pd.read_hdf(ours, "df")
    ref = pd.read_hdf(reference, "df", stop=len(df))
    assert df.shape == ref.shape, (df.shape, ref.shape)
    assert np.array_equal(df.to_numpy(), ref.to_numpy()), "values differ"
    assert list(df.columns) == list(range(df.shape[1])), "column labels"
    assert list(df.index) == list(range(len(df))), "row index"
    with tables.open_file(ours) as t:
        node = t.get_node("/df/block0_values")
        print("PyTables sees", node.__class__.__name__, node.shape, node.filters)
    print("ok: pandas reads %s as %d x %d, equal to the first %d rows of %s" % (ours, df.shape[0], df.shape[1],
                                                                              len(df), reference))


if __name__ == "__main__":
    main()
