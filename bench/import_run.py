"""One whole-process run of an import, for timing from outside (/usr/bin/time -v, or several runs paired):

    .venv/bin/python bench/import_run.py calamine FILE.xlsx    # the baseline: python-calamine reads the sheet
    .venv/bin/python bench/import_run.py import FILE.xlsx      # the dashboard's import (python -m lib.cli import
                                                               # contracts) into a fresh empty store
    .venv/bin/python bench/import_run.py pandas FILE.xlsx      # pandas.read_excel(engine="openpyxl") + to_sql

FILE is a contract register, e.g. bench/.stores/100x/workbooks/contracts.xlsx (50,000 rows, 12 columns; made by
bench/stores.py). The empty store is copied from one made once (so the migrations are not timed).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    how, path = sys.argv[1], sys.argv[2]
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
        empty = ROOT / "bench" / ".stores" / "empty.db"
        if not empty.exists():
            sys.path.insert(0, str(ROOT))
            from lib.store import engine as db

            db.make_engine(f"sqlite:///{empty}").dispose()
        shutil.copyfile(empty, f"{folder}/store.db")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/store.db"
        os.environ["DASHBOARD_MAX_UPLOAD_MB"] = "200"
        sys.path.insert(0, str(ROOT))
        from lib import cli

        return cli.main(["import", "contracts", path, "--who", "bench"])


if __name__ == "__main__":
    sys.exit(main())
