#!/usr/bin/env bash
# Collector ingest and loss under a flood: pgstat4j beside plain C loops, in one run.
# Usage: pgstat4j-bench/bin/ingest.sh [REPEATS] [DATAGRAMS]
# Builds the benchmark jar if missing and the C reference (src/main/c/ingest_ref.c) each run,
# alternates the runs REPEATS times and prints the medians, the ratios and the load average.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-jdk.sh
REPEATS=${1:-5}
N=${2:-300000}
SIZE=976   # a full TABSTAT (960 B) in its 16-byte sequence envelope
ROUND=2048 # datagrams per round in the phased modes
JAR=pgstat4j-bench/target/benchmarks.jar
OUT=pgstat4j-bench/target/ingest
mkdir -p "$OUT"
[ -f "$JAR" ] || ./build -q -B -pl pgstat4j-bench -am package -DskipTests
gcc -O2 -o "$OUT/ingest_ref" pgstat4j-bench/src/main/c/ingest_ref.c
JAVA=("$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$JAR" org.pgstat4j.bench.IngestBench)
RESULTS="$OUT/results.txt"
: > "$RESULTS"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
for i in $(seq "$REPEATS"); do
  "$OUT/ingest_ref" sendrecv "$N" "$SIZE" >> "$RESULTS"
  "$OUT/ingest_ref" phased "$N" "$SIZE" "$ROUND" >> "$RESULTS"
  "$OUT/ingest_ref" recvmmsg "$N" "$SIZE" "$ROUND" >> "$RESULTS"
  "${JAVA[@]}" phased "$N" --round "$ROUND" --receiver=batched 2>/dev/null >> "$RESULTS"
  "${JAVA[@]}" phased "$N" --round "$ROUND" --receiver=single 2>/dev/null >> "$RESULTS"
  "${JAVA[@]}" flood "$N" --fast-sender --receiver=batched 2>/dev/null >> "$RESULTS"
  "${JAVA[@]}" flood "$N" --fast-sender --receiver=single 2>/dev/null >> "$RESULTS"
  echo "load after run $i: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
python3 pgstat4j-bench/bin/medians.py "$RESULTS"
