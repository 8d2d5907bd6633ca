"""Exports: the stable columns of PRODUCT.md for each kind (declared in the kind's module), as CSV (UTF-8) or .xlsx.

Amounts in pounds with at most 2 decimals; shares as fractions to 6 decimals; dates YYYY-MM-DD (date cells in .xlsx);
booleans true/false; blank for a missing value; no cell that runs as a formula (lib/xlsx.py writes them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from .kinds import get_kind
from .xlsx import csv_bytes, xlsx_bytes


def _is_share(column: str) -> bool:
    return column.endswith("_share") or column.startswith("pct_")


def export_frame(engine: Engine, kind_name: str, as_at: dt.date | None = None) -> pd.DataFrame:
    """The kind's rows for export: its export columns, amounts rounded to pennies, shares to 6 decimals."""
    kind = get_kind(kind_name)
    df = kind.export(engine, as_at).copy()
    for column in df.columns:
        if _holds_amounts(df[column]):
            df[column] = pd.to_numeric(df[column], errors="coerce").round(6 if _is_share(column) else 2)
    return df


def _holds_amounts(values: pd.Series) -> bool:
    """A column of floats (amounts, hours, shares), perhaps with blanks; not counts, flags, dates or text."""
    if pd.api.types.is_float_dtype(values):
        return True
    present = values.dropna()
    return values.dtype == object and not present.empty and all(isinstance(v, float) for v in present)


def export(engine: Engine, kind_name: str, path: str | Path, as_at: dt.date | None = None) -> int:
    df = export_frame(engine, kind_name, as_at)
    path = Path(path)
    data = xlsx_bytes(df, kind_name) if path.suffix.lower() == ".xlsx" else csv_bytes(df)
    path.write_bytes(data)
    return len(df)
