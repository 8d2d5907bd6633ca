#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up, lint, then pytest (lib, pages by AppTest, real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
