"""Turning an uploaded file's bytes into plain grids of cell values, one per sheet.

.xlsx, .xlsb, .ods and .xls are read with python-calamine (several times faster than openpyxl), each sheet only
when it is looked at and only after its real extent (from its cells) is known to fit; cells keep their
absolute positions so that row numbers and column letters match what Excel shows. CSV is decoded by its
byte order mark (UTF-8, UTF-16, UTF-32), else as UTF-8 or Windows-1252, and its separator judged from
quoted records; rows in another separator are refused, not lost.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from math import isfinite

import python_calamine

from . import safety, xlsb
from .layout import MAX_HEADER_CELLS, Rows, too_wide
from .problems import ImportRefused, Problem


class Sheet:
    """One sheet's grid of cells. A workbook's sheet is read when its rows are first asked for, so that a
    sheet nobody looks at is never read; a sheet too large to read is never read at all (`refusal` says why,
    and its rows are empty)."""

    def __init__(self, name: str, rows: list[list[object]] | None = None, visible: bool = True, *,
                 state: str = "visible", loader: Callable[[], list[list[object]]] | None = None,
                 refusal: Problem | None = None, extent: safety.Extent | None = None, file: str = ""):
        self.name = name
        self.file = file
        self.visible = visible
        self.state = state if not visible else "visible"  # "visible", "hidden" or "very hidden"
        self.refusal = refusal
        self.extent = extent
        self._rows = rows
        self._loader = loader

    @property
    def rows(self) -> list[list[object]]:  # rows[r][c], r and c 0-based; blank cells are None
        if self._rows is None:
            rows = [] if self.refusal or self._loader is None else self._loader()
            self._loader = None
            if wide := too_wide(rows):  # no table's header: refused before any matching of columns
                self.refusal, rows = Problem(self.file, _too_wide(*wide), sheet=self.name), []
            self._rows = rows
        return self._rows

    @property
    def has_cells(self) -> bool:
        """Whether anything is filled in, without reading the sheet when its extent is known."""
        if self.refusal is not None:  # refused unread: whatever it holds, the refusal is what to say of it
            return True
        if self._rows is not None or self.extent is None:
            return bool(self.rows)
        return self.extent.rows > 0

    def __repr__(self) -> str:
        return f"Sheet({self.name!r}, state={self.state!r})"


def _tidy(row: list[object]) -> list[object]:
    # blank text is a blank cell; <v>NaN</v> and <v>inf</v> are kept as the text they are, never taken for a
    # blank cell (NaN) or a number
    cells = [None if (isinstance(v, str) and not v.strip()) else str(v) if v.__class__ is float and not isfinite(v)
             else v for v in row]
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _too_wide(row: int, cells: int) -> str:
    return (f"has {cells:,} cells of text across row {row + 1}, more than any table's header (at most "
            f"{MAX_HEADER_CELLS:,} columns are matched): delete the columns the import does not need")


def _check_width(filename: str, rows: list[list[object]]) -> None:
    """A CSV record may be as wide as the file: more columns than Excel allows, or a header-like row wider than
    any table, is refused before anything matches columns."""
    for r, row in enumerate(rows):
        if len(row) > safety.MAX_COLUMNS:
            raise ImportRefused([Problem(filename, f"has {len(row):,} columns in row {r + 1}; at most "
                                                   f"{safety.MAX_COLUMNS:,} are read (as in Excel): delete the "
                                                   "columns the import does not need")])
    if wide := too_wide(rows):
        raise ImportRefused([Problem(filename, _too_wide(*wide))])


_WORKBOOK = {"xlsx": "an Excel workbook (.xlsx)", "ods": "an OpenDocument spreadsheet (.ods)",
             "xls": "an old-style Excel workbook (.xls)", "xlsb": "an Excel binary workbook (.xlsb)"}
_STATES = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "very hidden"}


def read_xlsx(filename: str, data: bytes) -> list[Sheet]:
    return read_workbook(filename, data, "xlsx")


def read_workbook(filename: str, data: bytes, fmt: str = "xlsx") -> list[Sheet]:
    """The workbook's worksheets, each read only when asked for. How far each sheet's cells reach is found
    from its XML (an .xlsb's from its records) first, and a sheet reaching beyond MAX_CELLS is never read
    (python-calamine would build a dense grid of that size). python-calamine reads an .ods or .xls whole when it
    opens it: there every sheet must fit, and all of them together within MAX_WORKBOOK_CELLS, before it is
    opened."""
    extents: dict[str, safety.Extent] | None = None  # None: every sheet was measured and fits
    if fmt == "ods":
        measured = safety.ods_extents(data, filename)
        too_big = [Problem(filename, f"{e.describe()} (an .ods is read whole, so every sheet in it must fit)",
                           sheet=name) for name, e in measured.items() if e.too_big]
        if too_big:
            raise ImportRefused(too_big)
        if (total := sum(e.cells for e in measured.values())) > safety.MAX_WORKBOOK_CELLS:
            raise ImportRefused([Problem(filename, f"has sheets spanning {total:,} cells in all; an .ods is read "
                                                   f"whole and at most {safety.MAX_WORKBOOK_CELLS:,} cells are "
                                                   "read: save the sheet you need on its own, or as .xlsx")])
    elif fmt == "xls":
        safety.xls_sheets(data, filename)  # refuses a sheet, or a workbook, too large to read
    elif fmt == "xlsb":
        extents = xlsb.sheet_extents(data, filename)  # from each sheet's cell records
    else:
        extents = safety.sheet_extents(data, filename)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = book.sheets_metadata
    except MemoryError:
        raise ImportRefused([Problem(filename, "is too large to read here: delete what the import does not "
                                               "need, or split it into smaller files")]) from None
    except BaseException as exc:  # calamine's own error types for damaged files, and a panic of its Rust code
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise ImportRefused([Problem(filename, f"could not be read as {_WORKBOOK[fmt]}: it may be damaged; "
                                               "open it and save it again")]) from None

    def unpanicked(name: str) -> list[list[object]]:
        """The sheet's rows; a panic of calamine's Rust code (a BaseException) is a damaged sheet, as its errors are."""
        try:
            return _read_sheet(book, name, filename)
        except BaseException as exc:
            if isinstance(exc, Exception) or type(exc).__name__ != "PanicException":
                raise
            raise ImportRefused([Problem(filename, "could not be read: it is damaged or not written as Excel "
                                                   "writes it; open it in Excel and save it again",
                                         sheet=name)]) from None

    sheets = []
    for meta in metadata:
        if not str(meta.typ).endswith("WorkSheet"):
            continue
        state = _STATES.get(str(meta.visible).rsplit(".", 1)[-1], "hidden")
        extent = extents.get(meta.name) if extents is not None else None
        refusal = None
        if extents is None:
            pass  # measured whole before opening
        elif extent is None:  # its cells could not be found to measure: never read blind
            refusal = Problem(filename, "could not be checked before reading (the workbook's list of sheets does "
                                        "not lead to it): open the file in Excel and save it again", sheet=meta.name)
        elif extent.too_big:
            refusal = Problem(filename, extent.describe(), sheet=meta.name)
        sheets.append(Sheet(meta.name, visible=state == "visible", state=state, refusal=refusal, extent=extent,
                            loader=lambda name=meta.name: unpanicked(name), file=filename))
    return sheets


def _read_sheet(book, name: str, filename: str) -> list[list[object]]:
    try:
        sheet = book.get_sheet_by_name(name)
        end = sheet.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > safety.MAX_CELLS:  # the grid is padded from A1
            raise ImportRefused([Problem(filename, safety.Extent(end[0] + 1, end[1] + 1).describe(), sheet=name)])
        rows = sheet.to_python(skip_empty_area=False)
    except ImportRefused:
        raise
    except MemoryError:
        raise ImportRefused([Problem(filename, "is too large to read here: delete what the import does not "
                                               "need, or split it into smaller files", sheet=name)]) from None
    except Exception:  # python_calamine.CalamineError (XmlError, ZipError ...) and whatever else a damaged file
        raise ImportRefused([Problem(filename, "could not be read: it is damaged or not written as Excel "  # causes
                                               "writes it; open it in Excel and save it again",
                                     sheet=name)]) from None
    tidy = Rows(_tidy(list(r)) for r in rows)
    while tidy and not tidy[-1]:
        tidy.pop()
    return tidy


def decode_text(data: bytes) -> str:
    if bom := safety.unicode_bom(data):  # UTF-8, UTF-16 or UTF-32 that says so: the mark itself is dropped
        text = data.decode(bom[1], errors="replace")
        return text[1:] if text.startswith("\ufeff") else text
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(sample: str) -> str:
    """The separator whose records (parsed with quoting, so a quoted cell over several lines is one record) most
    consistently share one width, wide tables first: the score is the share of records that have the commonest
    width of more than one cell, times that width. Title rows have one cell whatever the separator; amounts
    like 1,250,000 in a semicolon file split unevenly on commas; tab-indented bullets inside a quoted cell of a
    comma file split the lines of that cell, not the file's records. Ties go to the comma."""
    best, best_score = ",", 0.0
    for candidate in (",", ";", "\t", "|"):
        counts: dict[int, int] = {}
        records = 0
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=candidate):
            if not any(cell.strip() for cell in row):
                continue
            records += 1
            if len(row) > 1:
                counts[len(row)] = counts.get(len(row), 0) + 1
        if counts:
            width = max(counts, key=lambda w: (counts[w], w))
            score = counts[width] / records * width
            if score > best_score:
                best, best_score = candidate, score
    return best


_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars (|)"}
_FIGURE = re.compile(r"[-−(£\s]*[0-9][0-9,./:\s%)-]*(?:k|m|bn)?", re.IGNORECASE | re.ASCII)


def _other_separators(text: str, rows: list[list[object]], ends: list[int], delimiter: str) -> list[tuple[int, str]]:
    """(row, separator) for rows below the first row of several cells that the file's separator leaves narrower
    than the table while another separator splits them as wide, with figures in them: rows written by another
    program (a semicolon row in a comma file). Read as they are, they would be taken for section rows or
    notes and their figures lost. A quoted cell holding semicolons is one cell, as it should be."""
    widths: dict[int, int] = {}
    for row in rows:
        if len(row) > 1:
            widths[len(row)] = widths.get(len(row), 0) + 1
    if not widths:
        return []
    width = max(widths, key=lambda w: (widths[w], w))
    needed = min(width, 3)
    others = [d for d in _SEPARATORS if d != delimiter]
    first = next(r for r, row in enumerate(rows) if len(row) > 1)
    lines: list[str] | None = None
    odd = []
    for r in range(first + 1, len(rows)):
        row = rows[r]
        if not row or len(row) >= needed or not any(isinstance(v, str) and any(d in v for d in others) for v in row):
            continue
        if lines is None:
            lines = io.StringIO(text, newline="").readlines()
        raw = "".join(lines[ends[r - 1] if r else 0:ends[r]])
        for d in others:
            cells = _tidy(next(csv.reader(io.StringIO(raw, newline=""), delimiter=d), []))
            if len(cells) >= needed and any(isinstance(v, str) and _FIGURE.fullmatch(v.strip()) for v in cells[1:]):
                odd.append((r, d))
                break
    return odd


def _separators_message(odd: list[tuple[int, str]], delimiter: str) -> str:
    shown = odd[:10]
    rows = ", ".join(str(r + 1) for r, _ in shown[:-1]) + (" and " if len(shown) > 1 else "") + str(shown[-1][0] + 1)
    more = f" (and {len(odd) - 10:,} more)" if len(odd) > 10 else ""
    by = sorted({_SEPARATORS[d] for _, d in odd})
    return (f"row{'s' if len(odd) > 1 else ''} {rows}{more} {'are' if len(odd) > 1 else 'is'} separated by "
            f"{' and '.join(by)} while the other rows are separated by {_SEPARATORS[delimiter]}: read as they are, "
            "their figures would be lost; save the file again so that every row uses the same separator")


def read_csv(filename: str, data: bytes) -> list[Sheet]:
    # NUL is no character of any text (and PostgreSQL refuses it in text): dropped
    text = decode_text(data).replace("\x00", "")
    # a cell may be as long as the file (a long quoted paragraph): the csv module's limit is 131,072 characters
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    records = csv.reader(io.StringIO(text, newline=""), delimiter=",")
    rows, ends = Rows(), []
    try:
        delimiter = _delimiter(text if len(text) <= 50_000 else text[: text.rfind("\n", 0, 50_000) + 1 or 50_000])
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for record in records:
            rows.append(_tidy(record))
            ends.append(records.line_num)  # the physical line each record ends on, to find its text again
    except csv.Error:
        raise ImportRefused([Problem(filename, f"could not be read as CSV text (near line {records.line_num:,}): "
                                               "open it in Excel and save it again as CSV UTF-8")]) from None
    while rows and not rows[-1]:
        rows.pop()
    _check_width(filename, rows)
    if odd := _other_separators(text, rows, ends, delimiter):
        raise ImportRefused([Problem(filename, _separators_message(odd, delimiter))])
    stem = filename.rsplit("/", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".csv") else stem
    return [Sheet(stem, rows)]


def read_sheets(filename: str, data: bytes, fmt: str) -> list[Sheet]:
    try:
        return read_csv(filename, data) if fmt == "csv" else read_workbook(filename, data, fmt)
    except MemoryError:
        raise ImportRefused([Problem(filename, "is too large to read here: split it into smaller files, or "
                                               "delete what the import does not need")]) from None
