#!/bin/sh
# Anti-kT clustering speed, nphunt vs FastJet 3.4, on the 1,000 LHC Olympics events of the jet
# test fixture. Interleaves ROUNDS rounds of: FastJet (Best strategy), FastJet (N2Tiled), nphunt;
# each program times PASSES passes over all events after warm-up and prints the median and best
# events/s (wall clock) and the median events per second of its timing thread's CPU time (the
# figure to compare on a loaded machine). Scope of each timed event, identical on both sides:
# four-vectors from (pT, eta, phi), clustering, pT-sorted inclusive jets. Needs g++, libfastjet-dev,
# zlib1g-dev, a JDK and (to convert the 1,000 events of ../shared/fixtures/lhco2020_rnd_1000.h5) python3-h5py with the Blosc plugin;
# run from the repository root after `mvn -q -o -pl nphunt-core compile`:
#   sh nphunt-bench/src/main/cpp/jets/compare_speed.sh [ROUNDS=3] [PASSES=15] [R=1.0]
set -eu
ROUNDS=${1:-3}
PASSES=${2:-15}
R=${3:-1.0}
TMP=${TMPDIR:-/tmp}/nphunt-jet-bench
mkdir -p "$TMP/classes"
FILE=$TMP/lhco2020_rnd_1000.npj.gz
HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins \
  /usr/bin/python3 nphunt-bench/src/main/python/jets/make_jet_fixtures.py --lhco 1000 "$FILE"
g++ -O2 -std=c++17 -o "$TMP/jets_reference" nphunt-bench/src/main/cpp/jets/jets_reference.cc $(fastjet-config --cxxflags --libs) -lz
javac -d "$TMP/classes" -cp nphunt-core/target/classes nphunt-bench/src/main/java/org/nphunt/benchmark/jet/JetClusteringBenchmark.java
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for i in $(seq "$ROUNDS"); do
  "$TMP/jets_reference" bench "$FILE" "$PASSES" "$R" best | tail -1
  "$TMP/jets_reference" bench "$FILE" "$PASSES" "$R" tiled | tail -1
  java -cp "nphunt-core/target/classes:$TMP/classes" org.nphunt.benchmark.jet.JetClusteringBenchmark "$FILE" "$PASSES" 10 "$R" | sed -n 2,3p
done | tee "$TMP/out.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk 'function cpu(line,  a, b) { split(line, a, "thread cpu: median "); split(a[2], b, " "); return b[1] }
  /^fastjet best/ {fb[++a]=$6; cfb[a]=cpu($0)} /^fastjet tiled/ {ft[++b]=$6; cft[b]=cpu($0)}
  /^nphunt antikt/ {nj[++c]=$5; cnj[c]=cpu($0)}
  END { for (i = 1; i <= c; i++) printf "round %d: wall nphunt/FastJet-Best %.2f, nphunt/FastJet-N2Tiled %.2f; thread cpu nphunt/FastJet-Best %.2f, nphunt/FastJet-N2Tiled %.2f\n", i, nj[i]/fb[i], nj[i]/ft[i], cnj[i]/cfb[i], cnj[i]/cft[i] }' "$TMP/out.txt"
