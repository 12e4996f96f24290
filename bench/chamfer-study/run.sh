#!/bin/bash
# run.sh TAG MODEL TRAIN_FILE TRAIN_EVENTS EPOCHS JARDIR : train MODEL (a JetModelTable name), score the test files
set -e
if [ $# -ne 6 ]; then
  echo "usage: run.sh TAG MODEL TRAIN_FILE TRAIN_EVENTS EPOCHS JARDIR (files under \$CHAMFER_DATA, default /work/data-chamfer)" >&2
  exit 2
fi
TAG=$1; MODEL=$2; TRAIN=$3; N=$4; EP=$5; JARS=$6
D=${CHAMFER_DATA:-/work/data-chamfer}; OUT=$D/runs/$TAG
mkdir -p $OUT/scores
CP=$JARS/nphunt.jar:$JARS/nphunt-bench.jar
echo "start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > $OUT/run.log
/usr/bin/time -v java -cp $CP org.nphunt.benchmark.jets.JetModelTable --out $OUT/table --force --epochs $EP --seed ${SEED:-1} \
  --models $MODEL --train $D/$TRAIN --train-events $N --background $D/qcd-wide-test.h5 --save-models $OUT/models \
  --signal "W'->XY=$D/wprime-xy-head.h5;G->WW 1.5 TeV=$D/graviton-ww-1500-head.h5;G->WW 3.5 TeV=$D/graviton-ww-3500-head.h5;dark shower=$D/dark-shower-head.h5" \
  >> $OUT/run.log 2>&1
echo "trained $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/run.log
for f in qcd-wide-test qcd-hi-test wprime-xy-head graviton-ww-1500-head graviton-ww-3500-head dark-shower-head; do
  java -jar $JARS/nphunt.jar score --model $OUT/models/$MODEL --in $D/$f.h5 --out $OUT/scores/$f.h5 --force >> $OUT/run.log 2>&1
done
echo "done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/run.log
