#!/bin/sh
# Regenerates the FastJet 3.4 reference outputs of nphunt's jet tests (org.nphunt.jet).
# Needs Debian's libfastjet-dev, zlib1g-dev, python3-h5py and hdf5-filter-plugin-blosc-serial.
# Run from the repository root: sh nphunt-bench/src/main/cpp/jets/make_references.sh
set -eu
RES=nphunt-core/src/test/resources/org/nphunt/jet
BIN=${TMPDIR:-/tmp}/jets_reference
HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins \
  /usr/bin/python3 nphunt-bench/src/main/python/jets/make_jet_fixtures.py
g++ -O2 -std=c++17 -o "$BIN" nphunt-bench/src/main/cpp/jets/jets_reference.cc $(fastjet-config --cxxflags --libs) -lz
"$BIN" lhco "$RES/lhco2020_rnd_50.npj.gz" 50 | gzip -9n > "$RES/fastjet_lhco50.txt.gz"
"$BIN" random "$RES/random_events.txt.gz" | gzip -9n > "$RES/fastjet_random.txt.gz"
ls -l "$RES"
