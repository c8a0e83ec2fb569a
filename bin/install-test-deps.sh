#!/usr/bin/env bash
# Installs the real clients the integration tests drive besides the JDK:
#   psql      (Debian's postgresql-client) for the SQL endpoint tests,
#   chromium  (Debian's chromium) for the dashboard's end-to-end test,
#   promtool  (Debian's prometheus) to check the /metrics exposition,
#   tcpdump   (Debian's tcpdump) to capture a real PostgreSQL 14's collector traffic,
#   prometheus-postgres-exporter, python3-psycopg2 and tmux, the clients whose statements
#             bin/sql-corpus/capture.sh records for the SQL conformance corpus;
# and, when run as root, the unprivileged system user pgstat4j-pg that the test PostgreSQL 14
# runs as (PostgreSQL refuses to run as root).
# Idempotent: does nothing for what is already installed. The build runs it before the tests
# (pgstat4j-server, phase process-test-classes); it needs root (or sudo) only to install.
set -euo pipefail

missing=()
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/promtool ] || missing+=(prometheus)
[ -x /usr/bin/prometheus-postgres-exporter ] || missing+=(prometheus-postgres-exporter)
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || missing+=(python3-psycopg2)
[ -x /usr/bin/tcpdump ] || [ -x /usr/sbin/tcpdump ] || missing+=(tcpdump)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)

if [ "$(id -u)" -eq 0 ] && ! id -u pgstat4j-pg >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pgstat4j-pg \
    || id -u pgstat4j-pg >/dev/null 2>&1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: psql, chromium, promtool, tcpdump, prometheus-postgres-exporter, psycopg2 and tmux are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${missing[*]} and apt-get is not available; install them by hand" \
       "(or set PGSTAT4J_SKIP_PSQL=1 / PGSTAT4J_SKIP_BROWSER=1 / PGSTAT4J_SKIP_PROMTOOL=1 to skip those tests)" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-test-deps: missing ${missing[*]}; run this script as root to install them" >&2
    exit 1
  fi
fi

echo "install-test-deps: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
plain=()
for pkg in "${missing[@]}"; do
  [ "$pkg" = prometheus ] || plain+=("$pkg")
done
[ ${#plain[@]} -eq 0 ] || $SUDO apt-get install -y -q "${plain[@]}"
# only promtool is needed from prometheus: no recommended extras
case " ${missing[*]} " in *" prometheus "*) $SUDO apt-get install -y -q --no-install-recommends prometheus ;; esac
command -v psql >/dev/null 2>&1 || { echo "install-test-deps: psql still missing after install" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "install-test-deps: /usr/bin/chromium still missing after install" >&2; exit 1; }
[ -x /usr/bin/promtool ] || { echo "install-test-deps: /usr/bin/promtool still missing after install" >&2; exit 1; }
[ -x /usr/bin/prometheus-postgres-exporter ] || { echo "install-test-deps: prometheus-postgres-exporter still missing after install" >&2; exit 1; }
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || { echo "install-test-deps: python3-psycopg2 still missing after install" >&2; exit 1; }
[ -x /usr/bin/tcpdump ] || [ -x /usr/sbin/tcpdump ] || { echo "install-test-deps: tcpdump still missing after install" >&2; exit 1; }
echo "install-test-deps: installed ${missing[*]}"
