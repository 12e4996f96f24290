#!/usr/bin/env bash
# Every figure of BENCHMARKS.md in one go (about 12 minutes on 2 cores): the nphunt bench suites, HDF5 with
# 13M events through a 1 GB heap, then
# the side-by-side comparison with PyTorch at 2 threads and at 1 thread. Results land in bench/out/
# (git-ignored) and their JSON + markdown are copied to bench/results/ (tracked).
# Usage: bench/run-all.sh        (NPHUNT_JAVA_OPTS defaults to -Xmx2g for the bench suites)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$root/bench/out" "$root/bench/results"
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
NPHUNT_JAVA_OPTS="${NPHUNT_JAVA_OPTS:--Xmx2g}" "$root/nphunt" bench --out "$root/bench/out/bench" --repeats 5 --warmup 2 --force
cp "$root/bench/out/bench/bench.json" "$root/bench/out/bench/bench.md" "$root/bench/results/"
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) hdf5, 13M events (the real background's size) through -Xmx1g"
NPHUNT_JAVA_OPTS=-Xmx1g "$root/nphunt" bench --suite hdf5 --events 13000000 --repeats 1 --warmup 0 \
  --out "$root/bench/out/bench-13m" --force
cp "$root/bench/out/bench-13m/bench.json" "$root/bench/results/bench-13m.json"
cp "$root/bench/out/bench-13m/bench.md" "$root/bench/results/bench-13m.md"
for t in 2 1; do
  echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) compare, $t threads"
  THREADS=$t DATA_DIR="$root/bench/out/data" "$root/bench/compare.sh" "$root/bench/out/compare-t$t"
  cp "$root/bench/out/compare-t$t/compare.json" "$root/bench/results/compare-t$t.json"
  cp "$root/bench/out/compare-t$t/compare.md" "$root/bench/results/compare-t$t.md"
done
echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) done"
