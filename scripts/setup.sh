#!/usr/bin/env bash
# Creates .venv with the project's requirements (idempotent), and the Debian libraries and fonts the meeting pack's
# PDF needs (WeasyPrint: Pango, HarfBuzz; charts and PDF lettered in DejaVu Sans) when missing.
#   --browser   also Debian's Chromium (the browser tests)
#   --postgres  also Debian's PostgreSQL server programs (the tests' PostgreSQL pass starts its own server)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
.venv/bin/python -m pip install --quiet -r requirements.txt

packages=()
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || packages+=("$package")
done
for flag in "$@"; do
  case "$flag" in
    --browser) [ -x /usr/bin/chromium ] || packages+=(chromium) ;;
    --postgres) command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
                  || packages+=(postgresql) ;;
    *) echo "setup.sh: unknown option $flag" >&2; exit 2 ;;
  esac
done
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
fi
