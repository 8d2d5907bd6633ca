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
from openpyxl.utils import get_column_letter

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


def workbook(frames: dict[str, pd.DataFrame], *, notes: dict[str, list[str]] | None = None,
             formats: dict[str, dict[str, str]] | None = None) -> bytes:
    """One sheet per DataFrame: header row, then values (dates as date cells, text never a formula).

    A sheet written for people rather than programs may have `notes` (lines above its header, e.g. what the figures
    are) and `formats` (an Excel number format for the numbers of each named column, e.g. "0.0%"); such a sheet
    shows its dates as dd/mm/yyyy and its columns are widened to their headings."""
    book = Workbook(write_only=True)
    for sheet_name, df in frames.items():
        sheet = book.create_sheet(sheet_name[:31])
        column_formats = (formats or {}).get(sheet_name)
        if column_formats is not None:
            for index, column in enumerate(df.columns):
                sheet.column_dimensions[get_column_letter(index + 1)].width = max(12, min(60, len(str(column)) + 2))
        for line in (notes or {}).get(sheet_name, []):
            sheet.append([_xlsx_cell(sheet, line)])
        sheet.append([str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            if column_formats is None:
                sheet.append([_xlsx_cell(sheet, value) for value in row])
            else:
                sheet.append([_formatted(sheet, value, column_formats.get(column))
                              for value, column in zip(row, df.columns)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _formatted(sheet, value, number_format: str | None):
    value = _xlsx_cell(sheet, value)
    if isinstance(value, (dt.date, dt.datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd/mm/yyyy"
        return cell
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell
    return value


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
