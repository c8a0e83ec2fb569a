#!/usr/bin/env bash
# /metrics under 1000 concurrent scrapes of the demo server (2000 tables): p50, p99, max, RSS.
# Usage: pgstat4j-bench/bin/metrics.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-jdk.sh
ROUNDS=${1:-5}
JAR=pgstat4j-bench/target/benchmarks.jar
[ -f "$JAR" ] && [ -f pgstat4j-server/target/pgstat4j.jar ] || ./build -q -B -pl pgstat4j-bench -am package -DskipTests
"$JAVA_HOME/bin/java" -cp "$JAR" org.pgstat4j.bench.MetricsBench --tables 2000 --concurrency 1000 \
  --rounds "$ROUNDS" | tee pgstat4j-bench/target/metrics-results.txt
