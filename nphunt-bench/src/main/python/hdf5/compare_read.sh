#!/bin/sh
# Reading the LHC Olympics layout, nphunt vs h5py vs pandas on the same files, interleaved rounds.
# Per file and round: nphunt (Hdf5Benchmark read: one warm-up read then REPEATS timed reads in blocks of
# 2048 events, validation included), h5py (read_h5py.py, REPEATS reads in blocks of 2048 rows), pandas
# (read_pandas.py, one pd.read_hdf of the whole frame). Each program runs under /usr/bin/time, whose
# "maxrss" is the peak resident memory of the whole process (JVM included). Wall-clock rates depend on
# the machine's load; "events per cpu-s" (process CPU time, all threads) does not.
# Inputs (run from the repository root after `mvn -B -q -DskipTests -pl nphunt-bench -am package`):
#   HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins /usr/bin/python3 \
#       nphunt-bench/src/main/python/hdf5/make_bench_files.py lhco DIR/lhco_50k_blosc.h5 50000
#   h5repack -f /df/block0_values:GZIP=4 DIR/lhco_50k_blosc.h5 DIR/lhco_50k_gzip4.h5
#   sh nphunt-bench/src/main/python/hdf5/compare_read.sh DIR [ROUNDS=2] [REPEATS=3]
set -eu
DIR=$1
ROUNDS=${2:-2}
REPEATS=${3:-3}
export HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins
CP=nphunt-cli/target/nphunt.jar:nphunt-bench/target/nphunt-bench.jar
PY=nphunt-bench/src/main/python/hdf5
T="/usr/bin/time -f %C:_maxrss_%M_KiB_wall_%e_s_user_%U_s_sys_%S_s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for i in $(seq "$ROUNDS"); do
  for f in lhco_50k_blosc.h5 lhco_50k_gzip4.h5; do
    echo "== round $i, $f"
    $T java -Xmx1g -cp "$CP" org.nphunt.benchmark.hdf5.Hdf5Benchmark read "$DIR/$f" 2048 "$REPEATS" 2>&1
    $T /usr/bin/python3 "$PY/read_h5py.py" "$DIR/$f" df/block0_values 2048 "$REPEATS" 2>&1
    $T /usr/bin/python3 "$PY/read_pandas.py" "$DIR/$f" df 1 2>&1
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
