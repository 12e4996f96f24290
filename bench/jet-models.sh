#!/usr/bin/env bash
# The jet models' figures (issue 12), in this order (each step alone on the machine):
#   1. chamfer-vae training speed, nphunt vs PyTorch (python3-torch), interleaved rounds
#      -> OUT/compare-chamfer/compare-chamfer.{json,md}
#   2. the mass-decorrelation trade-off of jet-image-ae (adversary and DisCo, several lambda)
#      -> OUT/tradeoff/tradeoff.{json,md,png}
#   3. the results table of every jet model on toy jets (or on dijet files: see JetModelTable's javadoc)
#      -> OUT/table/jet-models.{json,md}
#   4. training and scoring speed of every jet model -> OUT/speed/jet-speed.{json,md}
# Usage: bench/jet-models.sh [OUT_DIR]   (default bench/out/jets; steps by STEPS="1 2 3 4")
# Environment (defaults): JETS=100000 CMP_EPOCHS=2 CMP_ROUNDS=2 CMP_BATCH=256 TRADE_TRAIN=10000 TRADE_TEST=3000
#   TRADE_EPOCHS=6 TABLE_EVENTS=10000 TABLE_EPOCHS=10 PYTHON=/usr/bin/python3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/jets}"
steps="${STEPS:-1 2 3 4}"
"$root/nphunt" --version >/dev/null   # builds the jars when stale
cp="$root/nphunt-cli/target/nphunt.jar:$root/nphunt-bench/target/nphunt-bench.jar"
java_run() { java -Dai.djl.offline=true -Djava.awt.headless=true ${NPHUNT_JAVA_OPTS:-} -cp "$cp" "$@"; }
for s in $steps; do
  case "$s" in
    1) "$root/nphunt" bench --compare-chamfer --out "$out/compare-chamfer" --force --jets "${JETS:-100000}" \
         --epochs "${CMP_EPOCHS:-2}" --rounds "${CMP_ROUNDS:-2}" --batch "${CMP_BATCH:-256}" \
         --python "${PYTHON:-/usr/bin/python3}" --reference "$root/bench/reference/chamfer_vae_reference.py" ;;
    2) java_run org.nphunt.benchmark.jets.DecorrelationTradeoff --out "$out/tradeoff" --force --base jet-image-ae \
         --train "${TRADE_TRAIN:-10000}" --test "${TRADE_TEST:-3000}" --epochs "${TRADE_EPOCHS:-6}" \
         --adversary "${ADVERSARY:-0,1000,3000,10000,30000}" --disco "${DISCO:-100,1000,10000}" ;;
    3) java_run org.nphunt.benchmark.jets.JetModelTable --out "$out/table" --force --toy \
         --toy-events "${TABLE_EVENTS:-10000}" --epochs "${TABLE_EPOCHS:-10}" \
         --models "${MODELS:-chamfer-vae,chamfer-vae-slotwise,jet-image-ae,decorrelated}" ;;
    4) java_run org.nphunt.benchmark.jets.JetModelSpeed --out "$out/speed" --force --events "${SPEED_EVENTS:-10000}" ;;
  esac
done
