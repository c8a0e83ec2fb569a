#!/usr/bin/env bash
# Installs headless Chromium (Debian's package) for the dashboard's end-to-end test.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: /usr/bin/chromium is missing and apt-get is not available;" \
       "install Chromium, or set PGSTAT4J_SKIP_BROWSER=1 to skip the browser test" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "install-browser: chromium was installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
