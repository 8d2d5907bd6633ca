"""Hostile files built by hand, byte by byte where openpyxl would not write them: workbooks with a far cell,
a lying <dimension>, cells without positions, hidden sheets, damaged deflate streams, encrypted containers."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape, quoteattr

from lib.ingest.problems import column_letter

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def cell_xml(ref: str | None, value: object) -> str:
    where = f' r="{ref}"' if ref else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<c{where}><v>{value!r}</v></c>"
    return f'<c{where} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], far: dict[str, object] | None = None, dimension: str | None = None,
              positions: bool = True) -> str:
    """A worksheet part: rows from A1 (None for blank), then cells at far references ('XFD1048576': 1).
    positions=False writes <row> and <c> without r attributes (legal: positions are implied by order)."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS}">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    by_row: dict[int, list[tuple[int, object]]] = {}
    for r, row in enumerate(rows):
        by_row.setdefault(r, [])
        for c, value in enumerate(row):
            if value is not None:
                by_row[r].append((c, value))
    for ref, value in (far or {}).items():
        letters = "".join(ch for ch in ref if ch.isalpha())
        number = int(ref[len(letters):])
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch) - 64
        by_row.setdefault(number - 1, []).append((index - 1, value))
    for r in sorted(by_row):
        cells = sorted(by_row[r], key=lambda item: item[0])
        if positions:
            body = "".join(cell_xml(f"{column_letter(c)}{r + 1}", v) for c, v in cells)
            out.append(f'<row r="{r + 1}">{body}</row>')
        else:  # no positions: every cell from A written in order, blanks as empty <c/>
            width = (cells[-1][0] + 1) if cells else 0
            values = dict(cells)
            body = "".join(cell_xml(None, values[c]) if c in values else "<c/>" for c in range(width))
            out.append(f"<row>{body}</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def workbook(*sheets: tuple, parts: dict[str, bytes] | None = None) -> bytes:
    """workbook(("Name", sheet_xml_text[, "hidden" | "veryHidden"]), ...) -> .xlsx bytes written by hand."""
    names = []
    rels = []
    types = []
    files: dict[str, bytes] = {}
    for i, spec in enumerate(sheets, start=1):
        name, xml = spec[0], spec[1]
        state = f' state="{spec[2]}"' if len(spec) > 2 and spec[2] else ""
        names.append(f'<sheet name={quoteattr(name)} sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        types.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>')
        files[f"xl/worksheets/sheet{i}.xml"] = xml.encode() if isinstance(xml, str) else xml
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        f'main+xml"/>{"".join(types)}</Types>').encode()
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>').encode()
    files["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
        f'{"".join(names)}</sheets></workbook>').encode()
    files["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships">{"".join(rels)}</Relationships>').encode()
    files.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def damage_deflate(data: bytes, part: str) -> bytes:
    """The workbook with one part's deflate stream corrupted (its sizes and the zip directory left intact)."""
    book = zipfile.ZipFile(io.BytesIO(data))
    info = book.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw = bytearray(data)
    for i in range(start, start + min(info.compress_size, 64)):
        raw[i] = 0xFF  # a deflate block type of 3 is invalid: inflating stops with zlib.error
    return bytes(raw)


def ole2(streams: list[str]) -> bytes:
    """A minimal OLE2 compound file whose root storage holds empty streams with these names (as Excel writes a
    password-protected .xlsx: EncryptionInfo and EncryptedPackage), readable by the OLE2 directory format."""
    sector = 512
    entries = [("Root Entry", 5)] + [(name, 2) for name in streams]
    directory = bytearray()
    for i, (name, kind) in enumerate(entries):
        encoded = (name + "\x00").encode("utf-16-le")
        entry = bytearray(128)
        entry[0:len(encoded)] = encoded
        struct.pack_into("<H", entry, 64, len(encoded))
        entry[66] = kind
        entry[67] = 1  # black
        struct.pack_into("<iii", entry, 68, -1, (i + 1) if 0 < i < len(entries) - 1 else -1,
                         1 if i == 0 and len(entries) > 1 else -1)
        struct.pack_into("<iI", entry, 116, -2 if kind == 2 else -2, 0)
        directory += entry
    while len(directory) % sector:
        directory += bytes(128)
    dir_sectors = len(directory) // sector
    fat = [0xFFFFFFFD] + [i + 2 for i in range(1, dir_sectors)] + [0xFFFFFFFE]
    fat_sector = bytearray(b"".join(struct.pack("<I", v) for v in fat))
    fat_sector += b"\xff" * (sector - len(fat_sector))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<iI", header, 60, -2, 0)
    struct.pack_into("<iI", header, 68, -2, 0)
    struct.pack_into("<I", header, 76, 0)  # the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    return bytes(header + fat_sector + directory)


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(value: object = None, repeat: int | None = None) -> str:
    """An OpenDocument table cell (None for an empty one), repeated across `repeat` columns."""
    times = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    if value is None:
        return f"<table:table-cell{times}/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f'<table:table-cell{times} office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>")
    return (f'<table:table-cell{times} office:value-type="string"><text:p>{escape(str(value))}</text:p>'
            "</table:table-cell>")


def ods_row(*cells: str, repeat: int | None = None) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def ods_rows(rows: list[list[object]]) -> list[str]:
    return [ods_row(*(ods_cell(v) for v in row)) for row in rows]


def ods(*tables: tuple[str, list[str]], mimetype: str = "application/vnd.oasis.opendocument.spreadsheet",
        parts: dict[str, bytes] | None = None) -> bytes:
    """ods(("Table name", [ods_row(...), ...]), ...) -> an OpenDocument spreadsheet written by hand."""
    body = "".join(f"<table:table table:name={quoteattr(name)}>{''.join(rows)}</table:table>" for name, rows in tables)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{mimetype}"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as the format asks
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def xls(*sheets: tuple) -> bytes:
    """xls(("Name", rows[, far cells {(row, col): value}[, visibility 0/1/2]]), ...) -> an old-style .xls written by
    xlwt (rows and columns 0-based)."""
    import xlwt

    book = xlwt.Workbook()
    for spec in sheets:
        name, rows = spec[0], spec[1]
        far = spec[2] if len(spec) > 2 else {}
        sheet = book.add_sheet(name)
        sheet.visibility = spec[3] if len(spec) > 3 else 0
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        for (r, c), value in far.items():
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patch_xls_stream(data: bytes, transform) -> bytes:
    """The .xls with its Workbook stream changed in place (the same length), as olefile can write it."""
    import tempfile

    import olefile

    with tempfile.NamedTemporaryFile(suffix=".xls") as handle:
        handle.write(data)
        handle.flush()
        ole = olefile.OleFileIO(handle.name, write_mode=True)
        stream = ole.openstream("Workbook").read()
        ole.write_stream("Workbook", transform(stream))
        ole.close()
        handle.seek(0)
        return handle.read()
