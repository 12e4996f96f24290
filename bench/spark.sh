#!/usr/bin/env bash
# nphunt spark score (issue 18) next to the single-machine nphunt score, on the same files: events/s of
# `nphunt score` (one file after the other), `nphunt spark score` with local[1] and local[2], and the
# overhead per Spark task (the same run with more, smaller tasks: extra seconds / extra tasks).
#
# Usage: bench/spark.sh [OUT_DIR]            (default: bench/out/spark, git-ignored)
# Environment (defaults): FILES=4 EVENTS=500000 (per file) SEED=1 EPOCHS=2 SMALL_TASK=32768
# Prints one line per measurement and writes OUT_DIR/spark.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/spark}"
files="${FILES:-4}"
events="${EVENTS:-500000}"
seed="${SEED:-1}"
small="${SMALL_TASK:-32768}"
data="$out/data"
mkdir -p "$data"
nphunt="$root/nphunt"

inputs=()
for ((i = 0; i < files; i++)); do
  f="$data/sm_${events}_s$((seed + i)).h5"
  [ -f "$f" ] || "$nphunt" generate --process sm --events "$events" --seed $((seed + i)) --out "$f" >/dev/null
  inputs+=("$f")
done
model="$out/model_dense"
if [ ! -f "$model/model.json" ]; then
  [ -f "$data/train.h5" ] || "$nphunt" generate --process sm --events 200000 --seed 1000 --out "$data/train.h5" >/dev/null
  "$nphunt" train --model dense --train "$data/train.h5" --out "$model" --epochs "${EPOCHS:-2}" --seed 1 --force >/dev/null
fi
total=$((files * events))

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
md="$out/spark.md"
{
  echo "| run | events | wall s | events/s | tasks |"
  echo "|---|---:|---:|---:|---:|"
} >"$md"
row() { echo "| $1 | $total | $2 | $3 | $4 |" | tee -a "$md"; }

# single machine: nphunt score, file by file (JVM start included, as for the Spark runs)
t0=$(now)
for f in "${inputs[@]}"; do
  "$nphunt" score --model "$model" --in "$f" --out "$out/single_$(basename "$f")" --force >/dev/null
done
t1=$(now)
row "nphunt score (${files} runs)" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')" "$(rate $total "$t0" "$t1")" "-"

spark() { # label master task-events
  rm -rf "$out/spark_scores"
  local t0 t1 log
  t0=$(now)
  log=$("$nphunt" spark score --model "$model" --in "${inputs[@]}" --out "$out/spark_scores" --master "$2" --task-events "$3")
  t1=$(now)
  tasks=$(printf '%s\n' "$log" | sed -n 's/.* \([0-9]*\) tasks) into .*/\1/p')
  row "$1" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')" "$(rate $total "$t0" "$t1")" "$tasks"
  last=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
}
spark "spark score local[1]" "local[1]" 262144; l1=$last; n1=$tasks
spark "spark score local[2]" "local[2]" 262144; l2=$last; n2=$tasks
spark "spark score local[2], task $small events" "local[2]" "$small"; l3=$last; n3=$tasks
awk -v a="$l2" -v b="$l3" -v na="$n2" -v nb="$n3" 'BEGIN { printf "overhead per task (local[2]): %.3f s (%d -> %d tasks)\n", (b - a) / (nb - na) * 2, na, nb }' | tee -a "$md"
