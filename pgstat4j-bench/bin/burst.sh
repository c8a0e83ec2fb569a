#!/usr/bin/env bash
# Message loss under bursts, before (receive SINGLE: PostgreSQL's way, kernel default buffer)
# and after (BATCHED: drain thread, recvmmsg, 8 MiB buffer), alternated in one run; with
# TPS "pg", each repeat first runs real PostgreSQL 14 under pgbench (pg14-burst.sh) and then
# paces pgstat4j's sessions to the rate PostgreSQL reached.
# Usage: pgstat4j-bench/bin/burst.sh [REPEATS] [SECONDS] [TPS|pg]   (TPS 0: unthrottled)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-jdk.sh
REPEATS=${1:-3}
SECONDS_=${2:-15}
TPS=${3:-258}
JAR=pgstat4j-bench/target/benchmarks.jar
OUT=pgstat4j-bench/target/burst
mkdir -p "$OUT"
[ -f "$JAR" ] || ./build -q -B -pl pgstat4j-bench -am package -DskipTests
RESULTS="$OUT/results-$TPS.txt"
: > "$RESULTS"
for i in $(seq "$REPEATS"); do
  rate=$TPS
  if [ "$TPS" = pg ]; then
    pg=$(pgstat4j-bench/bin/pg14-burst.sh "$SECONDS_" | tail -n 1)
    echo "receive=postgresql14 ${pg#postgresql=14.22 }" | tee -a "$RESULTS"
    rate=$(printf '%s\n' "$pg" | sed -n 's/.* tps=\([0-9]*\).*/\1/p')
  fi
  for receive in single batched; do
    "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$JAR" org.pgstat4j.bench.BurstBench \
      --sessions 32 --tables 2000 --per-xact 200 --seconds "$SECONDS_" --tps "$rate" --receive "$receive" \
      2>/dev/null | grep '^receive=' | tee -a "$RESULTS"
  done
done
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    kv = dict(p.split("=", 1) for p in line.split())
    rows.setdefault(kv["receive"], []).append(kv)
print("| receive | runs | tps | offered datagrams/s | lost % | kernel drops | sender drops | sequence lost | load |")
print("|---|---|---|---|---|---|---|---|---|")
for k, rs in sorted(rows.items()):
    m = lambda f: statistics.median(float(r[f]) for r in rs) if f in rs[0] else float("nan")
    print("| %s | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.1f |" % (k, len(rs), m("tps"), m("offered_per_s"),
          m("lost_pct"), m("kernel_drops"), m("sender_drops"), m("sequence_lost"), m("load")))
PY
