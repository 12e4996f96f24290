#!/usr/bin/env bash
# nphunt's kernels vs PyTorch on the same weights and inputs (issue 17): dense AE and VAE (MODELS=conv,transformer
# for the DJL/libtorch models, rebuilt in PyTorch from their parameters by name), training and scoring
# events/s (wall and per process CPU-second) in interleaved rounds, and the agreement of the scores.
#
# Usage: bench/compare-kernels.sh [OUT_DIR]      (default: bench/out/kernels, git-ignored)
# Environment (defaults): TRAIN_EVENTS=200000 TEST_EVENTS=20000 EPOCHS=3 ROUNDS=3 REPEATS=3 THREADS=<cores>
#   BATCHES=1024,16384 MODELS=dense,vae SEED=1 PYTHON=/usr/bin/python3
# Writes OUT_DIR/compare-kernels.json and OUT_DIR/compare-kernels.md (replaced on each run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/kernels}"
train_events="${TRAIN_EVENTS:-200000}"
test_events="${TEST_EVENTS:-20000}"
seed="${SEED:-1}"
threads="${THREADS:-$(nproc)}"
data="${DATA_DIR:-$root/bench/out/kernels/data}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$data"
gen() { # events seed file
  if [ ! -f "$3" ]; then
    "$root/nphunt" generate --process sm --events "$1" --seed "$2" --threads "$threads" --out "$3" >/dev/null
  fi
}
train="$data/sm_train_${train_events}_s${seed}.h5"
test="$data/sm_test_${test_events}_s$((seed + 1)).h5"
gen "$train_events" "$seed" "$train"
gen "$test_events" "$((seed + 1))" "$test"
"$python" -c 'import torch, numpy' 2>/dev/null || {
  echo "compare-kernels.sh: $python lacks torch/numpy: apt-get install -y python3-torch" >&2
  exit 1
}
NPHUNT_JAVA_OPTS="${NPHUNT_JAVA_OPTS:--Xmx2g}" "$root/nphunt" bench --compare-kernels --out "$out" --force \
  --train "$train" --test "$test" --models "${MODELS:-dense,vae}" --epochs "${EPOCHS:-3}" --batch "${BATCH:-1024}" \
  --score-batches "${BATCHES:-1024,16384}" --threads "$threads" --rounds "${ROUNDS:-3}" --repeats "${REPEATS:-3}" \
  --seed "$seed" --python "$python" --reference "$root/nphunt-bench/src/main/python/speed/kernel_reference.py"
