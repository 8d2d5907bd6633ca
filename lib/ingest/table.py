"""Reading the rows of a found table into records.

A row with a key and figures is a data line; a row whose key says Total is a totals row, checked
against the lines; a row with text only and no figures is a section row whose text is carried down to
the lines below; rows repeating the header are skipped. After the last line, numbered notes ("1 Older
People ...") attach to the lines that carry that note number. Every problem is collected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import deque
from dataclasses import dataclass, field
from itertools import repeat
from operator import and_, itemgetter, or_

from .fields import AMOUNT, BOOL, DATE, EXPECTED, NOTE_REF, NUMBER, PARAGRAPHS, RAG, SHARE, TEXT, Kind
from .layout import Layout, Rows, field_aliases, header_words
from .problems import Problem, describe_line
from .values import (
    EXPECTED_AMOUNT_RANGE,
    EXPECTED_NUMBER_RANGE,
    MAX_MAGNITUDE,
    BadValue,
    clean_paragraphs,
    clean_text,
    clean_texts,
    is_blank,
    parse_amount,
    parse_bool,
    parse_date,
    parse_number,
    parse_rag,
    parse_share,
    within_range,
)

_TOTAL = re.compile(r"^(grand\s+)?totals?\b|\btotals?$", re.IGNORECASE)
_NOTE_START = re.compile(r"^[\-•*]?\s*\(?([0-9]{1,3})[).:]?\s+(.*)$", re.DOTALL)
_NOTE_ONLY = re.compile(r"^[\-•*]?\s*\(?([0-9]{1,3})[).:]?$")
_FOOTNOTE = re.compile(
    r"""^\s*[(\[]?\s*(?:
        (?:sources?|notes?|n\.?\s?b|foot\s?notes?|caveats?|disclaimer|please\s+note)(?:\s*[.:\-–—)\]]|\s+[0-9]|\s*$)
      | (?:prepared|produced|compiled|updated|printed|published|generated|extracted|downloaded|taken)
        \s+(?:by|on|from|at)\b
      | last\s+(?:updated|revised|modified|amended)\b
      | data\s+(?:source|from|as\s+at|correct)\b
      | figures\s+(?:are|as\s+at|from|exclude|include|correct)\b
      | [†‡©] | copyright\b | crown\s+copyright\b
    )""", re.IGNORECASE | re.VERBOSE)


@dataclass
class ParsedTable:
    records: list[dict]
    problems: list[Problem] = field(default_factory=list)
    totals_checked: int = 0


def _convert(ftype: str, value: object, unit: int) -> object:
    # numbers are checked where they are made: finite, and within MAX_MAGNITUDE once multiplied out to pounds
    if ftype == AMOUNT:
        if type(value) is float or type(value) is int:  # the usual cell: a number already
            return within_range(round(float(value) * unit, 2), EXPECTED_AMOUNT_RANGE)
        return within_range(round(parse_amount(value) * unit, 2), EXPECTED_AMOUNT_RANGE)
    if ftype == NUMBER:
        return within_range(parse_number(value), EXPECTED_NUMBER_RANGE)
    if ftype == DATE:
        return parse_date(value)
    if ftype == RAG:
        return parse_rag(value)
    if ftype == BOOL:
        return parse_bool(value)
    if ftype == SHARE:
        return parse_share(value)
    if ftype == NOTE_REF:
        text = clean_text(value)
        if not re.fullmatch(r"[0-9]{1,3}(\s*[,;&/]\s*[0-9]{1,3})*", text):
            raise BadValue(EXPECTED[NOTE_REF])
        return ",".join(re.findall(r"[0-9]+", text))
    if ftype == PARAGRAPHS:
        return clean_paragraphs(value)
    return clean_text(value)


# Cells are read a column at a time: the usual cells of a column (a float in an amount column, a date in a date
# column, tidy text in a text column) are taken by one comprehension over the column, and only the others go
# through _convert, each distinct text once (the readers are pure functions of the cell).
_ABSENT = object()  # no value in a converted column: the cell is blank, or could not be read
_SLOW = object()  # a cell the column's quick path leaves to _convert
_NONE = type(None)
_FIGURE_TYPES = frozenset((int, float, dt.date, dt.datetime))  # _looks_like_figure's own, exactly these types
_TEXT_TYPES = frozenset((str, _NONE))
def _quick(ftype: str, values: list, unit: int) -> list:
    """The column's values converted where the cell is of the usual type, else _SLOW (blank cells too)."""
    if ftype == AMOUNT:  # round(x, 2) is x for a whole x, and rounding is the dearer step
        return [(x if (x := v * unit).is_integer() else round(x, 2)) if v.__class__ is float else _SLOW
                for v in values]
    if ftype == NUMBER:  # parse_number refuses NaN and the infinities as no number at all
        return [v if v.__class__ is float and v - v == 0.0 else _SLOW for v in values]
    if ftype == DATE:
        return [v.date() if v.__class__ is dt.datetime else v if v.__class__ is dt.date else _SLOW for v in values]
    if ftype == BOOL:
        return [v if v.__class__ is bool else _SLOW for v in values]
    if ftype == TEXT:
        return clean_texts(values, _SLOW)
    return [_SLOW] * len(values)


def _whole(ftype: str, values: list, unit: int, kinds: set) -> list | None:
    """The column read at once when every cell is of the one usual type (no blank), else None."""
    if ftype == TEXT and kinds == {str}:
        return clean_texts(values)
    if ftype in (AMOUNT, NUMBER) and kinds == {float}:
        out = values if ftype == NUMBER else [x if (x := v * unit).is_integer() else round(x, 2) for v in values]
        # within range (and so finite: NaN is never in tidy rows), or left to the cell by cell path
        return out if -MAX_MAGNITUDE <= min(out) <= max(out) <= MAX_MAGNITUDE else None
    if (ftype == DATE and kinds == {dt.date}) or (ftype == BOOL and kinds == {bool}):
        return values
    if ftype == DATE and kinds == {dt.datetime}:
        return [v.date() for v in values]
    return None


def _read(ftype: str, value: object, unit: int) -> object:
    """_convert's value, or the BadValue it raised."""
    try:
        return _convert(ftype, value, unit)
    except BadValue as error:
        return error


def _convert_column(ftype: str, values: list, unit: int, kinds: set | None = None
                    ) -> tuple[list, list[tuple[int, str]]]:
    """The column's values read as `ftype` (_ABSENT where the cell is blank or cannot be read), and the position
    and expectation of each cell that cannot be read. Blank cells are None (the rows are tidy); `kinds`, the types
    of its cells, when known."""
    kinds = set(map(type, values)) if kinds is None else kinds
    if (whole := _whole(ftype, values, unit, kinds)) is not None:
        return whole, []
    out = _quick(ftype, values, unit)
    bad: list[tuple[int, str]] = []
    slow_ones = _SLOW in out
    if ftype in (AMOUNT, NUMBER) and out:  # the quick path's numbers checked as _convert checks them
        expected = EXPECTED_AMOUNT_RANGE if ftype == AMOUNT else EXPECTED_NUMBER_RANGE
        limit = MAX_MAGNITUDE
        # (no NaN comes out of the quick path: a NaN cell is blank, None, in tidy rows; so min and max see all)
        if slow_ones or not -limit <= min(out) <= max(out) <= limit:
            for i, number in enumerate(out):
                if number is not _SLOW and not -limit <= number <= limit:  # the infinities fail too
                    out[i] = _ABSENT
                    bad.append((i, expected))
    if slow_ones:
        slow = [i for i, v in enumerate(out) if v is _SLOW]
        cells = list(map(values.__getitem__, slow))
        read = {v: _read(ftype, v, unit) for v in set(cells) if v.__class__ is str}  # each distinct text once
        found = [read[v] if v.__class__ is str else _ABSENT if v is None else _read(ftype, v, unit) for v in cells]
        if len(slow) == len(out):
            out = found
        else:
            for i, value in zip(slow, found):
                out[i] = value
        if any(isinstance(v, BadValue) for v in read.values()) or set(map(type, cells)) != {str}:
            for i in slow:
                if isinstance(out[i], BadValue):
                    bad.append((i, out[i].expected))
                    out[i] = _ABSENT
    bad.sort()
    return out, bad


def _row_texts(row: list[object]) -> list[str]:
    return [clean_text(v) for v in row if not is_blank(v)]


def _tidied(rows: list[list[object]]) -> list[list[object]]:
    """Rows with every blank cell (None, NaN, blank text) as None and none at the end of a row, as the readers give
    them: the same cells to everything below, which then needs only `is None` to know a blank."""
    out = []
    for row in rows:
        cells = [None if v is None or is_blank(v) else v for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


def _columns(body: list[list[object]], indexes: list[int]) -> dict[int, list]:
    """The cells of each of `indexes` down the rows of `body` (None past a row's end)."""
    if not indexes or not body:
        return {i: [None] * len(body) for i in indexes}
    width = max(indexes) + 1
    padded = body if min(map(len, body)) >= width else [
        row if len(row) >= width else row + [None] * (width - len(row)) for row in body]
    if len(indexes) == 1:
        return {indexes[0]: list(map(itemgetter(indexes[0]), padded))}
    return dict(zip(indexes, map(list, zip(*map(itemgetter(*indexes), padded)))))


# A mask of the rows below the header (one bool a row) is None when it holds for every row: most columns of a
# register are filled all the way down, and nothing then needs making or combining.

def _any(masks: list[list[bool] | None], size: int) -> list[bool] | None:
    """Row by row, whether any of the masks is true (None: every row)."""
    if any(mask is None for mask in masks):
        return None
    if not masks:
        return [False] * size
    found = masks[0]
    for mask in masks[1:]:
        found = list(map(or_, found, mask))
    return found


def _filled(values: list, kinds: set) -> list[bool] | None:
    return [v is not None for v in values] if _NONE in kinds else None


def _figure_mask(values: list, kinds: set) -> list[bool] | None:
    """Cell by cell, whether it is filled and looks like a figure (each distinct text judged once)."""
    if kinds <= _FIGURE_TYPES:
        return None
    if kinds <= _FIGURE_TYPES | {_NONE}:
        return [v is not None for v in values]
    judged: dict[str, bool] = {}

    def figure(value: object) -> bool:
        if value.__class__ is not str:
            return _looks_like_figure(value)
        found = judged.get(value)
        if found is None:
            found = judged[value] = _looks_like_figure(value)
        return found

    return [v is not None and (v.__class__ in _FIGURE_TYPES or figure(v)) for v in values]


def _not_text(values: list, kinds: set, size: int) -> list[bool] | None:
    """Cell by cell, whether it is filled with something other than text."""
    if not kinds & _TEXT_TYPES:
        return None
    if kinds <= _TEXT_TYPES:
        return [False] * size
    return [v is not None and v.__class__ is not str for v in values]


def read_table(kind: Kind, rows: list[list[object]], layout: Layout, filename: str, sheet: str) -> ParsedTable:
    if not isinstance(rows, Rows):  # the readers' rows are tidy already
        rows = _tidied(rows)
    columns = layout.columns
    figure_fields = [n for n in columns if kind.field(n).type in (AMOUNT, NUMBER, SHARE, DATE)]
    label_fields = [n for n in dict.fromkeys(kind.key + (kind.section_field,)) if n and n in columns]
    # a required text field beside the key makes a line without figures (a contract with no value or dates yet)
    other_required = [n for n in columns if kind.field(n).required and n not in figure_fields
                      and n not in label_fields]
    header_cells = [{c: header_words(clean_text(v)) for c, v in enumerate(rows[h]) if not is_blank(v)}
                    for h in layout.header_rows]
    aliases_at = {col.index: field_aliases(kind.field(name)) for name, col in columns.items()}
    out = ParsedTable([])

    key_columns = [(columns[n].index, kind.field(n).label) for n in kind.key if n in columns]

    def key_of(row: list[object]) -> list[tuple[int, str, str]]:
        """The row's key as written, to name the line in a problem about it."""
        return [(index, label, clean_text(row[index])) for index, label in key_columns
                if index < len(row) and not is_blank(row[index])]

    def problem(r: int, name: str | None, value: object, expected: str, message: str = "", warning=False,
                into: list | None = None):
        col = columns.get(name) if name else None
        (out.problems if into is None else into).append(Problem(
            filename, message or expected, sheet=sheet, row=r + 1,
            column=col.leaf if col else None, column_index=col.index if col else None,
            value=value, expected=expected if not message else None, warning=warning,
            line=describe_line(key_of(rows[r]), col.index if col else None, message),
        ))

    def cell(row: list[object], name: str) -> object:
        index = columns[name].index
        return row[index] if index < len(row) else None

    # the mapped columns of the rows below the header, and what each row's classification needs from them
    start = layout.data_start
    body = rows[start:]
    size = len(body)
    indexes = sorted({col.index for col in columns.values()})
    by_index = _columns(body, indexes)
    values = {name: by_index[col.index] for name, col in columns.items()}
    kinds = {name: set(map(type, column)) for name, column in values.items()}
    filled_in = {name: _filled(values[name], kinds[name])
                 for name in {*other_required, *(n for n in figure_fields if n not in label_fields)}}
    figures = {name: _figure_mask(values[name], kinds[name]) for name in figure_fields}
    label_texts = {name: clean_texts(values[name]) for name in label_fields}
    # a figure column's cell that is neither blank nor text: the row is no repeated header and no footnote (other
    # rows are looked at whole)
    not_text = _any([_not_text(values[name], kinds[name], size) for name in figure_fields], size)
    numeric_at = _any([figures[n] for n in figure_fields], size)
    filled_at = _any([figures[n] if n in label_fields else filled_in[n] for n in figure_fields], size)
    required_at = _any([filled_in[n] for n in other_required], size)
    first_label = label_texts[label_fields[-1]] if label_fields else [None] * size
    for name in reversed(label_fields[:-1]):
        first_label = [t if t is not None else f for t, f in zip(label_texts[name], first_label)]
    # _TOTAL matches nothing without the word: labels without it hold no totals label
    label_totals = bool(re.search("total", "\x00".join(t for t in first_label if t is not None), re.IGNORECASE))
    code_at = None
    if kind.code_field and kind.code_field in columns:
        code_at = [v is not None and _looks_like_code(v) for v in values[kind.code_field]]
    everywhere = [True] * size
    not_text = everywhere if not_text is None else not_text
    numeric_at = everywhere if numeric_at is None else numeric_at
    filled_at = everywhere if filled_at is None else filled_at
    required_at = everywhere if required_at is None else required_at

    # a row with a figure in a figure column and a label that is no totals label is a line of figures: it repeats
    # no header, is no note and no totals row (in a table of text every row is looked at, in order)
    if kind.text_rows:
        plain = [False] * size
    else:
        plain = (everywhere if not_text is everywhere and numeric_at is everywhere and None not in first_label
                 else [f and t is not None for f, t in zip(map(and_, not_text, numeric_at), first_label)])
        if label_totals:
            plain = [f and not _TOTAL.search(t) for f, t in zip(plain, first_label)]
    looked: dict[int, str] = {}  # what each other row is, by position: data, total, text or note
    in_footnote = False
    for i in (i for i, f in enumerate(plain) if not f):
        row = body[i]
        if not row:
            in_footnote = False  # a blank row ends a footnote
            continue
        if not not_text[i] and set(map(type, row)) <= _TEXT_TYPES:  # only text: it may be a header or a note
            if _repeats_header(row, header_cells, aliases_at):
                in_footnote = False
                continue  # the header repeated after a page break
            if _is_footnote(row) or (in_footnote and kind.text_rows):
                looked[i] = "note"  # in a table of text, the lines that follow belong to it too
                in_footnote = True
                continue
        elif in_footnote and kind.text_rows:
            looked[i] = "note"
            continue
        if kind.text_rows:
            looked[i] = "data"
            continue
        # a key that is also a figure (a week's date) counts as a figure only when it is one: "Source: ..." under a
        # home care table is no week
        first_text = first_label[i]
        texts = None
        if first_text is None or kind.code_field:  # the row's cells: only needed without a label, or a code
            texts = [v for v in row if v is not None]
            if first_text is None:
                first_text = clean_text(texts[0]) if texts else ""
        has_code = bool(code_at is not None and code_at[i] and len(texts) > 1)
        if _TOTAL.search(first_text) and not has_code:
            looked[i] = "total"
        elif numeric_at[i] or has_code or (first_label[i] is not None and (filled_at[i] or required_at[i])):
            looked[i] = "data"
        else:
            looked[i] = "text"
    lines_only = all(what == "data" for what in looked.values())
    if lines_only:
        data_at = sorted([i for i, f in enumerate(plain) if f] + list(looked))
        classified = []
    else:
        classified = [(start + i, "data" if f else looked[i], body[i]) for i, f in enumerate(plain)
                      if f or i in looked]
        data_at = [r - start for r, what, _ in classified if what == "data"]

    # the data lines' cells read a column at a time; their problems kept by line, each line's in column order
    every_row = len(data_at) == size  # (data_at is in order, each row once)
    key_names = [n for n in kind.key if n in columns]
    if len(key_names) == 1:  # the usual: a key of one column
        index, label = columns[key_names[0]].index, kind.field(key_names[0]).label
        texts = label_texts[key_names[0]] if every_row else map(label_texts[key_names[0]].__getitem__, data_at)
        keys = [[(index, label, text)] if text is not None else [] for text in texts]
    else:
        keys = [[] for _ in data_at]
        for name in key_names:
            index, label = columns[name].index, kind.field(name).label
            texts = label_texts[name] if every_row else map(label_texts[name].__getitem__, data_at)
            for key, text in zip(keys, texts):
                if text is not None:
                    key.append((index, label, text))
    records = [{"_row": start + i + 1, "_key": key} for i, key in zip(data_at, keys)]
    line_problems: dict[int, list[Problem]] = {}
    for name in columns:
        fld, unit = kind.field(name), layout.units.get(name, 1)
        cells = values[name] if every_row else list(map(values[name].__getitem__, data_at))
        converted, bad = _convert_column(fld.type, cells, unit, kinds[name] if every_row else None)
        blank = _NONE in kinds[name] if every_row else None in cells
        for j, expected in bad:
            problem(start + data_at[j], name, clean_text(cells[j]), expected,
                    into=line_problems.setdefault(j, []))
        if blank and ((fld.required and not fld.blank_ok) or (fld.type in (AMOUNT, NUMBER) and _in_one_of(kind, name))):
            for j in (j for j, v in enumerate(cells) if v is None):
                r = start + data_at[j]
                if (fld.required and not fld.blank_ok) or not _one_of_given(kind, name, rows[r], columns):
                    problem(r, name, "", f"{EXPECTED[fld.type]} (a blank cell is not a zero)"
                            if fld.type in (AMOUNT, NUMBER) else EXPECTED[fld.type],
                            into=line_problems.setdefault(j, []))
        if bad or blank:
            for record, value in zip(records, converted):
                if value is not _ABSENT:
                    record[name] = value
        else:
            deque(map(dict.__setitem__, records, repeat(name), converted), maxlen=0)

    if lines_only:  # no section, totals or notes rows: the lines as they are
        out.records = records
        for line in sorted(line_problems):
            out.problems.extend(line_problems[line])
        return out
    section: str | None = None
    last_data_row = max((r for r, what, _ in classified if what in ("data", "total")), default=start - 1)
    lines_since_total: list[dict] = []
    note_rows: list[tuple[int, list[object]]] = []
    line = 0
    for i, (r, what, row) in enumerate(classified):
        if what == "note":
            note_rows.append((r, row))
            continue
        if what == "text":
            if r > last_data_row:
                note_rows.append((r, row))
                continue
            labels = [clean_text(cell(row, n)) for n in label_fields if not is_blank(cell(row, n))]
            following = classified[i + 1][1] if i + 1 < len(classified) else "total"
            if labels and following == "total":  # not a section (nothing under it): a line with no figures
                name = next(f.name for f in kind.fields if f.required and f.type in (AMOUNT, NUMBER))
                problem(r, name, "", f"{EXPECTED[AMOUNT]} (the line '{labels[0]}' has no figures; a blank cell "
                                     "is not a zero)")
            elif kind.section_field:
                section = " ".join(labels or [t for t in _row_texts(row) if not _looks_like_figure(t)])
            continue
        if what == "total":
            _check_totals(kind, layout, row, r, out.records, lines_since_total, problem, out)
            lines_since_total = []
            continue
        record = records[line]
        if line in line_problems:
            out.problems.extend(line_problems[line])
        line += 1
        if kind.section_field and kind.section_field not in record and section:
            record[kind.section_field] = section
        out.records.append(record)
        lines_since_total.append(record)

    if note_rows and kind.note_ref_field:
        _attach_notes(kind, note_rows, out.records)
    return out


def _repeats_header(row: list[object], header_cells: list[dict[int, str]],
                    aliases_at: dict[int, frozenset[str]]) -> bool:
    """Whether a row is the header again (after a page break): every cell in it is text that is the header's own
    in its column (or another header for the same field: "Recommendation" over the findings where the first page
    said "Review Findings"), and it has at least half the header's cells. A line that only shares some values
    with the row the header was read from is a line."""
    for header in header_cells:
        count = 0
        for c, value in enumerate(row):
            if value is None or is_blank(value):
                continue
            if not isinstance(value, str):
                return False  # a figure: most rows end here at their first number
            words = header_words(clean_text(value))
            if header.get(c) != words and words not in aliases_at.get(c, ()):
                break
            count += 1
        else:
            if count >= 2 and 2 * count >= len(header):
                return True
    return False


def _is_footnote(row: list[object]) -> bool:
    """A line under (or within) a table that says where its figures come from or what to note about them: one
    cell of text opening as footnotes do ("Source: ...", "Note 2 - ...", "Prepared by ...", "Last updated ...")."""
    found = None
    for value in row:
        if value is None or is_blank(value):
            continue
        if found is not None or not isinstance(value, str):
            return False
        found = value
    return found is not None and bool(_FOOTNOTE.match(found))


def _looks_like_code(value: object) -> bool:
    """A scheme or contract code (UXB149, C-2008/17), not a note or a totals label in the code column."""
    if is_blank(value):
        return False
    text = clean_text(value)
    return len(text) <= 24 and text.count(" ") <= 2 and not _TOTAL.search(text)


def _looks_like_figure(value: object) -> bool:
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return True
    try:
        parse_number(value)
        return True
    except BadValue:
        try:
            parse_date(value)
            return True
        except BadValue:
            return False


def _in_one_of(kind: Kind, name: str) -> bool:
    return any(name in group for group in kind.one_of)


def _one_of_given(kind: Kind, name: str, row: list[object], columns) -> bool:
    for group in kind.one_of:
        if name in group:
            return any(other in columns and columns[other].index < len(row)
                       and not is_blank(row[columns[other].index]) for other in group if other != name)
    return False


def _check_totals(kind, layout, row, r, all_lines, section_lines, problem, out) -> None:
    for name in kind.amount_fields:
        if name not in layout.columns:
            continue
        index = layout.columns[name].index
        raw = row[index] if index < len(row) else None
        if is_blank(raw):
            continue
        try:
            stated = round(parse_number(raw) * layout.units.get(name, 1), 2)
        except BadValue:
            continue
        if not math.isfinite(stated):
            continue
        unit = layout.units.get(name, 1)
        for lines in (all_lines, section_lines):
            values = [rec[name] for rec in lines if isinstance(rec.get(name), float)]
            tolerance = max(0.01, 0.5 * unit * len(values))
            if abs(sum(values) - stated) <= tolerance:
                break
        else:
            values = [rec[name] for rec in all_lines if isinstance(rec.get(name), float)]
            problem(r, name, clean_text(raw), "",
                    message=f"the totals row says {stated:,.2f} but the lines above add up to "
                            f"{sum(values):,.2f}; the lines were imported as they are",
                    warning=True)
        out.totals_checked += 1


def _attach_notes(kind: Kind, note_rows: list[tuple[int, list[object]]], records: list[dict]) -> None:
    """Numbered notes under the table: "1 Older People" then its paragraph, or "1 Spending profile ..." on
    one line. A heading row with "action" switches later notes to management actions, "reason" to reasons.
    A note runs until a blank row, the next number or the end."""
    wanted = {n for rec in records for n in str(rec.get(kind.note_ref_field, "")).split(",") if n}
    if not wanted:
        return
    targets = kind.note_targets
    mode = "default"
    notes: dict[tuple[str, str], list[str]] = {}
    current: tuple[str, str] | None = None
    heading: str | None = None
    previous_row = None
    for r, row in note_rows:
        if previous_row is not None and r > previous_row + 1:
            current = None  # a blank row ends a note
        previous_row = r
        texts = _row_texts(row)
        text = " ".join(texts)
        number = None
        rest = ""
        if len(texts) >= 2 and _NOTE_ONLY.match(texts[0]):
            number, rest = _NOTE_ONLY.match(texts[0]).group(1), " ".join(texts[1:])
        elif m := _NOTE_START.match(text):
            number, rest = m.group(1), m.group(2)
        if number in wanted:
            current = (mode, number)
            notes.setdefault(current, [])
            heading = rest.strip()
            notes[current].append(heading)
            continue
        if current is not None:
            if notes[current] and notes[current][-1] == heading and len(heading) <= 60:
                notes[current].pop()  # a short title above a paragraph: keep the paragraph only
                heading = None
            notes[current].append(text)
            continue
        lowered = text.lower()
        if "action" in lowered and "reason" not in lowered and "action" in targets:
            mode = "action"
        elif "reason" in lowered and "action" not in lowered and "reason" in targets:
            mode = "reason"
    for rec in records:
        refs = [n for n in str(rec.get(kind.note_ref_field, "")).split(",") if n]
        found: dict[str, list[str]] = {}
        for (mode_, number), texts in notes.items():
            if number in refs and any(texts):
                target = targets.get(mode_, targets["default"])
                found.setdefault(target, []).append(" ".join(t for t in texts if t))
        for target, parts in found.items():
            if not rec.get(target):  # a value in the table's own column wins
                rec[target] = " ".join(parts)
