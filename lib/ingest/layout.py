"""Finding the table in a sheet: which row is the header, which rows above it group its columns, and
which column is which field.

Council sheets put title rows above the table and often a grouped header over two or three rows
(Expenditure / Income / Net, each over a "Profiled Budget £000"). Every column gets a full label made of
its own header cell and the group labels above it, and fields are matched to columns by their aliases,
best matches first, each column used once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from .fields import AMOUNT, Kind
from .values import BadValue, clean_text, is_blank, parse_number

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
        return f" {normalise(self.leaf)} "

    @cached_property
    def padded_full(self) -> str:
        return f" {normalise(self.full)} "

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


def _score(fld, column: Column) -> float:
    words = _field_words(fld)
    leaf, full = column.padded_leaf, column.padded_full
    if any(word in full for word in words.avoid):
        return 0.0
    best = 0.0
    for alias, count in words.aliases:
        if leaf == alias:
            score = 100 + count
        elif alias in leaf:
            score = 50 + 5 * count
        elif alias in full:
            score = 20 + 5 * count
        else:
            continue
        best = max(best, score)
    if best and words.prefer and any(word in full for word in words.prefer):
        best += 10
    return best


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


def map_columns(kind: Kind, columns: list[Column], forced: dict[str, int] | None = None) -> dict[str, Column]:
    """Assign columns to fields: best-scoring pairs first, each column and field used once; ties go left (and
    to the field listed first)."""
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
                pairs.append((-score, col.index, position, fld.name, col))
    for _neg, index, _position, name, col in sorted(pairs, key=lambda p: p[:3]):
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
    """A sheet's rows as the reader gives them: a list that also keeps its header candidates once they are
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


def find_layout(kind: Kind, rows: list[list[object]], forced: dict[str, int] | None = None) -> Layout | None:
    """The best header for this kind among the sheet's first rows, or None when nothing looks like one."""
    best: Layout | None = None
    for _r, block, columns in _header_candidates(rows):
        columns = list(columns)
        mapping = map_columns(kind, columns, forced)
        if not mapping:
            continue
        missing = missing_fields(kind, mapping)
        score = sum(_score(kind.field(n), c) or 100 for n, c in mapping.items()) - 1000 * len(missing)
        extends_best = best is not None and score == best.score and best.header_rows[-1] in block
        if best is None or score > best.score or extends_best:
            best = Layout(block, mapping, columns, score, missing)
    if best is not None:
        title = " ".join(clean_text(v) for row in rows[: best.header_rows[0]] for v in row if not is_blank(v))
        best.units = _units(kind, best.columns, title)
        best.twins = twin_columns(kind, best, forced)
    return best


def twin_columns(kind: Kind, layout: Layout, forced: dict[str, int] | None = None) -> list[tuple[str, Column,
                                                                                               list[Column]]]:
    """(field, its column, the other columns) where columns with the same header fit a field equally well:
    the first was taken only because it comes first. Fields matched by hand are not guesses."""
    twins = []
    for name, chosen in layout.columns.items():
        if name in (forced or {}):
            continue
        fld = kind.field(name)
        same = [c for c in layout.all_columns if c.index != chosen.index and c.padded_leaf == chosen.padded_leaf
                and _score(fld, c) == _score(fld, chosen)]
        if same:
            twins.append((name, chosen, same))
    return twins


def title_text(rows: list[list[object]], layout: Layout) -> list[str]:
    """Texts above the table then in its header, for the reporting date."""
    above = [clean_text(v) for row in rows[: layout.header_rows[0]] for v in row if not is_blank(v)]
    header = [clean_text(v) for r in layout.header_rows for v in rows[r] if not is_blank(v)]
    return above + header
