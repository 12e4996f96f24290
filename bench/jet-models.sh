#!/usr/bin/env bash
# The jet models' figures (issue 12), in this order (each step alone on the machine):
#   g. dijet files from nphunt's jet generator (nphunt generate --dijet-out) -> OUT/data/*.h5
#      (qcd-dijet train/test, wprime-xy, graviton-ww-1500, graviton-ww-3500, dark-shower; qcd-top train/test, top)
#      and the test samples' first HEAD_BKG=1500 (qcd-dijet) / HEAD_TOP_BKG=1000 (qcd-top) / HEAD_SIGNAL=600 events (*-head.h5, bench/reference/dijet_head.py)
#   1. chamfer-vae training speed, nphunt vs PyTorch (python3-torch), interleaved rounds
#      -> OUT/compare-chamfer/compare-chamfer.{json,md}
#   2. the mass-decorrelation trade-off of jet-image-ae (adversary and DisCo, several lambda), trained on
#      generated qcd-top, tops as the anomaly -> OUT/tradeoff/tradeoff.{json,md,png} (TOY=1: toy jets)
#   3. the results table of every jet model: trained on generated qcd-dijet, tested on W' -> XY, G -> WW
#      (1.5, 3.5 TeV) and dark showers -> OUT/table/; trained on generated qcd-top, tested on tops
#      -> OUT/table-top/ (TOY=1: toy jets -> OUT/table/)
#   4. training and scoring speed of every jet model -> OUT/speed/jet-speed.{json,md}
#   p. (not in the default steps) CPU time of the Chamfer distance's parts per batch, before/after
#      -> OUT/chamfer-profile/chamfer-profile.json (PROFILE_JETS=10240)
# Usage: bench/jet-models.sh [OUT_DIR]   (default bench/out/jets; steps by STEPS="g 1 2 3 4")
# Environment (defaults): GEN_TRAIN=8000 GEN_TEST=3000 GEN_SIGNAL=1500 GEN_TOP_TRAIN=6000 GEN_TOP_TEST=2000
#   JETS=100000 CMP_EPOCHS=2 CMP_ROUNDS=2 CMP_BATCH=256 TRADE_TRAIN=10000 TRADE_TEST=3000 TRADE_EPOCHS=6
#   TABLE_TRAIN=4000 TABLE_EVENTS=10000 (toy) TABLE_EPOCHS=10 PYTHON=/usr/bin/python3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bench/out/jets}"
steps="${STEPS:-g 1 2 3 4}"
d="$out/data"
"$root/nphunt" --version >/dev/null   # builds the jars when stale
cp="$root/nphunt-cli/target/nphunt.jar:$root/nphunt-bench/target/nphunt-bench.jar"
java_run() { java -Dai.djl.offline=true -Djava.awt.headless=true ${NPHUNT_JAVA_OPTS:-} -cp "$cp" "$@"; }
gen() { "$root/nphunt" generate --process "$1" --events "$2" --seed "$3" --dijet-out "$d/$4.h5" --force >/dev/null; }
for s in $steps; do
  case "$s" in
    g) mkdir -p "$d"
       gen qcd-dijet "${GEN_TRAIN:-8000}" 11 qcd-train; gen qcd-dijet "${GEN_TEST:-3000}" 12 qcd-test
       for p in top wprime-xy graviton-ww-1500 graviton-ww-3500 dark-shower; do gen "$p" "${GEN_SIGNAL:-1500}" 13 "$p"; done
       gen qcd-top "${GEN_TOP_TRAIN:-6000}" 21 qcd-top-train; gen qcd-top "${GEN_TOP_TEST:-2000}" 22 qcd-top-test
       # smaller test samples: the first HEAD_BKG / HEAD_SIGNAL events of each (python3-h5py)
       "${PYTHON:-/usr/bin/python3}" "$root/bench/reference/dijet_head.py" "$d/qcd-test.h5" "$d/qcd-test-head.h5" "${HEAD_BKG:-1500}"
       "${PYTHON:-/usr/bin/python3}" "$root/bench/reference/dijet_head.py" "$d/qcd-top-test.h5" "$d/qcd-top-test-head.h5" "${HEAD_TOP_BKG:-1000}"
       for f in top wprime-xy graviton-ww-1500 graviton-ww-3500 dark-shower; do
         "${PYTHON:-/usr/bin/python3}" "$root/bench/reference/dijet_head.py" "$d/$f.h5" "$d/$f-head.h5" "${HEAD_SIGNAL:-600}"; done ;;
    1) "$root/nphunt" bench --compare-chamfer --out "$out/compare-chamfer" --force --jets "${JETS:-100000}" \
         --epochs "${CMP_EPOCHS:-2}" --rounds "${CMP_ROUNDS:-2}" --batch "${CMP_BATCH:-256}" \
         --python "${PYTHON:-/usr/bin/python3}" --reference "$root/bench/reference/chamfer_vae_reference.py" ;;
    2) files=(--train-file "$d/qcd-top-train.h5" --background-file "$d/qcd-top-test-head.h5" --signal-file "$d/top-head.h5" --signal top)
       [ -n "${TOY:-}" ] && files=()
       java_run org.nphunt.benchmark.jets.DecorrelationTradeoff --out "$out/tradeoff" --force --base jet-image-ae \
         --train "${TRADE_TRAIN:-10000}" --test "${TRADE_TEST:-3000}" --epochs "${TRADE_EPOCHS:-6}" \
         --adversary "${ADVERSARY:-0,1000,3000,10000,30000}" --disco "${DISCO:-100,1000,10000}" "${files[@]}" ;;
    3) models="${MODELS:-chamfer-vae,jet-image-ae,decorrelated,lola-ae}"
       if [ -n "${TOY:-}" ]; then
         java_run org.nphunt.benchmark.jets.JetModelTable --out "$out/table" --force --toy \
           --toy-events "${TABLE_EVENTS:-10000}" --epochs "${TABLE_EPOCHS:-10}" --models "$models"
       else
         java_run org.nphunt.benchmark.jets.JetModelTable --out "$out/table" --force --epochs "${TABLE_EPOCHS:-10}" \
           --models "$models" --train "$d/qcd-train.h5" --train-events "${TABLE_TRAIN:-4000}" --background "$d/qcd-test-head.h5" \
           --signal "W'->XY=$d/wprime-xy-head.h5;G->WW 1.5 TeV=$d/graviton-ww-1500-head.h5;G->WW 3.5 TeV=$d/graviton-ww-3500-head.h5;dark shower=$d/dark-shower-head.h5"
         java_run org.nphunt.benchmark.jets.JetModelTable --out "$out/table-top" --force --epochs "${TABLE_EPOCHS:-10}" \
           --models "$models" --train "$d/qcd-top-train.h5" --train-events "${TABLE_TRAIN:-4000}" --background "$d/qcd-top-test-head.h5" \
           --signal "top=$d/top-head.h5"
       fi ;;
    p) java_run org.nphunt.benchmark.jets.ChamferProfile --out "$out/chamfer-profile" --force --jets "${PROFILE_JETS:-10240}" \
         --batch "${CMP_BATCH:-256}" --repeats 3 ;;
    4) java_run org.nphunt.benchmark.jets.JetModelSpeed --out "$out/speed" --force --events "${SPEED_EVENTS:-10000}" ;;
  esac
done
