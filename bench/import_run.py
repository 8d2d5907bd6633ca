"""One whole-process run of an import, for timing from outside (/usr/bin/time -v, or several runs paired):

    .venv/bin/python bench/import_run.py calamine FILE.xlsx    # the baseline: python-calamine reads the sheet
    .venv/bin/python bench/import_run.py import FILE.xlsx      # the dashboard's import (python -m lib.cli import
                                                               # contracts) into a fresh empty store
    .venv/bin/python bench/import_run.py pandas FILE.xlsx      # pandas.read_excel(engine="openpyxl") + to_sql

    .venv/bin/python bench/import_run.py pairs FILE.xlsx [ROUNDS]   # ROUNDS rounds (default 5) of the three, each a
                                                                    # new process, in turn; medians and ratios

FILE is a contract register, e.g. bench/.stores/100x/workbooks/contracts.xlsx (50,000 rows, 12 columns; made by
bench/stores.py). The empty store is copied from one made once (so the migrations are not timed). `pairs` reads each
finished process's own accounting from the kernel (os.wait4: user and system CPU, peak resident memory) and times its
wall clock from start to exit.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("calamine", "import", "pandas")


def empty_store() -> Path:
    """An empty store at the schema's head, made once (remade when a migration is added), for each import to copy."""
    sys.path.insert(0, str(ROOT))
    from lib.store import engine as db  # (the import loads it anyway)

    empty = ROOT / "bench" / ".stores" / "empty.db"
    if empty.exists():
        with sqlite3.connect(empty) as conn:
            try:
                current = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == db.SCHEMA_HEAD
            except sqlite3.Error:
                current = False
        if not current:
            empty.unlink()
    if not empty.exists():
        db.make_engine(f"sqlite:///{empty}").dispose()
    return empty


def run_once(how: str, path: str) -> int:
    if how == "calamine":
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(path)
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        return 0 if len(rows) > 1 else 1
    with tempfile.TemporaryDirectory() as folder:
        if how == "pandas":
            import pandas as pd
            from sqlalchemy import create_engine

            df = pd.read_excel(path, engine="openpyxl")
            df.to_sql("contract", create_engine(f"sqlite:///{folder}/pandas.db"), index=False)
            return 0
        shutil.copyfile(empty_store(), f"{folder}/store.db")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/store.db"
        os.environ["DASHBOARD_MAX_UPLOAD_MB"] = "200"
        sys.path.insert(0, str(ROOT))
        from lib import cli

        return cli.main(["import", "contracts", path, "--who", "bench"])


def measure(how: str, path: str) -> dict:
    """One run of `how` in a new process: wall seconds, CPU seconds (user + system) and peak memory (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, how, path], stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{how} failed (exit status {process.returncode})")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "mib": usage.ru_maxrss / 1024}


def pairs(path: str, rounds: int) -> None:
    empty_store()  # made or brought up to date before anything is timed
    runs: dict[str, list[dict]] = {how: [] for how in MODES}
    for _ in range(rounds):
        for how in MODES:
            runs[how].append(measure(how, path))
    median = {how: {k: statistics.median(r[k] for r in found) for k in ("wall", "cpu", "mib")}
              for how, found in runs.items()}
    for how in MODES:
        walls = ", ".join(f"{r['wall']:.2f}" for r in runs[how])
        print(f"{how:9s} wall {median[how]['wall']:.2f} s  cpu {median[how]['cpu']:.2f} s  "
              f"peak {median[how]['mib']:.0f} MiB   (walls: {walls})")
    ratios = {k: statistics.median(i[k] / c[k] for i, c in zip(runs["import"], runs["calamine"]))
              for k in ("wall", "cpu")}
    versus = {k: statistics.median(i[k] / p[k] for i, p in zip(runs["import"], runs["pandas"]))
              for k in ("wall", "cpu")}
    print(f"import / calamine (median of the {rounds} rounds' ratios): wall {ratios['wall']:.2f}x, "
          f"cpu {ratios['cpu']:.2f}x   (target at most 3x, aim 2x)")
    print(f"import / pandas script: wall {versus['wall']:.3f}, cpu {versus['cpu']:.3f}   (target at most 1/8 = 0.125)")


def main() -> int:
    how, path = sys.argv[1], sys.argv[2]
    if how == "pairs":
        pairs(path, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
        return 0
    return run_once(how, path)


if __name__ == "__main__":
    sys.exit(main())
