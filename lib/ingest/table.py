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
from dataclasses import dataclass, field

from .fields import AMOUNT, BOOL, DATE, EXPECTED, NOTE_REF, NUMBER, PARAGRAPHS, RAG, SHARE, Kind
from .layout import Layout, field_aliases, header_words
from .problems import Problem, describe_line
from .values import (
    EXPECTED_AMOUNT_RANGE,
    EXPECTED_NUMBER_RANGE,
    BadValue,
    clean_paragraphs,
    clean_text,
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


def _row_texts(row: list[object]) -> list[str]:
    return [clean_text(v) for v in row if not is_blank(v)]


def read_table(kind: Kind, rows: list[list[object]], layout: Layout, filename: str, sheet: str) -> ParsedTable:
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

    def problem(r: int, name: str | None, value: object, expected: str, message: str = "", warning=False):
        col = columns.get(name) if name else None
        out.problems.append(Problem(
            filename, message or expected, sheet=sheet, row=r + 1,
            column=col.leaf if col else None, column_index=col.index if col else None,
            value=value, expected=expected if not message else None, warning=warning,
            line=describe_line(key_of(rows[r]), col.index if col else None, message),
        ))

    def cell(row: list[object], name: str) -> object:
        index = columns[name].index
        return row[index] if index < len(row) else None

    section: str | None = None
    last_data_row = layout.data_start - 1
    classified: list[tuple[int, str, list[object]]] = []
    in_footnote = False
    for r in range(layout.data_start, len(rows)):
        row = rows[r]
        if all(v is None or is_blank(v) for v in row):
            in_footnote = False  # a blank row ends a footnote
            continue
        if _repeats_header(row, header_cells, aliases_at):
            in_footnote = False
            continue  # the header repeated after a page break
        if _is_footnote(row) or (in_footnote and kind.text_rows):
            classified.append((r, "note", row))  # in a table of text, the lines that follow belong to it too
            in_footnote = True
            continue
        # a key that is also a figure (a week's date) counts as a figure only when it is one: "Source: ..." under a
        # home care table is no week
        filled = [n for n in figure_fields if not is_blank(cell(row, n))
                  and (n not in label_fields or _looks_like_figure(cell(row, n)))]
        numeric = [n for n in filled if _looks_like_figure(cell(row, n))]
        labels = [clean_text(cell(row, n)) for n in label_fields if not is_blank(cell(row, n))]
        texts = None if labels and not kind.code_field else _row_texts(row)  # only needed without a label, or a code
        first_text = labels[0] if labels else (texts[0] if texts else "")
        has_code = bool(kind.code_field and kind.code_field in columns
                        and _looks_like_code(cell(row, kind.code_field)) and len(texts) > 1)
        if kind.text_rows:
            classified.append((r, "data", row))
            last_data_row = r
        elif _TOTAL.search(first_text) and not has_code:
            classified.append((r, "total", row))
            last_data_row = r
        elif numeric or has_code or (labels and (filled or any(not is_blank(cell(row, n)) for n in other_required))):
            classified.append((r, "data", row))
            last_data_row = r
        else:
            classified.append((r, "text", row))

    fields_in_order = [(name, col, kind.field(name), layout.units.get(name, 1)) for name, col in columns.items()]
    lines_since_total: list[dict] = []
    note_rows: list[tuple[int, list[object]]] = []
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
        record: dict = {"_row": r + 1, "_key": key_of(row)}
        for name, col, fld, unit in fields_in_order:
            value = row[col.index] if col.index < len(row) else None
            if value is None or is_blank(value):
                if (fld.required and not fld.blank_ok) or (fld.type in (AMOUNT, NUMBER) and _in_one_of(kind, name)
                                    and not _one_of_given(kind, name, row, columns)):
                    problem(r, name, "", f"{EXPECTED[fld.type]} (a blank cell is not a zero)"
                            if fld.type in (AMOUNT, NUMBER) else EXPECTED[fld.type])
                continue
            try:
                record[name] = _convert(fld.type, value, unit)
            except BadValue as bad:
                problem(r, name, clean_text(value), bad.expected)
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
