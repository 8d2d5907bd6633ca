"""Excel binary workbooks (.xlsb): how far each sheet's cells reach, found from its records before python-calamine
reads it.

An .xlsb is a zip like an .xlsx, but its parts are runs of BIFF12 records ([MS-XLSB] 2.1.4): the record's type in
one or two bytes and its size in one to four (seven bits a byte, the high bit saying another byte follows), then
its payload. python-calamine reads a sheet into a dense grid from A1 to its furthest cell, so each sheet is
measured here from the records python-calamine turns into cells, framed as it frames them: a row header
(BrtRowHdr) gives the row of the cells after it, and each cell record starts with its column. The sheet's claimed
dimension (BrtWsDim) is not believed. Every cell record anywhere in the part counts, blank ones (BrtCellBlank,
which python-calamine skips) aside: reaching further than python-calamine would is the safe side.

python-calamine's Rust code panics on some damage rather than failing (a shared string beyond the list, a sheet
whose relationship is missing, a record shorter than the bytes it reads from it); those are refused here as
damage, with the part named. The scan is one pass over each sheet part, streamed through the zip checks of
safety, and stops at MAX_RECORDS records for the whole workbook.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Iterable, Iterator

from defusedxml import DefusedXmlException, ElementTree

from . import safety
from .problems import ImportRefused, Problem

ROW_HEADER, WS_DIM, WB_PROP, BUNDLE_SH, END_BUNDLE_SHS, BEGIN_SST = 0x00, 0x94, 0x99, 0x9C, 0x90, 0x9F
# The cell records python-calamine places in its grid - BrtCellRk (2), BrtCellError, BrtCellBool, BrtCellReal,
# BrtCellSt, BrtCellIsst, BrtFmlaString, BrtFmlaNum, BrtFmlaBool (10) - and BrtFmlaError (11), which it skips
# today; with the bytes it reads from each: the column (4), the style (4), then the value.
_CELLS = {0x02: 12, 0x03: 9, 0x04: 9, 0x05: 16, 0x06: 12, 0x07: 12, 0x08: 12, 0x09: 16, 0x0A: 9, 0x0B: 9}
_TEXT_CELLS = (0x06, 0x08)  # BrtCellSt, BrtFmlaString: an XLWideString (a count of UTF-16 units, then them)
_SHARED_CELL = 0x07  # BrtCellIsst: an index into the shared strings
_HEAD = 16  # the most bytes of a payload any check here looks at

# Records of all the sheets together: a sheet of 2,000,000 cells (MAX_CELLS) is about as many records, and this
# leaves room for row headers, blank cells and other sheets. The scan reads 2.5 to 3.5 million records a second
# (measured), so reaching the limit takes a few seconds.
MAX_RECORDS = 12_000_000

_U32 = struct.Struct("<I")
_SAVE = "open it in Excel and save it again (or save it as Excel Workbook (.xlsx))"


def _refuse(filename: str, message: str) -> ImportRefused:
    return ImportRefused([Problem(filename, message)])


def _damaged(filename: str, part: str, what: str) -> ImportRefused:
    return _refuse(filename, f"is damaged: a part of it ({part}) {what}: {_SAVE}")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _normal(name: str) -> str:
    """A part's name as python-calamine looks it up: backslashes as slashes, ASCII letters in lower case."""
    return name.replace("\\", "/").translate(_ASCII_LOWER)


def _entries(book: zipfile.ZipFile, path: str) -> list[zipfile.ZipInfo]:
    """Every entry python-calamine might open for a path: the one whose name matches it but for letter case and
    slashes, or the one named exactly so (duplicated names: all of them)."""
    wanted = path.translate(_ASCII_LOWER)
    return [info for info in book.infolist() if _normal(info.filename) == wanted or info.filename == path]


def records(filename: str, part: str, chunks: Iterable[bytes]) -> Iterator[tuple[int, int, bytes, int]]:
    """(type, size, buffer, offset) for each record of a part given in chunks: the payload starts at buffer[offset]
    and at least its first 16 bytes (all of it when shorter) are there. A record cut off by the part's end is
    damage."""
    pending, skip = b"", 0
    for chunk in chunks:
        if skip:
            if skip >= len(chunk):
                skip -= len(chunk)
                continue
            chunk, skip = chunk[skip:], 0
        buf = pending + chunk if pending else chunk
        end, pos = len(buf), 0
        while pos < end:
            start = pos
            byte = buf[pos]
            pos += 1
            if byte & 0x80:  # a two-byte type; the second byte's high bit is ignored, as python-calamine does
                if pos >= end:
                    pos = start
                    break
                kind = (byte & 0x7F) | ((buf[pos] & 0x7F) << 7)
                pos += 1
            else:
                kind = byte
            if pos >= end:
                pos = start
                break
            byte = buf[pos]
            pos += 1
            size = byte & 0x7F
            shift = 7
            while byte & 0x80 and shift < 28:  # at most four bytes of size
                if pos >= end:
                    break
                byte = buf[pos]
                pos += 1
                size |= (byte & 0x7F) << shift
                shift += 7
            else:
                if end - pos >= min(size, _HEAD):
                    yield kind, size, buf, pos
                    if size > end - pos:  # the rest of a long payload is not needed: skipped
                        skip, pos = size - (end - pos), end
                        break
                    pos += size
                    continue
            pos = start  # the header or the head of the payload runs into the next chunk
            break
        pending = buf[pos:]
    if pending or skip:
        raise _damaged(filename, part, "ends in the middle of a record")


def _stream(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[int, int, bytes, int]]:
    return records(filename, info.filename, safety._chunks(filename, book, info))


def _wide(buf: bytes, at: int, limit: int) -> tuple[str, int] | None:
    """An XLWideString at buf[at:limit]: (its text, where it ends), or None when it does not fit."""
    if at + 4 > limit:
        return None
    count = _U32.unpack_from(buf, at)[0]
    stop = at + 4 + 2 * count
    if stop > limit:
        return None
    return buf[at + 4:stop].decode("utf-16-le", errors="replace"), stop


def _relationships(filename: str, book: zipfile.ZipFile) -> dict[str, list[str]]:
    """Relationship id -> its targets, from xl/_rels/workbook.bin.rels (python-calamine opens that name exactly)."""
    found = [info for info in book.infolist() if info.filename == "xl/_rels/workbook.bin.rels"]
    targets: dict[str, list[str]] = {}
    for info in found:
        try:
            tree = ElementTree.fromstring(safety._read_capped(filename, book, info.filename))
        except (ElementTree.ParseError, ValueError, DefusedXmlException):
            raise _damaged(filename, info.filename, "is not readable XML") from None
        for rel in tree.iter():
            if rel.tag.rsplit("}", 1)[-1] == "Relationship" and rel.get("Id") is not None:
                targets.setdefault(rel.get("Id"), []).append(rel.get("Target") or "")
    return targets


def sheet_parts(filename: str, book: zipfile.ZipFile) -> list[tuple[str, list[zipfile.ZipInfo]]]:
    """(sheet name, the entries that may hold its records) for each sheet listed in xl/workbook.bin
    (BrtBundleSh: its state, its tab id, its relationship id, its name), in order; a sheet listed without a
    relationship (python-calamine leaves it out) is left out too."""
    books = _entries(book, "xl/workbook.bin")
    if len(books) != 1:
        raise _refuse(filename, f"is damaged: it holds {len(books)} lists of sheets (xl/workbook.bin): {_SAVE}")
    part = books[0].filename
    data = safety._read_capped(filename, book, part)
    rels = _relationships(filename, book)
    sheets = []
    for kind, size, buf, at in records(filename, part, [data]):
        if kind == END_BUNDLE_SHS:
            return sheets
        if kind == WB_PROP and size < 1:
            raise _damaged(filename, part, "has a record too short for what it must hold")
        if kind != BUNDLE_SH:
            continue
        if size < 12:
            raise _damaged(filename, part, "lists a sheet in a record too short for it")
        rel_count = _U32.unpack_from(buf, at + 8)[0]
        if rel_count == 0xFFFFFFFF:
            continue
        relation = _wide(buf, at + 8, at + size)
        name = relation and _wide(buf, relation[1], at + size)
        if not name:
            raise _damaged(filename, part, "lists a sheet whose name does not fit in its record")
        if relation[0] not in rels:
            raise _damaged(filename, part, f"lists the sheet '{name[0]}', whose part is not in the workbook's "
                                           "relationships (xl/_rels/workbook.bin.rels)")
        paths = {f"xl/{t}" for t in rels[relation[0]]}
        paths |= {posixpath.normpath(posixpath.join("xl", t.replace("\\", "/"))).lstrip("/")
                  for t in rels[relation[0]]}
        sheets.append((name[0], [info for path in sorted(paths) for info in _entries(book, path)]))
    raise _damaged(filename, part, "does not end its list of sheets")


def shared_string_count(filename: str, book: zipfile.ZipFile) -> int:
    """How many shared strings python-calamine will hold: the count given by the first BrtBeginSst of
    xl/sharedStrings.bin (it reads exactly that many items, or fails); none without the part."""
    counts = []
    for info in _entries(book, "xl/sharedStrings.bin"):
        count = 0
        for kind, size, buf, at in _stream(filename, book, info):
            if kind == BEGIN_SST:
                if size < 8:
                    raise _damaged(filename, info.filename, "has a record too short for what it must hold")
                count = _U32.unpack_from(buf, at + 4)[0]
                break
        counts.append(count)
    return min(counts, default=0)


def _blocks(chunks: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The chunks joined into blocks of about a megabyte, so that the scan's loop runs long between blocks."""
    gathered, length = [], 0
    for chunk in chunks:
        gathered.append(chunk)
        length += len(chunk)
        if length >= size:
            yield b"".join(gathered)
            gathered, length = [], 0
    if gathered:
        yield b"".join(gathered)


_LONGEST_HEAD = 6 + _HEAD  # a record's type and size take at most 6 bytes


def _scan(buf: bytes, pos: int, limit: int, state: list[int], strings: int) -> tuple[int, str | None]:
    """Frame the records of buf from pos while they start before limit, noting the furthest cell in
    state [rows, columns, row, records, dimension seen]; (where it stopped, what is damaged or None). Framed inline
    (this is the hot loop)."""
    rows, columns, row, seen, dimension = state
    cells, unpack = _CELLS, _U32.unpack_from
    damage = None
    while pos < limit:
        kind = buf[pos]
        if kind & 0x80:  # a two-byte type; the second byte's high bit is ignored, as python-calamine does
            kind = (kind & 0x7F) | ((buf[pos + 1] & 0x7F) << 7)
            pos += 2
        else:
            pos += 1
        size = buf[pos]
        pos += 1
        if size & 0x80:  # at most four bytes of size
            size &= 0x7F
            shift = 7
            while True:
                byte = buf[pos]
                pos += 1
                size |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80 or shift == 28:
                    break
        seen += 1
        need = cells.get(kind)
        if need is not None:
            if size < need:
                damage = "has a cell record too short for its value"
                break
            column = unpack(buf, pos)[0]
            if column >= columns:
                columns = column + 1
            if row >= rows:
                rows = row + 1
            if kind == _SHARED_CELL:
                if unpack(buf, pos + 8)[0] >= strings:
                    damage = "has a cell pointing to a shared string that is not there"
                    break
            elif kind in _TEXT_CELLS and 12 + 2 * unpack(buf, pos + 8)[0] > size:
                damage = "has a cell whose text does not fit in its record"
                break
        elif kind == ROW_HEADER:
            if size < 4:
                damage = "has a row header too short for its row number"
                break
            row = unpack(buf, pos)[0]
        elif kind == WS_DIM and not dimension:
            dimension = 1  # python-calamine reads the first one's 16 bytes; what it claims is not believed
            if size < 16:
                damage = "has a record too short for what it must hold"
                break
        pos += size
    state[:] = rows, columns, row, seen, dimension
    return pos, damage


def _measure(filename: str, book: zipfile.ZipFile, info: zipfile.ZipInfo, strings: int,
             budget: list[int]) -> safety.Extent:
    """How far the cells of one sheet part reach; checks that python-calamine can read every record it will."""
    state = [0, 0, 0, 0, 0]
    pending, skip = b"", 0
    for block in _blocks(safety._chunks(filename, book, info)):
        if skip >= len(block):
            skip -= len(block)
            continue
        buf = pending + block[skip:] if pending else block[skip:]
        pos, damage = _scan(buf, 0, len(buf) - _LONGEST_HEAD, state, strings)
        if damage:
            raise _damaged(filename, info.filename, damage)
        skip, pending = max(pos - len(buf), 0), buf[pos:]
        if state[3] > budget[0]:
            raise _refuse(filename, f"has more than {MAX_RECORDS:,} records in its sheets, more than is read "
                                    "here: delete what the import does not need, or save the sheet you need on "
                                    "its own")
    try:  # the last few records, where a record may run past the part's end
        pos, damage = _scan(pending, 0, len(pending), state, strings)
    except (IndexError, struct.error):
        damage = "ends in the middle of a record"
    if damage or skip or pos != len(pending):
        raise _damaged(filename, info.filename, damage or "ends in the middle of a record")
    budget[0] -= state[3]
    return safety.Extent(state[0], state[1])


def sheet_extents(data: bytes, filename: str = "workbook.xlsb") -> dict[str, safety.Extent]:
    """Sheet name -> how far its cells reach, from the records of each sheet part listed in xl/workbook.bin. A
    sheet that may be held in more than one entry (or is listed twice) gets the furthest reach of them all; a
    sheet whose part is not found (under any of its listings) is missing. Refuses the file when a part is damaged
    in a way python-calamine would not survive, or when its sheets hold more than MAX_RECORDS records."""
    book = safety._open_zip(filename, data)
    listed = sheet_parts(filename, book)
    strings = shared_string_count(filename, book)
    budget = [MAX_RECORDS]
    extents: dict[str, safety.Extent] = {}
    unfound = {name for name, infos in listed if not infos}
    for name, infos in listed:
        for info in infos:
            found = _measure(filename, book, info, strings, budget)
            if name in extents:
                found = safety.Extent(max(found.rows, extents[name].rows), max(found.columns, extents[name].columns))
            extents[name] = found
    return {name: extent for name, extent in extents.items() if name not in unfound}
