#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up, lint, pytest on SQLite (lib, pages by AppTest, real
# Chromium), then the same tests but the browser's (marked "browser") again on a real PostgreSQL server started for
# the run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser --postgres
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
echo "--- the same tests on PostgreSQL ---"
status=0
DASHBOARD_TEST_STORE=postgresql .venv/bin/python -m pytest -m "not browser" "$@" || status=$?
[ "$status" -eq 5 ] && status=0  # only browser tests were asked for: nothing to run again
exit "$status"
