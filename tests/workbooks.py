"""Small workbooks built in the tests, laid out as other councils lay out theirs."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def xlsx(*sheets: tuple[str, list[list]]) -> bytes:
    """xlsx(("Sheet name", rows), ...) -> bytes; rows are lists of cell values (None for blank)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding)
