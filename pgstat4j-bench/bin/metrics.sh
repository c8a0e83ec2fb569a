#!/usr/bin/env bash
# /metrics under 1000 concurrent scrapes of the demo server (2000 tables, workload running):
#  1. MetricsBench: rounds of 1000 simultaneous scrapes from a Java client; p50, p99, max, RSS.
#  2. wrk (if installed: apt-get install wrk): 1000 connections scraping for 10 s, 3 times.
# Scrapes ask for gzip, as Prometheus does. Usage: pgstat4j-bench/bin/metrics.sh [ROUNDS]
# BEFORE_JAR=path/to/an/older/pgstat4j.jar runs MetricsBench on that build first, for comparison;
# HEAP sets the server's -Xmx (default 1g). The server starts with the launcher's JVM defaults
# (bin/jvm-options), as ./pgstat4j starts it; JVM_OPTIONS=none runs it on the JVM's own defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/find-jdk.sh
ROUNDS=${1:-5}
HEAP=${HEAP:-1g}
JVM_OPTIONS=${JVM_OPTIONS:-bin/jvm-options}
SERVER_OPTS=()
[ "$JVM_OPTIONS" = none ] || SERVER_OPTS=("@$JVM_OPTIONS")
JAR=pgstat4j-bench/target/benchmarks.jar
SERVER=pgstat4j-server/target/pgstat4j.jar
[ -f "$JAR" ] && [ -f "$SERVER" ] || ./build -q -B -pl pgstat4j-bench -am package -DskipTests
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); server JVM options: ${SERVER_OPTS[*]:-JVM defaults} -Xmx$HEAP"
if [ -n "${BEFORE_JAR:-}" ]; then
  echo "before ($BEFORE_JAR):"
  "$JAVA_HOME/bin/java" -cp "$JAR" org.pgstat4j.bench.MetricsBench --jar "$BEFORE_JAR" --tables 2000 \
    --concurrency 1000 --rounds 2 --heap "$HEAP" --jvm-options "$JVM_OPTIONS"
  echo "after:"
fi
"$JAVA_HOME/bin/java" -cp "$JAR" org.pgstat4j.bench.MetricsBench --tables 2000 --concurrency 1000 --rounds "$ROUNDS" \
  --heap "$HEAP" --jvm-options "$JVM_OPTIONS"
if command -v wrk >/dev/null; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$JAVA_HOME/bin/java" "${SERVER_OPTS[@]}" -Xmx"$HEAP" --enable-native-access=ALL-UNNAMED -jar "$SERVER" demo --serve \
    --http-port "$PORT" \
    --tables 2000 --sessions 2 --duration 0 >/dev/null 2>&1 &
  DEMO=$!
  trap 'kill $DEMO 2>/dev/null || true' EXIT
  for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/metrics" && break; sleep 1; done
  sleep 3
  echo "wrk: server RSS before: $(grep VmRSS /proc/$DEMO/status)"
  for i in 1 2 3; do
    wrk -t2 -c1000 -d10s --latency -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/metrics" |
      grep -E '50%|99%|Requests/sec|Socket errors|Latency  '
    echo "wrk run $i: server $(grep VmRSS /proc/$DEMO/status), load $(cut -d' ' -f1 /proc/loadavg)"
  done
  echo "wrk: server peak $(grep VmHWM /proc/$DEMO/status)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
