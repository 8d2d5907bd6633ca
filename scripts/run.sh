#!/usr/bin/env bash
# Set up and start the dashboard on its default store (SQLite in data/; demo data loaded on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run serve.py "$@"  # serves app.py, warmed up before the first visitor
