"""Exports: the stable columns of PRODUCT.md for each kind, as CSV (UTF-8) or .xlsx.

Amounts in pounds with at most 2 decimals; dates YYYY-MM-DD (date cells in .xlsx); booleans true/false;
blank for a missing value. Text that Excel would run as a formula (starting = + - @, tab or CR) gets a
leading apostrophe; numbers, negatives included, stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from sqlalchemy.engine import Engine

from . import budget

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _revenue(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    policy = budget.load_policy(engine)
    frames = [budget.revenue_report(engine, d, policy) for d in budget.reporting_dates(engine)
              if as_at is None or d <= as_at]
    columns = ["as_at", "section", "service_area", "annual_budget", "projected_outturn", "variance", "rag",
               "rag_policy", "previous_variance", "movement", "rag_current", "rag_revised",
               "management_action_impact", "revised_variance", "reason", "management_action"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _capital(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    frames = [budget.capital_report(engine, d) for d in budget.reporting_dates(engine, "capital")
              if as_at is None or d <= as_at]
    columns = ["as_at", "client_group", "scheme_code", "scheme", "approved_budget", "actual_to_date",
               "projected_outturn", "rag", "slippage", "pct_spent", "comment"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _homecare(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    from . import homecare

    return homecare.weekly(engine, as_at)


def _contracts(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    from . import contracts

    df = contracts.with_status(contracts.register(engine), as_at or dt.date.today())
    df["annual_value"] = df["annual_value_calc"]
    columns = ["reference", "title", "supplier", "start_date", "end_date", "review_date", "total_value",
               "annual_value", "status", "standing", "department", "description", "supplier_details",
               "registration_number", "irrecoverable_vat", "procurement", "sme", "vcse", "service_type",
               "client_group", "contract_type", "provider_sector", "area", "payment_terms", "uplift_basis",
               "key_contact", "last_monitoring", "quality_rating", "monitoring_overdue", "review_overdue"]
    return df[columns]


def _actions(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    from . import actions

    return actions.export_frame(engine, as_at or dt.date.today())


EXPORTERS: dict[str, Callable[[Engine, dt.date | None], pd.DataFrame]] = {
    "revenue": _revenue,
    "capital": _capital,
    "homecare": _homecare,
    "contracts": _contracts,
    "actions": _actions,
}
AMOUNT_COLUMNS = {"annual_budget", "projected_outturn", "variance", "previous_variance", "movement",
                  "management_action_impact", "revised_variance", "approved_budget", "actual_to_date",
                  "slippage", "total_value", "annual_value", "irrecoverable_vat", "in_house_hours", "independent_hours",
                  "total_hours"}


def export_frame(engine: Engine, kind: str, as_at: dt.date | None = None) -> pd.DataFrame:
    df = EXPORTERS[kind](engine, as_at).copy()
    for column in df.columns:
        if column in AMOUNT_COLUMNS:
            df[column] = pd.to_numeric(df[column], errors="coerce").round(2)
        elif column in ("pct_spent",) or column.endswith("_share"):
            df[column] = pd.to_numeric(df[column], errors="coerce").round(6)
    return df


def _csv_value(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return neutralise(str(value))


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(df.columns)
    for row in df.itertuples(index=False):
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Export") -> bytes:
    return to_xlsx_sheets({sheet_name: df})


def to_xlsx_sheets(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per DataFrame: header row, then values (dates as date cells, text never a formula)."""
    book = Workbook(write_only=True)
    for sheet_name, df in frames.items():
        sheet = book.create_sheet(sheet_name[:31])
        sheet.append([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
        return cell
    if isinstance(value, np.bool_):
        return bool(value)
    return value.item() if hasattr(value, "item") else value


def export(engine: Engine, kind: str, path: str | Path, as_at: dt.date | None = None) -> int:
    df = export_frame(engine, kind, as_at)
    path = Path(path)
    data = to_xlsx_bytes(df, kind) if path.suffix.lower() == ".xlsx" else to_csv_bytes(df)
    path.write_bytes(data)
    return len(df)
