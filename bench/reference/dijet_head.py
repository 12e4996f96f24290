#!/usr/bin/env python3
"""Writes the first N events of a dijet-layout HDF5 file (nphunt generate --dijet-out) to another file:
every dataset with an event axis is cut to N rows, the name lists and the root attributes are copied
(the root 'manifest' attribute then describes the parent file; a 'head_of' attribute names it).
Usage: dijet_head.py IN.h5 OUT.h5 N   (Debian's python3-h5py)"""
import sys
import h5py

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with h5py.File(src, "r") as f, h5py.File(dst, "w") as g:
    events = f["jetConstituentsList"].shape[0]
    for name, ds in f.items():
        if ds.ndim >= 1 and ds.shape[0] == events and not name.endswith("Names"):
            g.create_dataset(name, data=ds[:min(n, events)], maxshape=(None,) + ds.shape[1:], chunks=True,
                             compression="gzip", compression_opts=4)
        else:
            g.create_dataset(name, data=ds[()])
    for k, v in f.attrs.items():
        g.attrs[k] = v
    g.attrs["head_of"] = "%s (first %d of %d events)" % (src, min(n, events), events)
