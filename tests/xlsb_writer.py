"""Excel binary workbooks (.xlsb) written by hand for the tests: no library at hand writes them. A package holds
[Content_Types].xml, _rels/.rels, xl/workbook.bin (the list of sheets), xl/_rels/workbook.bin.rels, one
xl/worksheets/sheetN.bin per sheet, xl/styles.bin (so that a date cell is a number with a date format, as Excel
writes it) and xl/sharedStrings.bin. The .bin parts are runs of BIFF12 records, as [MS-XLSB] 2.1.4 lays them
out: the record's type as a variable-length integer of one or two bytes, its size in one to four, its payload."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile

BEGIN_BOOK, END_BOOK, BEGIN_BUNDLE_SHS, BUNDLE_SH, END_BUNDLE_SHS = 0x83, 0x84, 0x8F, 0x9C, 0x90
BEGIN_SHEET, END_SHEET, WS_DIM, BEGIN_SHEET_DATA, END_SHEET_DATA = 0x81, 0x82, 0x94, 0x91, 0x92
ROW_HDR, CELL_BLANK, CELL_RK, CELL_ERROR, CELL_BOOL, CELL_REAL, CELL_ST, CELL_ISST = 0, 1, 2, 3, 4, 5, 6, 7
FMLA_STRING, FMLA_NUM, FMLA_BOOL, FMLA_ERROR = 8, 9, 10, 11
BEGIN_SST, SST_ITEM, END_SST = 0x9F, 0x13, 0xA0
BEGIN_STYLE_SHEET, END_STYLE_SHEET, BEGIN_CELL_XFS, XF, END_CELL_XFS = 0x116, 0x117, 0x269, 0x2F, 0x26A
DATE_STYLE = 1  # the second cell format written to styles.bin: built-in number format 14, a date

_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"  # Excel's type for every .xlsb, macros or not
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_STATES = {"visible": 0, "hidden": 1, "veryHidden": 2}


def varint(value: int, most: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            break
    assert len(out) <= most, "too large for a BIFF12 record header"
    return bytes(out)


def record(kind: int, payload: bytes = b"") -> bytes:
    return varint(kind, 2) + varint(len(payload), 4) + payload


def wide(text: str) -> bytes:
    """An XLWideString: its length in UTF-16 code units, then the text in UTF-16LE."""
    encoded = text.encode("utf-16-le")
    return struct.pack("<I", len(encoded) // 2) + encoded


def cell_head(col: int, style: int = 0) -> bytes:
    return struct.pack("<II", col, style & 0xFFFFFF)


def _serial(day: dt.date) -> float:
    if isinstance(day, dt.datetime):
        return (day - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return float((day - dt.date(1899, 12, 30)).days)


def cell(col: int, value: object, strings: list[str] | None) -> bytes:
    """One cell record: a shared string when a list of shared strings is given, else a string in the cell."""
    if isinstance(value, bool):
        return record(CELL_BOOL, cell_head(col) + bytes([value]))
    if isinstance(value, (dt.date, dt.datetime)):
        return record(CELL_REAL, cell_head(col, DATE_STYLE) + struct.pack("<d", _serial(value)))
    if isinstance(value, int) and -(2 ** 29) <= value < 2 ** 29:
        return record(CELL_RK, cell_head(col) + struct.pack("<i", (value << 2) | 2))  # an RK integer
    if isinstance(value, (int, float)):
        return record(CELL_REAL, cell_head(col) + struct.pack("<d", float(value)))
    text = str(value)
    if strings is None:
        return record(CELL_ST, cell_head(col) + wide(text))
    if text not in strings:
        strings.append(text)
    return record(CELL_ISST, cell_head(col) + struct.pack("<I", strings.index(text)))


def row_header(row: int) -> bytes:
    # rw, ixfe, miyRw (height in twips), flags (3 bytes), ccolspan (no column spans)
    return record(ROW_HDR, struct.pack("<IIH", row, 0, 300) + b"\x00\x00\x00" + struct.pack("<I", 0))


def sheet_bin(rows: list[list[object]], far: dict[tuple[int, int], object] | None = None,
              strings: list[str] | None = None, dimension: tuple[int, int, int, int] | None = None) -> bytes:
    """A worksheet part: rows from A1 (None for a blank cell), then cells at far (row, column) positions, both
    0-based. BrtWsDim says the sheet's extent (first row, last row, first column, last column) unless another
    dimension is given - it is only a claim."""
    cells: dict[int, dict[int, object]] = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                cells.setdefault(r, {})[c] = value
    for (r, c), value in (far or {}).items():
        cells.setdefault(r, {})[c] = value
    if dimension is None:
        last_row = max(cells, default=0)
        last_col = max((c for row in cells.values() for c in row), default=0)
        dimension = (0, last_row, 0, last_col)
    out = [record(BEGIN_SHEET), record(WS_DIM, struct.pack("<IIII", *dimension)), record(BEGIN_SHEET_DATA)]
    for r in sorted(cells):
        out.append(row_header(r))
        out.extend(cell(c, cells[r][c], strings) for c in sorted(cells[r]))
    out += [record(END_SHEET_DATA), record(END_SHEET)]
    return b"".join(out)


def bundle_sheet(name: str, rel_id: str, state: int = 0, tab: int = 1) -> bytes:
    return record(BUNDLE_SH, struct.pack("<II", state, tab) + wide(rel_id) + wide(name))


def workbook_bin(sheets: list[tuple[str, str, int]]) -> bytes:
    """(name, relationship id, state) for each sheet, in tab order."""
    listed = b"".join(bundle_sheet(name, rid, state, tab) for tab, (name, rid, state) in enumerate(sheets, 1))
    return (record(BEGIN_BOOK) + record(BEGIN_BUNDLE_SHS) + listed + record(END_BUNDLE_SHS)
            + record(END_BOOK))


def styles_bin() -> bytes:
    """Two cell formats: 0 general, 1 a date (built-in number format 14)."""
    def xf(number_format: int) -> bytes:  # ixfeParent, iFmt, iFont, iFill, ixBorder, trot, indent, flags...
        return record(XF, struct.pack("<HHHHHBBHBB", 0xFFFF, number_format, 0, 0, 0, 0, 0, 0, 0, 0))

    return (record(BEGIN_STYLE_SHEET) + record(BEGIN_CELL_XFS, struct.pack("<I", 2)) + xf(0) + xf(14)
            + record(END_CELL_XFS) + record(END_STYLE_SHEET))


def shared_strings_bin(strings: list[str]) -> bytes:
    items = b"".join(record(SST_ITEM, b"\x00" + wide(s)) for s in strings)  # flags byte, then the text
    return (record(BEGIN_SST, struct.pack("<II", len(strings), len(strings))) + items + record(END_SST))


def content_types(sheet_count: int, extra: str = "") -> bytes:
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.bin" '
                        'ContentType="application/vnd.ms-excel.worksheet"/>' for n in range(1, sheet_count + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="bin" ContentType="{_MAIN}"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'{overrides}<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>'
            '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>'
            f"{extra}</Types>").encode()


def xlsb(*sheets: tuple, shared: bool = True, parts: dict[str, bytes | None] | None = None,
         extra_types: str = "") -> bytes:
    """xlsb(("Name", rows[, far cells {(row, col): value}[, "hidden" / "veryHidden"]]), ...) -> the bytes of an
    .xlsb. Strings go to the shared strings part unless shared=False (then each cell holds its text). `parts`
    adds parts or replaces the ones written (None leaves one out)."""
    strings: list[str] | None = [] if shared else None
    listed, files = [], {}
    for n, spec in enumerate(sheets, 1):
        name, rows = spec[0], spec[1]
        far = spec[2] if len(spec) > 2 else None
        state = _STATES[spec[3]] if len(spec) > 3 else 0
        listed.append((name, f"rId{n}", state))
        files[f"xl/worksheets/sheet{n}.bin"] = sheet_bin(rows, far, strings)
    rels = "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.bin"/>'
                   for n in range(1, len(sheets) + 1))
    count = len(sheets)
    rels += (f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.bin"/>'
             f'<Relationship Id="rId{count + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.bin"/>')
    package = {
        "[Content_Types].xml": content_types(count, extra_types),
        "_rels/.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
                        'Target="xl/workbook.bin"/></Relationships>').encode(),
        "xl/workbook.bin": workbook_bin(listed),
        "xl/_rels/workbook.bin.rels": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                       f'<Relationships xmlns="{_PKG}">{rels}</Relationships>').encode(),
        "xl/styles.bin": styles_bin(),
        "xl/sharedStrings.bin": shared_strings_bin(strings or []),
        **files,
    }
    package.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in package.items():
            if data is not None:
                z.writestr(name, data)
    return out.getvalue()
