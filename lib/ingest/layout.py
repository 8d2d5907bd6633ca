"""Finding the table in a sheet: which row is the header, which rows above it group its columns, and
which column is which field.

Council sheets put title rows above the table and often a grouped header over two or three rows
(Expenditure / Income / Net, each over a "Profiled Budget £000"). Every column gets a full label made of
its own header cell and the group labels above it, and fields are matched to columns by their aliases,
best matches first, each column used once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from .fields import AMOUNT, Kind
from .problems import column_letter
from .values import BadValue, clean_text, is_blank, parse_date, parse_number

MAX_HEADER_SCAN = 40
MAX_GROUP_ROWS = 3
# A header row is matched column by column: a row among the first MAX_HEADER_SCAN holding more cells of text
# than this is no table's header (Excel allows 16,384 columns); such a sheet is refused before matching.
MAX_HEADER_CELLS = 2_000

_UNIT_PATTERNS = (
    (re.compile(r"£\s*m\b|£\s*millions?|\(£m\)", re.I), 1_000_000),
    (re.compile(r"£\s*'?\s*000s?|£\s*k\b|£\s*thousands?|\(000s?\)|'000|£000", re.I), 1_000),
)
_POUND = re.compile(r"£")


_STRIP_UNITS = re.compile(r"£\s*'?\s*0{3}s?|£\s*[km]\b|\(000s?\)|'000")
_OUT_TURN = re.compile(r"\bout[\s\-]+turn\b")
_PROJ_D = re.compile(r"\bproj'?d\b|\bproj\.")
_FCST = re.compile(r"\bfcst\b")
_VAR = re.compile(r"\bvar\.?\b")
_NO = re.compile(r"\bno\.")
_NON_WORD = re.compile(r"[^a-z0-9]+")


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# a label of this many words is a sentence, not a header: a word of it matching an alias says nothing
PROSE_WORDS = 7
# words in a header that say how its other words relate, or how a cell is written, never what the column holds
_LINK_WORDS = frozenset("a an and as at be been being by can cannot for from if in is it its not of on or per that the "
                        "their this to was which will with yes no dd mm yy yyyy".split())


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """A header or key as words: lower case, units and punctuation gone, common abbreviations spelt out."""
    text = text.lower().replace("’", "'").replace("%", " percent ")
    text = _STRIP_UNITS.sub(" ", text)
    text = _OUT_TURN.sub("outturn", text)
    text = _PROJ_D.sub("projected", text)
    text = _FCST.sub("forecast", text)
    text = _VAR.sub("variance", text)
    text = _NO.sub("no", text)
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def header_words(text: str) -> str:
    """A header as words, as normalise gives them, with camelCase split first: OCDS exports head their columns
    "releases/0/awards/0/contractPeriod/startDate". Keys are compared with normalise alone, so that "McKenzie
    House" and "MCKENZIE HOUSE" stay one key."""
    return normalise(_CAMEL.sub(" ", text))


def unit_of(label: str) -> int | None:
    """The money unit a header states: 1000 for £000 / £'000 / £k, 1e6 for £m, 1 for plain £."""
    for pattern, unit in _UNIT_PATTERNS:
        if pattern.search(label):
            return unit
    return 1 if _POUND.search(label) else None


@dataclass
class Column:
    index: int
    leaf: str  # its own header cell
    groups: tuple[str, ...]  # labels above it, outermost first
    header_row: int  # 0-based row of the leaf cell

    @property
    def full(self) -> str:
        return " / ".join((*self.groups, self.leaf))

    @cached_property
    def padded_leaf(self) -> str:
        """The leaf normalised, with a space either side: a phrase is in it when ' phrase ' is."""
        return f" {header_words(self.leaf)} "

    @cached_property
    def padded_full(self) -> str:
        return f" {header_words(self.full)} "

    @cached_property
    def padded_labels(self) -> tuple[str, ...]:
        """Its own header then the group labels above it, each as words with a space either side."""
        return (self.padded_leaf, *(f" {header_words(g)} " for g in reversed(self.groups)))

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.padded_full.split()) | frozenset(self.padded_leaf.split())


@dataclass
class Layout:
    header_rows: tuple[int, ...]  # 0-based rows of the header block
    columns: dict[str, Column]  # field name -> column
    all_columns: list[Column]
    score: float
    missing: list[str] = field(default_factory=list)  # required fields not found
    units: dict[str, int] = field(default_factory=dict)  # money field -> multiplier to pounds
    twins: list[tuple[str, Column, list[Column]]] = field(default_factory=list)  # see twin_columns
    near: dict[str, list[tuple[Column, str]]] = field(default_factory=dict)  # see _near_misses

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1


def _is_text_label(value: object) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, str):
        try:
            parse_number(value)
            return False
        except BadValue:
            return True
    return False


def _build_columns(rows: list[list[object]], leaf_row: int) -> tuple[tuple[int, ...], list[Column]]:
    """Columns for a header whose lowest row is leaf_row, taking up to three rows above it as group rows
    when they are header-like (two or more text cells, nothing else). Only filled cells are looked at, so
    a wide sheet costs what its header holds, not its width."""
    block = [leaf_row]
    for r in range(leaf_row - 1, max(-1, leaf_row - 1 - MAX_GROUP_ROWS), -1):
        cells = [v for v in rows[r] if not is_blank(v)]
        if len(cells) < 2 or not all(_is_text_label(v) for v in cells):
            break
        block.insert(0, r)
    grid = [{c: text for c, v in enumerate(rows[r]) if not is_blank(v) and (text := clean_text(v))} for r in block]
    used = sorted(set().union(*grid))  # columns that belong to the header: any cell filled in the block
    filled = [dict(row) for row in grid]
    for i in range(len(block) - 1):  # group rows span to the right over their columns (merged cells)
        current, previous = "", None
        for c in used:
            if previous is not None and c != previous + 1:
                current = ""  # an empty column ends a span
            previous = c
            if c in grid[i]:
                current = grid[i][c]
            elif any(c in grid[j] for j in range(i + 1, len(block))):
                filled[i][c] = current
            else:
                current = ""
    columns = []
    for c in used:
        leaf_level = max(i for i in range(len(block)) if c in grid[i])
        groups = tuple(dict.fromkeys(filled[i][c] for i in range(leaf_level) if filled[i].get(c)))
        columns.append(Column(c, grid[leaf_level][c], groups, block[leaf_level]))
    return tuple(block), columns


@dataclass(frozen=True)
class _FieldWords:
    """A field's aliases, avoided and preferred words, normalised once (with a space either side)."""

    aliases: tuple[tuple[str, int], ...]  # (' alias ', its number of words)
    avoid: tuple[str, ...]
    prefer: tuple[str, ...]
    first_words: frozenset[str]  # a column can match only if it has one of these words


@cache
def _field_words(fld) -> _FieldWords:
    aliases = tuple((f" {a} ", len(a.split())) for a in map(normalise, fld.aliases) if a)
    return _FieldWords(aliases, tuple(f" {normalise(w)} " for w in fld.avoid if normalise(w)),
                       tuple(f" {normalise(w)} " for w in fld.prefer if normalise(w)),
                       frozenset(a.split()[0] for a, _ in aliases))


def _content_words(padded: str) -> int:
    """How many words of a header say what a column holds (not 'of', 'per', 'Y/N', numbers)."""
    return sum(1 for w in padded.split() if w not in _LINK_WORDS and not w.isdigit() and len(w) > 1)


def _weak(alias: str, count: int, column: Column) -> bool:
    """Whether a header only mentions an alias without being about it: the alias follows 'per' (a rate: 'Hours per
    week' holds hours, not weeks), a one-word alias sits inside a header of three or more words and does not lead it
    ('week' in 'Number of visits per week', 'total' in 'Overall total of existing clients'), or the label is a
    sentence, not a header ('Variation in the location of contract monitoring ...' in a plan)."""
    if alias not in column.padded_full.replace(f" per{alias}", " "):
        return True
    label = next((label for label in column.padded_labels if alias in label), None)
    if label is None:  # the alias spans a group label and the header below it
        return False
    words = _content_words(label)
    return words >= PROSE_WORDS or (count == 1 and words >= 3 and not label.startswith(alias))


def _match(fld, column: Column) -> tuple[float, str | None]:
    """(score, None) for the best match of a field's aliases with a column - 0 when none or when it is avoided -
    or (0, the alias) when the only matches are weak ones."""
    words = _field_words(fld)
    leaf, full = column.padded_leaf, column.padded_full
    if any(word in full for word in words.avoid):
        return 0.0, None
    best, weak = 0.0, None
    for rank, (alias, count) in enumerate(words.aliases):
        if leaf == alias:
            score = 100 + count
        elif alias in leaf:
            score = 50 + 5 * count
        elif alias in full:
            score = 20 + 5 * count
        else:
            continue
        score -= rank / 1000  # aliases are listed most telling first: 'Supplier Name' over 'Organisation Name'
        if score > best and _weak(alias, count, column) and leaf != alias:
            weak = weak or alias.strip()
            continue
        best = max(best, score)
    if best and words.prefer and any(word in full for word in words.prefer):
        best += 10
    return best, (weak if not best else None)


def field_aliases(fld) -> frozenset[str]:
    """A field's aliases as header words, to know a header row repeated further down."""
    return frozenset(alias.strip() for alias, _ in _field_words(fld).aliases)


def _score(fld, column: Column) -> float:
    return _match(fld, column)[0]


_INDEXES: dict[str, tuple[Kind, dict[str, tuple[int, ...]]]] = {}


def _word_index(kind: Kind) -> dict[str, tuple[int, ...]]:
    """Word -> positions of the kind's fields with an alias starting with that word: a column is scored only
    against the fields it could match, so the work grows with its words, not with every alias of every field."""
    cached = _INDEXES.get(kind.name)
    if cached is None or cached[0] is not kind:
        index: dict[str, list[int]] = {}
        for position, fld in enumerate(kind.fields):
            for word in _field_words(fld).first_words:
                index.setdefault(word, []).append(position)
        cached = _INDEXES[kind.name] = (kind, {w: tuple(p) for w, p in index.items()})
    return cached[1]


def map_columns(kind: Kind, columns: list[Column], forced: dict[str, int] | None = None,
                filled: Callable[[int], bool] | None = None) -> dict[str, Column]:
    """Assign columns to fields: best-scoring pairs first, each column and field used once; ties go left (and
    to the field listed first). With `filled` (whether a column has values below the header), columns with values
    come before empty ones: an empty 'Address' beside a filled 'Address line 1' would hold nothing."""
    mapping: dict[str, Column] = {}
    taken: set[int] = set()
    by_index = {c.index: c for c in columns}
    for name, index in (forced or {}).items():
        if index in by_index:
            mapping[name] = by_index[index]
            taken.add(index)
    index_of = _word_index(kind)
    pairs = []
    for col in columns:
        positions = {p for word in col.words for p in index_of.get(word, ())}
        for position in positions:
            fld = kind.fields[position]
            if fld.name in mapping:
                continue
            score = _score(fld, col)
            if score:
                empty = filled is not None and not filled(col.index)
                pairs.append((empty, -score, col.index, position, fld.name, col))
    for _empty, _neg, index, _position, name, col in sorted(pairs, key=lambda p: p[:4]):
        if name in mapping or index in taken:
            continue
        mapping[name] = col
        taken.add(index)
    return mapping


def missing_fields(kind: Kind, mapping: dict[str, Column]) -> list[str]:
    missing = [f.name for f in kind.fields if f.required and f.name not in mapping]
    for group in kind.one_of:
        if not any(name in mapping for name in group):
            missing.append(" or ".join(group))
    return missing


def _units(kind: Kind, mapping: dict[str, Column], title_text: str) -> dict[str, int]:
    """Units belong to columns; a sheet whose money columns are mostly £000 is read as £000 throughout
    (seed 004 heads its last-variance column "£" while it holds £000 like the rest)."""
    money = [name for name, col in mapping.items() if kind.field(name).type == AMOUNT]
    stated = {name: unit_of(mapping[name].full) for name in money}
    counts: dict[int, int] = {}
    for unit in stated.values():
        if unit is not None:
            counts[unit] = counts.get(unit, 0) + 1
    if counts:
        sheet_unit = max(counts, key=lambda u: (counts[u], u))
        if counts[sheet_unit] * 2 > sum(counts.values()):
            return dict.fromkeys(money, sheet_unit)
        return {name: stated[name] or sheet_unit for name in money}
    title_unit = unit_of(title_text) if title_text else None
    return dict.fromkeys(money, title_unit or 1)


def too_wide(rows: list[list[object]]) -> tuple[int, int] | None:
    """(row, cells) for the first of the sheet's first rows holding more than MAX_HEADER_CELLS cells of text."""
    for r, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if len(row) > MAX_HEADER_CELLS:
            count = sum(1 for v in row if isinstance(v, str))
            if count > MAX_HEADER_CELLS:
                return r, count
    return None


def _has_two_labels(row: list[object]) -> bool:
    found = 0
    for v in row:
        if isinstance(v, str) and _is_text_label(v):
            found += 1
            if found == 2:
                return True
    return False


class Rows(list):
    """A sheet's rows as the reader gives them, tidy: every blank cell (empty or blank text) is None and no row ends
    in one, so that an empty row is an empty list. A list that also keeps its header candidates once they are
    built, so that trying every kind (choosing a sheet, recognising a file) builds them once, and they go
    when the rows go."""

    __slots__ = ("header_candidates",)


def _header_candidates(rows: list[list[object]]) -> list[tuple[int, tuple[int, ...], list[Column]]]:
    """(row, header block, columns) for each of the first rows that could be a header: the same for every kind."""
    found = getattr(rows, "header_candidates", None)
    if found is None:
        found = [(r, *_build_columns(rows, r)) for r in range(min(len(rows), MAX_HEADER_SCAN))
                 if _has_two_labels(rows[r])]
        if isinstance(rows, Rows):
            rows.header_candidates = found
    return found


# how many rows below a header are looked at to see whether a column has values
FILL_SAMPLE = 200


def _filled_below(rows: list[list[object]], leaf_row: int) -> Callable[[int], bool]:
    below = rows[leaf_row + 1: leaf_row + 1 + FILL_SAMPLE]
    found: dict[int, bool] = {}

    def filled(index: int) -> bool:
        if index not in found:
            found[index] = any(index < len(row) and not is_blank(row[index]) for row in below)
        return found[index]

    return filled


def _next_filled_row(rows: list[list[object]], r: int) -> int | None:
    for below in range(r + 1, min(len(rows), r + 3)):
        if any(not is_blank(v) for v in rows[below]):
            return below
    return None


def _cell_shape(value: object) -> str:
    """What a cell holds, judged from its text as much as its type (in a CSV every cell is text)."""
    if isinstance(value, (dt.date, dt.time)):
        return "date"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    try:
        parse_number(value)
        return "number"
    except BadValue:
        pass
    try:
        parse_date(value)
        return "date"
    except BadValue:
        return "text"


def _shares_shape(row: list[object], other: list[object]) -> bool:
    """Whether two rows hold the same kinds of thing in mostly the same columns, as lines of one table do."""
    mine = {c: v for c, v in enumerate(row) if not is_blank(v)}
    theirs = {c: v for c, v in enumerate(other) if not is_blank(v)}
    both = mine.keys() & theirs.keys()
    if len(both) < 2 or 3 * len(both) < 2 * max(len(mine), len(theirs)):
        return False
    alike = sum(1 for c in both if _cell_shape(mine[c]) == _cell_shape(theirs[c]))
    return 5 * alike >= 4 * len(both)


def _whole_header_matches(kind: Kind, mapping: dict[str, Column]) -> int:
    """How many mapped columns are headed by one of their field's aliases exactly."""
    return sum(1 for name, col in mapping.items()
               if any(col.padded_leaf == alias for alias, _ in _field_words(kind.field(name)).aliases))


def _is_a_data_row(kind: Kind, rows: list[list[object]], leaf_row: int, mapping: dict[str, Column]) -> bool:
    """A row that shares its shape with the row below it and whose cells are not the kind's headers is a line of
    the table, not its header: in a CSV every cell is text, so a first data row would otherwise pass for a
    header's last row, its values mapping columns ("http://.../service/..." as a Service type)."""
    below = _next_filled_row(rows, leaf_row)
    if below is None or not _shares_shape(rows[leaf_row], rows[below]):
        return False
    whole = _whole_header_matches(kind, mapping)
    return whole < 2 or 3 * whole < len(mapping)


def find_layout(kind: Kind, rows: list[list[object]], forced: dict[str, int] | None = None) -> Layout | None:
    """The best header for this kind among the sheet's first rows, or None when nothing looks like one.

    A header is judged by its words (the kind's aliases) and by what is below it: a row that shares its shape with
    the rows below it is one of them, and a header with no rows below it is taken only when no header has any."""
    best: Layout | None = None
    best_without_rows: Layout | None = None
    any_with_rows = False
    for r, block, columns in _header_candidates(rows):
        columns = list(columns)
        has_rows = any(not is_blank(v) for i in range(r + 1, len(rows)) for v in rows[i])
        any_with_rows = any_with_rows or has_rows
        mapping = map_columns(kind, columns, forced, _filled_below(rows, r))
        if not mapping or _is_a_data_row(kind, rows, r, mapping):
            continue
        missing = missing_fields(kind, mapping)
        score = sum(_score(kind.field(n), c) or 100 for n, c in mapping.items()) - 1000 * len(missing)
        found = Layout(block, mapping, columns, score, missing)
        if not has_rows:
            if best_without_rows is None or score > best_without_rows.score:
                best_without_rows = found
            continue
        extends_best = best is not None and score == best.score and best.header_rows[-1] in block
        if best is None or score > best.score or extends_best:
            best = found
    if best is None and not any_with_rows:  # a header alone (a template, or a table not yet filled in)
        best = best_without_rows
    if best is not None and best.missing and not _whole_header_matches(kind, best.columns):
        # only words inside cells matched ('Project Officer' for a scheme): no header of this kind, and the sheet's
        # own header row, not this one, is the one to name
        apparent = apparent_header(rows)
        if apparent is not None and apparent[0] != best.header_rows[-1]:
            return None
    if best is not None:
        title = " ".join(clean_text(v) for row in rows[: best.header_rows[0]] for v in row if not is_blank(v))
        best.units = _units(kind, best.columns, title)
        best.twins = twin_columns(kind, best, forced, _filled_below(rows, best.header_rows[-1]))
        best.near = _near_misses(kind, best)
    return best


def _near_misses(kind: Kind, layout: Layout) -> dict[str, list[tuple[Column, str]]]:
    names = [name for item in layout.missing for name in item.split(" or ")]
    used = {c.index for c in layout.columns.values()}
    return near_misses(kind, names, [c for c in layout.all_columns if c.index not in used])


def near_misses(kind: Kind, names: list[str], columns: list[Column]) -> dict[str, list[tuple[Column, str]]]:
    """For each field named: the columns that only mention one of its words (weak matches), with that word."""
    near = {}
    for name in names:
        found = [(col, weak) for col in columns if (weak := _match(kind.field(name), col)[1])]
        if found:
            near[name] = found
    return near


_WITH_LETTER = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]{1,3})\s*\)$")


def columns_headed(rows: list[list[object]], header: str) -> list[int]:
    """The columns whose header (a cell among the sheet's first rows) is `header` as a person typed it: spaces and
    case aside, or failing that word for word; "Annual Budget £000 (D)" names column D of twins."""
    letter = None
    if m := _WITH_LETTER.match(header):
        header, letter = m.group(1), m.group(2).upper()
    wanted = " ".join(header.split()).casefold()
    words = header_words(header)
    found: dict[int, bool] = {}  # column -> whether it matched exactly
    for row in rows[:MAX_HEADER_SCAN]:
        for c, value in enumerate(row):
            if isinstance(value, str) and not is_blank(value):
                text = " ".join(value.split()).casefold()
                if text == wanted or (words and header_words(value) == words):
                    found[c] = found.get(c, False) or text == wanted
    exact = [c for c, same in found.items() if same]
    columns = sorted(exact or found)
    if letter is not None:
        columns = [c for c in columns if column_letter(c) == letter]
    return columns


def apparent_header(rows: list[list[object]]) -> tuple[int, list[Column]] | None:
    """The row that looks most like a header whatever the kind, for saying what a sheet holds when it holds no
    table of the kind asked for: a row of labels with rows below it that differ from it, the most labels first."""
    best, best_key = None, None
    for r, _block, columns in _header_candidates(rows):
        below = _next_filled_row(rows, r)
        if below is None:
            continue
        key = (not _shares_shape(rows[r], rows[below]), len(columns), -r)
        if best_key is None or key > best_key:
            best, best_key = (r, columns), key
    return best


def twin_columns(kind: Kind, layout: Layout, forced: dict[str, int] | None = None,
                 filled: Callable[[int], bool] | None = None) -> list[tuple[str, Column, list[Column]]]:
    """(field, its column, the other columns) where columns with the same header fit a field equally well:
    the first was taken only because it comes first. Fields matched by hand are not guesses, and an empty column
    beside a filled one is no rival."""
    twins = []
    for name, chosen in layout.columns.items():
        if name in (forced or {}):
            continue
        fld = kind.field(name)
        same = [c for c in layout.all_columns if c.index != chosen.index and c.padded_leaf == chosen.padded_leaf
                and _score(fld, c) == _score(fld, chosen) and (filled is None or filled(c.index)
                                                               or not filled(chosen.index))]
        if same:
            twins.append((name, chosen, same))
    return twins


def title_text(rows: list[list[object]], layout: Layout) -> list[str]:
    """Texts above the table then in its header, for the reporting date."""
    above = [clean_text(v) for row in rows[: layout.header_rows[0]] for v in row if not is_blank(v)]
    header = [clean_text(v) for r in layout.header_rows for v in rows[r] if not is_blank(v)]
    return above + header
