#!/usr/bin/env bash
# Installs what the integration tests run besides the JDK: psql (Debian's postgresql-client),
# used by the SQL endpoint's tests as a real client. Idempotent: does nothing when psql is
# already on the PATH. Needs root (or sudo) only when something must be installed.
set -euo pipefail

if command -v psql >/dev/null 2>&1; then
  echo "install-test-deps: psql already installed ($(psql --version))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: psql is missing and apt-get is not available; install the PostgreSQL client (psql) by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-test-deps: psql is missing; run this script as root to install postgresql-client" >&2
    exit 1
  fi
fi

echo "install-test-deps: installing postgresql-client (for psql) with apt-get"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql-client
echo "install-test-deps: installed $(psql --version)"
