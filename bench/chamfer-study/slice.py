#!/usr/bin/env python3
"""slice.py IN.h5 OUT.h5 FROM TO: events [FROM, TO) of a dijet-layout file (as dijet_head.py)."""
import sys
import h5py
src, dst, a, b = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with h5py.File(src, "r") as f, h5py.File(dst, "w") as g:
    events = f["jetConstituentsList"].shape[0]
    for name, ds in f.items():
        if ds.ndim >= 1 and ds.shape[0] == events and not name.endswith("Names"):
            g.create_dataset(name, data=ds[a:b], maxshape=(None,) + ds.shape[1:], chunks=True,
                             compression="gzip", compression_opts=4)
        else:
            g.create_dataset(name, data=ds[()])
    for k, v in f.attrs.items():
        g.attrs[k] = v
    g.attrs["head_of"] = "%s (events %d-%d of %d)" % (src, a, b, events)
