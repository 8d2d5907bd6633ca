"""Checks on an uploaded file's bytes before anything parses it, in bounded time and memory.

Refused here: files over the size limit, empty files, password-protected and macro-enabled workbooks,
anything that is neither a workbook (.xlsx, .xlsb, .ods, .xls) nor CSV text, packages holding the parts of two
kinds of workbook, damaged zips and compound files, zip bombs (judged from the zip directory before inflating,
and capped while inflating), and XML with entity declarations (billion laughs, external entities). How far
each sheet's cells really reach is measured here before anything reads it densely (sheet_extents,
ods_extents, xls_sheets; xlsb.sheet_extents for .xlsb). The XML of each sheet is also scanned for formula
cells that have no saved value.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from operator import itemgetter
from xml.etree.ElementTree import XMLPullParser
from xml.parsers import expat

from defusedxml import DefusedXmlException, ElementTree

from .problems import ImportRefused, Problem, column_letter

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the default; DASHBOARD_MAX_UPLOAD_MB changes it
MAX_ENTRIES = 10_000
MAX_TOTAL_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 100  # as Apache POI: an entry inflating more than 100:1 is refused ...
RATIO_FLOOR = 1024 * 1024  # ... once it is larger than this
CHUNK = 64 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENTITY = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_SAVE_AS = "open it in Excel and use File > Save As > Excel Workbook (.xlsx)"

# A sheet is read into a grid from A1 to its furthest filled cell (python-calamine builds it dense), so its
# size is judged from the cells themselves before anything reads it: one cell at XFD1048576 would ask for
# 17 billion cells. Excel's own limits, and the most cells a sheet read here may span (rows x columns).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELLS = 2_000_000
MAX_WORKBOOK_CELLS = 5_000_000  # all sheets together, for formats python-calamine reads whole (.ods, .xls)


def max_upload_bytes() -> int:
    raw = os.environ.get("DASHBOARD_MAX_UPLOAD_MB")
    return int(float(raw) * 1024 * 1024) if raw else MAX_UPLOAD_BYTES


def _refuse(filename: str, message: str) -> ImportRefused:
    return ImportRefused([Problem(filename, message)])


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def check_upload(filename: str, data: bytes, max_bytes: int | None = None) -> str:
    """Return 'xlsx', 'xlsb', 'ods', 'xls' or 'csv', or raise ImportRefused saying what the file is and what to do."""
    max_bytes = max_bytes or max_upload_bytes()
    lower = filename.lower()
    if len(data) > max_bytes:
        raise _refuse(filename, f"is {_size(len(data))}; the largest file accepted is {_size(max_bytes)}")
    if not data:
        raise _refuse(filename, "is empty (0 bytes)")
    if data.startswith(OLE2_MAGIC) and _encrypted(data):
        raise _refuse(filename, "is protected with a password (encrypted), so it cannot be read: open it in Excel, "
                                "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                                "clear the box), save it, then upload it again")
    if data.startswith(OLE2_MAGIC):
        return _check_ole2(filename, data)
    if lower.endswith(".xls") and not data.startswith(b"PK"):
        raise _refuse(filename, "is named .xls but is not an Excel workbook inside (it may be a web page or text "
                                f"saved with that name): {_SAVE_AS}, then upload the .xlsx")
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        raise _refuse(filename, "is a macro-enabled workbook (.xlsm), which is refused for safety: "
                                f"{_SAVE_AS} without macros, then upload the .xlsx")
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK"):
        return _check_zip(filename, data)
    if lower.endswith((".xlsx", ".xltx")):
        raise _refuse(filename, "is named .xlsx but is not an Excel workbook inside (it may be damaged or "
                                f"renamed): {_SAVE_AS}")
    if unicode_bom(data):
        if _looks_like_text(data):
            return "csv"
        raise _refuse(filename, f"starts as {unicode_bom(data)[0]} text but is not readable as such: open it in "
                                "Excel and save it again as CSV UTF-8")
    if _looks_like_text(data):
        return "csv"
    raise _refuse(filename, "is not an Excel workbook (.xlsx) or CSV file")


# Text files that say their encoding in their first bytes (a byte order mark): Excel's "Unicode Text" and some
# exports are UTF-16. The longer marks first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32", "utf-32"), (b"\x00\x00\xfe\xff", "UTF-32", "utf-32"),
         (b"\xff\xfe", "UTF-16", "utf-16"), (b"\xfe\xff", "UTF-16", "utf-16"), (b"\xef\xbb\xbf", "UTF-8", "utf-8-sig"))
# Excel saves a password-protected workbook as an OLE2 compound file holding these streams (MS-OFFCRYPTO);
# directory entries name their streams in UTF-16.
_ENCRYPTED_STREAMS = tuple(name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo"))


def unicode_bom(data: bytes) -> tuple[str, str] | None:
    """(the encoding's name for people, its codec) when the bytes start with a byte order mark."""
    for mark, name, codec in _BOMS:
        if data.startswith(mark):
            return name, codec
    return None


def _encrypted(data: bytes) -> bool:
    return any(stream in data for stream in _ENCRYPTED_STREAMS)


def _looks_like_text(data: bytes) -> bool:
    if bom := unicode_bom(data):  # decoded by the encoding it names: UTF-16 is half NUL bytes
        sample = data[:65536]
        try:
            text = sample.decode(bom[1])
        except UnicodeDecodeError as exc:
            if exc.start <= len(sample) - 4:  # not merely a character cut at the sample's end
                return False
            text = sample[:exc.start].decode(bom[1])
        stray = text.count("\x00") <= len(text) // 100  # a stray NUL is dropped when the text is read
        return stray and not any(ord(ch) < 32 and ch not in "\r\n\t\x00" for ch in text)
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) // 100:  # binary; a stray NUL in text is dropped when it is read
        return False
    if sample.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"{\\rtf")):
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # a character cut at the sample's end
            return True
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return controls == 0


def _open_zip(filename: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(filename, "is damaged or not an Excel workbook (.xlsx)") from None


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _check_zip(filename: str, data: bytes) -> str:
    book = _open_zip(filename, data)
    infos = book.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(filename, f"holds {len(infos):,} parts; a workbook has far fewer - refused for safety")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _refuse(filename, f"would expand to {_size(total)}; refused for safety (a compressed 'zip bomb')")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(filename, f"has a part ({info.filename}) that expands more than {MAX_RATIO} times; "
                                    "refused for safety (a compressed 'zip bomb')")
    names = {i.filename for i in infos}
    # python-calamine tries each reader in turn (.xls, .xlsx, .xlsb, .ods) and reads the package with the first
    # that opens it: a package holding the parts of two kinds would be measured as one and read as the other
    binary = any(n.replace("\\", "/").lower() == "xl/workbook.bin" for n in names)
    if "content.xml" in names and "mimetype" in names and "xl/workbook.xml" not in names:
        if binary:
            raise _refuse(filename, _MIXED)
        return _check_ods(filename, book, infos)
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise _refuse(filename, "is a Word document, not an Excel workbook (.xlsx) or CSV file")
        if binary:
            return _check_xlsb(filename, book, infos)
        raise _refuse(filename, "is not an Excel workbook (.xlsx) or CSV file")
    if binary:
        raise _refuse(filename, _MIXED)
    content_types = _read_capped(filename, book, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if b"macroEnabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _refuse(filename, _MACROS)
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            _scan_for_entities(filename, book, info)
    return "xlsx"


_MIXED = ("holds the parts of more than one kind of workbook (.xlsx, .xlsb or .ods), so it is not clear which "
          "to read: open it in Excel and save it again")
_MACROS = f"is a macro-enabled workbook, which is refused for safety: {_SAVE_AS} without macros, then upload the .xlsx"


def _check_xlsb(filename: str, book: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    """An Excel binary workbook (.xlsb): refused with macros (a VBA project, Excel 4.0 macro sheets) and when it
    also holds what python-calamine would open as an .xlsx or .ods instead. Its sheets' records are measured when
    it is read (xlsb.sheet_extents). Excel gives every .xlsb's workbook part the content type
    "...sheet.binary.macroEnabled.main", macros or not, so that type says nothing here."""
    normal = [i.filename.replace("\\", "/").lower() for i in infos]
    if any(n.endswith(("workbook.xml", "workbook.xml.rels")) for n in normal) or "mimetype" in {
            i.filename for i in infos}:
        raise _refuse(filename, _MIXED)
    content_types = _read_capped(filename, book, "[Content_Types].xml") if any(
        i.filename == "[Content_Types].xml" for i in infos) else b""
    if (any(n.endswith("vbaproject.bin") or "macrosheets/" in n for n in normal)
            or re.search(rb"vbaProject|macrosheet", content_types, re.IGNORECASE)):
        raise _refuse(filename, _MACROS)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _scan_for_entities(filename, book, info)
    return "xlsb"


def _check_ods(filename: str, book: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    """An OpenDocument file: a spreadsheet (.ods) without macros is read; anything else is named."""
    mimetype = _read_capped(filename, book, "mimetype", cap=200).strip()
    if mimetype != ODS_MIMETYPE:
        kind = "text document" if b"text" in mimetype else "file other than a spreadsheet"
        raise _refuse(filename, f"is an OpenDocument {kind}, not a spreadsheet: save the table as Excel Workbook "
                                "(.xlsx) or CSV")
    if any(i.filename.startswith(("Basic/", "Scripts/")) for i in infos):
        raise _refuse(filename, "is a spreadsheet with macros (.ods with Basic or scripts), which is refused for "
                                "safety: save it without macros as Excel Workbook (.xlsx) or .ods, then upload it")
    for info in infos:
        if info.filename.endswith((".xml", ".rdf")):
            _scan_for_entities(filename, book, info)
    return "ods"


def _chunks(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Inflate an entry chunk by chunk, refusing it if it inflates beyond what its directory entry declared."""
    produced = 0
    try:
        with book.open(info) as stream:
            while chunk := stream.read(CHUNK):
                produced += len(chunk)
                if produced > info.file_size or produced > MAX_TOTAL_UNCOMPRESSED:
                    raise _refuse(filename, f"has a part ({info.filename}) larger than it declares; "
                                            "refused for safety")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise _refuse(filename, "is damaged or not an Excel workbook (.xlsx)") from None


def _read_capped(filename: str, book: zipfile.ZipFile, name: str, cap: int = 5 * 1024 * 1024) -> bytes:
    info = book.getinfo(name)
    out = bytearray()
    for chunk in _chunks(filename, book, info):
        out += chunk
        if len(out) > cap:
            raise _refuse(filename, f"has an unusually large {name}; refused for safety")
    return bytes(out)


def _scan_for_entities(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    tail = b""
    for chunk in _chunks(filename, book, info):
        window = tail + chunk
        if _ENTITY.search(window):
            raise _refuse(filename, f"contains XML entity declarations ({info.filename}), which Excel never "
                                    "writes; refused for safety")
        tail = window[-16:]


def _sheet_parts(filename: str, book: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name -> the zip entries that may hold its cells, from workbook.xml and its relationships, parsed as
    XML. A target is looked up as python-calamine looks it up (after a leading '/', else under xl/, letter case
    ignored) and also as a normalised path: every entry that could be the sheet is returned."""
    names = book.namelist()
    by_lower: dict[str, list[str]] = {}
    for name in names:
        by_lower.setdefault(name.lower(), []).append(name)
    lower = {n.lower() for n in names}
    rels_name = next((n for n in names if n.lower() == "xl/_rels/workbook.xml.rels"), None)
    book_name = next((n for n in names if n.lower() == "xl/workbook.xml"), None)
    if rels_name is None or book_name is None or not lower:
        return {}
    try:
        rels = ElementTree.fromstring(_read_capped(filename, book, rels_name))
        workbook = ElementTree.fromstring(_read_capped(filename, book, book_name))
    except (ElementTree.ParseError, ValueError, DefusedXmlException):
        raise _refuse(filename, "is damaged: its list of sheets is not readable Excel XML") from None
    targets: dict[str, list[str]] = {}
    for rel in rels.iter():
        if rel.tag.rsplit("}", 1)[-1] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target")
            paths = {target[1:] if target.startswith("/") else "xl/" + target,
                     posixpath.normpath(posixpath.join("xl", target.replace("\\", "/"))).lstrip("/")}
            targets[rel.get("Id")] = [n for p in paths for n in by_lower.get(p.lower(), [])]
    sheets: dict[str, list[str]] = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet" or sheet.get("name") is None:
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.startswith("{") and k.endswith("}id")), None)
        if rid in targets and targets[rid]:
            sheets[sheet.get("name")] = targets[rid]
    return sheets


def _sheet_paths(filename: str, book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part path, from workbook.xml and its relationships."""
    return {name: parts[0] for name, parts in _sheet_parts(filename, book).items()}


def _has_formula(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    for chunk in _chunks(filename, book, info):
        window = tail + chunk
        if _FORMULA.search(window):
            return True
        tail = window[-8:]
    return False


def formula_cells_without_values(data: bytes, filename: str = "workbook.xlsx") -> dict[str, list[str]]:
    """Sheet name -> cells (e.g. 'M12') holding a formula with no saved value, streamed sheet by sheet."""
    book = _open_zip(filename, data)
    found: dict[str, list[str]] = {}
    for sheet, path in _sheet_paths(filename, book).items():
        if not _has_formula(filename, book, book.getinfo(path)):
            continue  # most sheets have none: a byte scan is far cheaper than parsing
        parser = XMLPullParser(events=("start", "end"))
        cell_ref, has_formula, has_value = None, False, False
        cells = []
        for chunk in _chunks(filename, book, book.getinfo(path)):
            parser.feed(chunk)
            for event, element in parser.read_events():
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    if event == "start":
                        cell_ref, has_formula, has_value = element.get("r"), False, False
                    else:
                        if has_formula and not has_value and cell_ref:
                            cells.append(cell_ref)
                        element.clear()
                elif event == "end" and tag == "f":
                    has_formula = True
                elif event == "end" and tag in ("v", "is"):
                    has_value = has_value or bool((element.text or "").strip()) or tag == "is"
                elif event == "end" and tag == "row":
                    element.clear()
        if cells:
            found[sheet] = cells
    return found


@dataclass(frozen=True)
class Extent:
    """How far a sheet's filled cells reach, counted from A1 as a grid read from A1 spans them."""

    rows: int = 0  # the furthest filled row (1-based); 0 for an empty sheet
    columns: int = 0  # the furthest filled column (1-based)

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def too_big(self) -> bool:
        return self.rows > MAX_ROWS or self.columns > MAX_COLUMNS or self.cells > MAX_CELLS

    def describe(self) -> str:
        """Why a sheet is refused, in words: how far its cells reach and what to do."""
        return (f"has cells filled in as far as row {self.rows:,} and column {column_letter(self.columns - 1)}, "
                f"a grid of {self.cells:,} cells counted from A1; at most {MAX_CELLS:,} cells are read: delete "
                "the rows and columns beyond the table (or the stray cell far below or to the right of it) and "
                "save the file again")


# A cell that holds something is written <c ...>...</c>; an empty formatted cell is <c .../>, which readers
# skip. The quick scan reads each cell's opening tag by the XML grammar (so a '>' inside an attribute value is
# no trick) and needs every cell to carry its position exactly once (r="B12", as Excel writes it); anything
# else (positions implied by order, prefixed tags, a tag it cannot read) is parsed properly instead.
_ATTR = rb"""(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))"""
_C_TAG = re.compile(rb"<c" + _ATTR + rb"*\s+r\s*=\s*[\"']([A-Za-z]{1,7})([0-9]{1,12})[\"']" + _ATTR
                    + rb"*\s*(/?)>")
_PREFIXED_C = re.compile(rb"<[\w.-]+:c[\s/>]")
_REF = re.compile(r"^([A-Za-z]{1,7})([0-9]{1,12})$")


def _column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(ch) - 64
    return number


def _quick_extent(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent | None:
    """The extent from a byte scan, or None when some cell's position cannot be read this way."""
    rows = columns = 0
    tail = b""
    for chunk in _chunks(filename, book, info):
        window = tail + chunk
        cut = window.rfind(b"<")
        if cut != -1 and window.find(b">", cut) == -1:  # a tag cut at the chunk's end: keep it for next time
            window, tail = window[:cut], window[cut:]
        else:
            tail = b""
        if len(tail) > CHUNK or (b":c" in window and _PREFIXED_C.search(window)):
            return None
        tags = _C_TAG.findall(window)
        starts = window.count(b"<c ") + window.count(b"<c>") + window.count(b"<c/") + window.count(b"<c\t") \
            + window.count(b"<c\n") + window.count(b"<c\r")
        if starts != len(tags):
            return None
        filled = [tag for tag in tags if not tag[2]]
        if filled:
            rows = max(rows, max(map(int, set(map(itemgetter(1), filled)))))
            columns = max(columns, max(map(_column_number, set(map(itemgetter(0), filled)))))
    return Extent(rows, columns)


def _walk_xml(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo, start, end, text=None) -> None:
    """Stream an XML part through expat, calling start(local name, attributes), end(local name) and text(data);
    no tree is kept, so memory stays flat however many rows the part holds. Names lose their namespace; an
    attribute keeps its own (as 'uri}name') only when it has one."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = lambda name, attrs: start(name.rsplit("}", 1)[-1], attrs)
    parser.EndElementHandler = lambda name: end(name.rsplit("}", 1)[-1])
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        for chunk in _chunks(filename, book, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise _refuse(filename, f"is damaged: a part ({info.filename}) is not readable XML") from None


def _parsed_extent(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The extent from an XML parse, following the rules for rows and cells without positions (the next row,
    the next column). A cell counts when it holds anything: a child element or text."""
    state = {"rows": 0, "columns": 0, "row": 0, "col": 0, "filled": False}

    def start(name: str, attrs: dict) -> None:
        if name == "row":
            given = attrs.get("r")
            state["row"] = int(given) if given and given.isascii() and given.isdigit() else state["row"] + 1
            state["col"] = 0
        elif name == "c":
            match = _REF.match(attrs.get("r") or "")
            if match:
                state["row"], state["col"] = int(match[2]), _column_number(match[1])
            else:
                state["col"] += 1
            state["filled"] = False
        else:
            state["filled"] = True  # anything inside a cell (<v>, <is>, <f>) makes it count

    def end(name: str) -> None:
        if name == "c" and state["filled"]:
            state["rows"], state["columns"] = max(state["rows"], state["row"]), max(state["columns"], state["col"])

    def text(data: str) -> None:
        if data.strip():
            state["filled"] = True

    _walk_xml(filename, book, info, start, end, text)
    return Extent(state["rows"], state["columns"])


def sheet_extents(data: bytes, filename: str = "workbook.xlsx") -> dict[str, Extent]:
    """Sheet name -> how far its filled cells reach, from the cells in the sheet's XML (never from its
    <dimension>, which is a claim), streamed with the same caps as the other checks. A sheet that may be held
    in more than one entry gets the furthest reach of them all; a sheet whose entry is not found is missing."""
    book = _open_zip(filename, data)
    extents = {}
    for sheet, parts in _sheet_parts(filename, book).items():
        found = [_quick_extent(filename, book, info) or _parsed_extent(filename, book, info)
                 for info in map(book.getinfo, parts)]
        extents[sheet] = Extent(max(e.rows for e in found), max(e.columns for e in found))
    return extents


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(attrs: dict, attribute: str) -> int:
    given = attrs.get(_TABLE + attribute) or "1"
    return int(given) if given.isascii() and given.isdigit() and int(given) > 0 else 1


def ods_extents(data: bytes, filename: str = "workbook.ods") -> dict[str, Extent]:
    """Table name -> how far its filled cells reach, from content.xml, counting repeated rows and cells
    (table:number-rows-repeated, number-columns-repeated) as python-calamine expands them. An .ods is read
    whole when it is opened, so every table is measured before that."""
    book = _open_zip(filename, data)
    if "content.xml" not in book.namelist():
        raise _refuse(filename, "is damaged: it has no content (content.xml)")
    extents: dict[str, Extent] = {}
    state = {"name": None, "rows": 0, "columns": 0, "row": 0, "col": 0, "repeat": 1, "width": 1, "last": 0,
             "filled": False, "tables": 0}

    def start(name: str, attrs: dict) -> None:
        if name == "table":
            state["tables"] += 1
            if state["tables"] > 1:  # a table inside a table's cell: not a sheet anything here reads
                raise _refuse(filename, "has a table inside a table's cell, which is not read here: save it as "
                                        "Excel Workbook (.xlsx)")
            state.update(name=attrs.get(_TABLE + "name") or "", rows=0, columns=0, row=0)
        elif name == "table-row":
            state.update(repeat=_repeat(attrs, "number-rows-repeated"), col=0, last=0)
        elif name in ("table-cell", "covered-table-cell"):
            state.update(width=_repeat(attrs, "number-columns-repeated"), depth=0,
                         filled=bool(attrs.get(_OFFICE + "value-type")))
        else:
            state["filled"] = True  # <text:p> and anything else inside a cell

    def end(name: str) -> None:
        if name in ("table-cell", "covered-table-cell"):
            if state["filled"]:
                state["last"] = state["col"] + state["width"]
            state["col"] += state["width"]
        elif name == "table-row":
            if state["last"]:
                state["rows"], state["columns"] = state["row"] + state["repeat"], max(state["columns"], state["last"])
            state["row"] += state["repeat"]
        elif name == "table":
            state["tables"] -= 1
            extents[state["name"]] = Extent(state["rows"], state["columns"])

    _walk_xml(filename, book, book.getinfo("content.xml"), start, end)
    return extents


# Old-style workbooks (.xls): an OLE2 compound file whose Workbook stream (Book, for Excel 5/95) is a run of
# BIFF records. python-calamine reads every sheet of it when it opens it, so every sheet is measured first from
# its cell records (row and column are the first two 16-bit fields of each).
_BIFF_CELLS = frozenset((0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6, 0x0201))
_BIFF_MULTI = frozenset((0x00BD, 0x00BE))  # MULRK, MULBLANK: row, first column, ..., last column
_BIFF_BOF, _BIFF_EOF, _BIFF_BOUNDSHEET, _BIFF_FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_XLS_DAMAGED = (f"is an old-style Excel file (.xls) that could not be read (it may be damaged): {_SAVE_AS}, then "
                "upload the .xlsx")


@dataclass(frozen=True)
class XlsSheet:
    name: str
    state: str  # visible, hidden, very hidden
    extent: Extent


def _check_ole2(filename: str, data: bytes) -> str:
    """An OLE2 compound file: a password-protected workbook, a workbook with macros, another Office document
    or a damaged file is refused; an old-style workbook is measured and read."""
    if _encrypted(data):
        raise _refuse(filename, "is protected with a password (encrypted), so it cannot be read: open it in Excel, "
                                "remove the password (File > Info > Protect Workbook > Encrypt with Password, "
                                "clear the box), save it, then upload it again")
    xls_sheets(data, filename)  # refuses what cannot be read safely
    return "xls"


def _workbook_stream(filename: str, data: bytes) -> bytes:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        entries = ["/".join(e).lower() for e in ole.listdir(streams=True, storages=True)]
        if any(e.startswith(("_vba_project", "macros")) for e in entries):
            raise _refuse(filename, "is an old-style workbook with macros, which is refused for safety: "
                                    f"{_SAVE_AS} without macros, then upload the .xlsx")
        name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if name is None:
            what = "a Word document" if ole.exists("WordDocument") else "not an Excel workbook"
            raise _refuse(filename, f"is {what} (an Office file of the old kind), not a spreadsheet to read here")
        if ole.get_size(name) > MAX_TOTAL_UNCOMPRESSED:
            raise _refuse(filename, "has an unusually large workbook stream; refused for safety")
        return ole.openstream(name).read()
    except ImportRefused:
        raise
    except Exception:  # olefile's errors for damaged compound files (OSError, struct.error, ...)
        raise _refuse(filename, _XLS_DAMAGED) from None


def xls_sheets(data: bytes, filename: str = "workbook.xls") -> list[XlsSheet]:
    """The sheets of an old-style workbook with how far each one's cells reach; refuses the file when it is
    encrypted, has macro sheets, or when a sheet (or all of them together) would be too large to read."""
    stream = _workbook_stream(filename, data)
    end = len(stream)

    def records(pos: int):
        while pos + 4 <= end:
            kind, size = struct.unpack_from("<HH", stream, pos)
            yield kind, pos + 4, size
            pos += 4 + size

    found = []
    try:
        first = next(records(0), None)
        if first is None or first[0] != _BIFF_BOF:
            raise _refuse(filename, _XLS_DAMAGED)
        biff8 = struct.unpack_from("<H", stream, first[1])[0] == 0x0600
        for kind, at, _length in records(0):
            if kind == _BIFF_FILEPASS:
                raise _refuse(filename, "is protected with a password, so it cannot be read: open it in Excel, "
                                        "remove the password, save it as Excel Workbook (.xlsx), then upload that")
            if kind == _BIFF_BOUNDSHEET:
                offset, state, sheet_type = struct.unpack_from("<IBB", stream, at)
                length = stream[at + 6]
                if biff8:
                    wide = stream[at + 7] & 1
                    raw = stream[at + 8: at + 8 + length * (2 if wide else 1)]
                    name = raw.decode("utf-16-le" if wide else "latin-1", errors="replace")
                else:
                    name = stream[at + 7: at + 7 + length].decode("cp1252", errors="replace")
                if sheet_type in (1, 6):  # an Excel 4.0 macro sheet, a VBA module
                    raise _refuse(filename, "is an old-style workbook with macros, which is refused for safety: "
                                            f"{_SAVE_AS} without macros, then upload the .xlsx")
                found.append((name, offset, {0: "visible", 1: "hidden"}.get(state & 3, "very hidden")))
            elif kind == _BIFF_EOF:
                break
        sheets = [XlsSheet(name, state, _xls_extent(stream, records, offset)) for name, offset, state in found]
        # and every run of records from a BOF to its EOF, in case a reader walks the stream rather than
        # following the sheets' offsets
        runs = [_xls_extent(stream, records, at - 4) for kind, at, _length in records(first[1] + first[2])
                if kind == _BIFF_BOF]
    except (struct.error, IndexError):
        raise _refuse(filename, _XLS_DAMAGED) from None
    problems = [Problem(filename, f"{s.extent.describe()} (an .xls is read whole, so every sheet in it must fit)",
                        sheet=s.name) for s in sheets if s.extent.too_big]
    if not problems and (big := next((e for e in runs if e.too_big), None)):
        problems = [Problem(filename, f"{big.describe()} (in a part of the file no sheet is listed for)")]
    if problems:
        raise ImportRefused(problems)
    if (total := max(sum(s.extent.cells for s in sheets), sum(e.cells for e in runs))) > MAX_WORKBOOK_CELLS:
        raise _refuse(filename, f"has sheets spanning {total:,} cells in all; an .xls is read whole and at most "
                                f"{MAX_WORKBOOK_CELLS:,} cells are read: {_SAVE_AS}, then upload the .xlsx")
    return sheets


def _xls_extent(stream: bytes, records, offset: int) -> Extent:
    """How far a sheet's cell records reach, from its BOF to its EOF (blank cells counted too; a chart's
    BOF..EOF inside the sheet does not end it)."""
    rows = columns = depth = 0
    for kind, at, size in records(offset):
        if kind == _BIFF_BOF:
            depth += 1
        elif kind == _BIFF_EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind in _BIFF_CELLS and size >= 4:
            row, col = struct.unpack_from("<HH", stream, at)
            rows, columns = max(rows, row + 1), max(columns, col + 1)
        elif kind in _BIFF_MULTI and size >= 6:
            row = struct.unpack_from("<H", stream, at)[0]
            last = struct.unpack_from("<H", stream, at + size - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
    return Extent(rows, columns)
