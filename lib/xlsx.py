"""Writing tables for people and other programs: CSV in UTF-8 and .xlsx, with dates as dates, booleans as true/false,
blank for a missing value, and no cell that Excel would run as a formula (text starting = + - @, tab or CR gets a
leading apostrophe; numbers, negatives included, stay numbers)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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


def csv_bytes(df: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(df.columns)
    for row in df.itertuples(index=False):
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Export") -> bytes:
    return workbook({sheet_name: df})


def workbook(frames: dict[str, pd.DataFrame]) -> bytes:
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
