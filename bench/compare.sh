#!/usr/bin/env bash
# nphunt vs PyTorch, side by side (issue 7): generates the same HDF5 files with nphunt's generator
# (SM train, SM test, the four signals), then runs nphunt's dense autoencoder and the PyTorch
# reference (bench/reference/dense_ae_reference.py) INTERLEAVED over several rounds with the same
# epochs, batch, seed and threads (no LR schedule, no early stop on either side), and prints the
# nphunt/PyTorch ratios of training and scoring events/s and the AUC differences (Hanley-McNeil errors).
#
# Usage: bench/compare.sh [OUT_DIR]          (default: bench/out/compare, git-ignored)
# Environment (defaults): TRAIN_EVENTS=500000 TEST_EVENTS=200000 SIGNAL_EVENTS=50000 EPOCHS=5
#   ROUNDS=3 REPEATS=5 THREADS=<cores> SEED=1 BATCH=1024 DATA_DIR=OUT_DIR/data PYTHON=/usr/bin/python3
# Writes OUT_DIR/compare.json and OUT_DIR/compare.md (replaced on each run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/compare}"
train_events="${TRAIN_EVENTS:-500000}"
test_events="${TEST_EVENTS:-200000}"
signal_events="${SIGNAL_EVENTS:-50000}"
seed="${SEED:-1}"
threads="${THREADS:-$(nproc)}"
data="${DATA_DIR:-$out/data}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$data"

# Files are named by size and seed, so a rerun reuses them and a change regenerates them.
gen() { # process events seed file
  if [ ! -f "$4" ]; then
    "$root/nphunt" generate --process "$1" --events "$2" --seed "$3" --threads "$threads" --out "$4" >/dev/null
  fi
}
gen sm "$train_events" "$seed" "$data/sm_train_${train_events}_s${seed}.h5"
gen sm "$test_events" "$((seed + 1))" "$data/sm_test_${test_events}_s$((seed + 1)).h5"
signals=()
i=2
for s in Ato4l LQ h0tautau hplustaunu; do
  f="$data/${s}_${signal_events}_s$((seed + i)).h5"
  gen "$s" "$signal_events" "$((seed + i))" "$f"
  signals+=(--signal "$s=$f")
  i=$((i + 1))
done

# The driver gives the Python child OMP_WAIT_POLICY=PASSIVE (libgomp threads otherwise spin while waiting,
# which collapses torch on a shared machine; bench/reference/README.md). It is NOT exported to nphunt's JVM:
# there it halves 2-thread libtorch training (measured, see BENCHMARKS.md).
"$python" -c 'import torch, h5py, sklearn' 2>/dev/null || {
  echo "compare.sh: $python lacks torch/h5py/sklearn: apt-get install -y python3-torch python3-h5py python3-sklearn" >&2
  exit 1
}
"$root/nphunt" bench --compare-pytorch --out "$out" --force \
  --train "$data/sm_train_${train_events}_s${seed}.h5" --test "$data/sm_test_${test_events}_s$((seed + 1)).h5" \
  "${signals[@]}" --epochs "${EPOCHS:-5}" --batch "${BATCH:-1024}" --rounds "${ROUNDS:-3}" --repeats "${REPEATS:-5}" \
  --threads "$threads" --seed "$seed" --python "$python" --reference "$root/bench/reference/dense_ae_reference.py"
