#!/usr/bin/python3
"""Writes nphunt-hdf5/src/test/resources/org/nphunt/hdf5/blosc_codecs.h5: one small float64 array per
Blosc codec and shuffle PyTables offers (HDF5 filter 32001, as pandas' complib="blosc:<codec>" writes
it), each of shape (40, 6) in chunks of 7 rows, holding v[i, j] = 6 i + j + 0.25, and int64 and
float32 arrays; the test checks nphunt decodes every one exactly. Run from the repository root with
Debian's python3-tables: /usr/bin/python3 nphunt-bench/src/main/python/hdf5/make_blosc_codecs_fixture.py
"""
import os

import numpy as np
import tables

OUT = os.path.join("nphunt-hdf5", "src", "test", "resources", "org", "nphunt", "hdf5", "blosc_codecs.h5")


def main():
    v = (np.arange(40 * 6, dtype=np.float64) + 0.25).reshape(40, 6)
    if os.path.exists(OUT):
        os.remove(OUT)
    with tables.open_file(OUT, "w") as f:
        for codec in tables.filters.blosc_compressor_list():
            for shuffle, bitshuffle, tag in ((True, False, "shuffle"), (False, True, "bitshuffle"), (False, False, "noshuffle")):
                filt = tables.Filters(complevel=5, complib="blosc:" + codec, shuffle=shuffle, bitshuffle=bitshuffle)
                f.create_carray("/", "%s_%s" % (codec, tag), obj=v, filters=filt, chunkshape=(7, 6))
        filt = tables.Filters(complevel=5, complib="blosc:lz4", shuffle=True)
        f.create_carray("/", "int64_lz4", obj=np.arange(40 * 6, dtype=np.int64).reshape(40, 6) - 100, filters=filt, chunkshape=(7, 6))
        f.create_carray("/", "float32_zstd", obj=v.astype(np.float32), filters=tables.Filters(complevel=5, complib="blosc:zstd"),
                        chunkshape=(7, 6))
        print("codecs:", tables.filters.blosc_compressor_list())
    print("wrote", OUT, os.path.getsize(OUT))


if __name__ == "__main__":
    main()
