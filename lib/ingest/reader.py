"""Turning an uploaded file's bytes into plain grids of cell values, one per sheet.

.xlsx is read with python-calamine (several times faster than openpyxl); cells keep their absolute
positions so that row numbers and column letters match what Excel shows. CSV is decoded as UTF-8
(with or without BOM) or Windows-1252 and its delimiter sniffed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import python_calamine

from .problems import ImportRefused, Problem


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[r][c], r and c 0-based; blank cells are None
    visible: bool = True


def _tidy(row: list[object]) -> list[object]:
    cells = [None if (isinstance(v, str) and not v.strip()) else v for v in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def read_xlsx(filename: str, data: bytes) -> list[Sheet]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportRefused([Problem(filename, f"could not be read as an Excel workbook ({exc}).")]) from None
    sheets = []
    for meta in book.sheets_metadata:
        if str(meta.typ).endswith("WorkSheet") is False:
            continue
        try:
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ImportRefused([Problem(filename, f"sheet '{meta.name}' could not be read ({exc}).")]) from None
        tidy = [_tidy(list(r)) for r in rows]
        while tidy and not tidy[-1]:
            tidy.pop()
        sheets.append(Sheet(meta.name, tidy, visible=str(meta.visible).endswith("Visible")))
    return sheets


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(sample: str) -> str:
    """The delimiter that splits the most lines into the same number of fields (title rows have one field;
    amounts like 1,250,000 in a semicolon file split unevenly on commas)."""
    best, best_score = ",", (0, 0)
    for candidate in (",", ";", "\t", "|"):
        counts: dict[int, int] = {}
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=candidate):
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        if counts:
            width = max(counts, key=lambda w: (counts[w], w))
            score = (counts[width], width)
            if score > best_score:
                best, best_score = candidate, score
    return best


def read_csv(filename: str, data: bytes) -> list[Sheet]:
    text = decode_text(data)
    delimiter = _delimiter(text[:50000])
    rows = [_tidy(list(r)) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    while rows and not rows[-1]:
        rows.pop()
    stem = filename.rsplit("/", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".csv") else stem
    return [Sheet(stem, rows)]


def read_sheets(filename: str, data: bytes, fmt: str) -> list[Sheet]:
    return read_xlsx(filename, data) if fmt == "xlsx" else read_csv(filename, data)
