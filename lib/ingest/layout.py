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
from functools import lru_cache

from .fields import AMOUNT, Kind
from .values import BadValue, clean_text, is_blank, parse_number

MAX_HEADER_SCAN = 40
MAX_GROUP_ROWS = 3

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


def _contains_phrase(haystack: str, phrase: str) -> bool:
    return re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", haystack) is not None


@dataclass
class Column:
    index: int
    leaf: str  # its own header cell
    groups: tuple[str, ...]  # labels above it, outermost first
    header_row: int  # 0-based row of the leaf cell

    @property
    def full(self) -> str:
        return " / ".join((*self.groups, self.leaf))


@dataclass
class Layout:
    header_rows: tuple[int, ...]  # 0-based rows of the header block
    columns: dict[str, Column]  # field name -> column
    all_columns: list[Column]
    score: float
    missing: list[str] = field(default_factory=list)  # required fields not found
    units: dict[str, int] = field(default_factory=dict)  # money field -> multiplier to pounds

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
    when they are header-like (two or more text cells, nothing else)."""
    block = [leaf_row]
    for r in range(leaf_row - 1, max(-1, leaf_row - 1 - MAX_GROUP_ROWS), -1):
        cells = [v for v in rows[r] if not is_blank(v)]
        if len(cells) < 2 or not all(_is_text_label(v) for v in cells):
            break
        block.insert(0, r)
    width = max(len(rows[r]) for r in block)
    grid = [[clean_text(rows[r][c]) if c < len(rows[r]) and not is_blank(rows[r][c]) else "" for c in range(width)]
            for r in block]
    # columns that belong to the header: any cell filled in the block
    used = [any(grid[i][c] for i in range(len(block))) for c in range(width)]
    columns = []
    filled = [row[:] for row in grid]
    for i in range(len(block) - 1):  # group rows span to the right over their columns (merged cells)
        current = ""
        for c in range(width):
            if grid[i][c]:
                current = grid[i][c]
            elif not used[c]:
                current = ""
            elif any(grid[j][c] for j in range(i + 1, len(block))):
                filled[i][c] = current
            else:
                current = ""
    for c in range(width):
        if not used[c]:
            continue
        levels = [i for i in range(len(block)) if grid[i][c]]
        leaf_level = levels[-1]
        groups = tuple(dict.fromkeys(filled[i][c] for i in range(leaf_level) if filled[i][c]))
        columns.append(Column(c, grid[leaf_level][c], groups, block[leaf_level]))
    return tuple(block), columns


def _score(fld, column: Column) -> float:
    leaf = normalise(column.leaf)
    full = normalise(column.full)
    if any(_contains_phrase(full, normalise(word)) for word in fld.avoid):
        return 0.0
    best = 0.0
    for alias in fld.aliases:
        a = normalise(alias)
        words = len(a.split())
        if leaf == a:
            score = 100 + words
        elif _contains_phrase(leaf, a):
            score = 50 + 5 * words
        elif _contains_phrase(full, a):
            score = 20 + 5 * words
        else:
            continue
        best = max(best, score)
    if best and fld.prefer and any(_contains_phrase(full, normalise(w)) for w in fld.prefer):
        best += 10
    return best


def map_columns(kind: Kind, columns: list[Column], forced: dict[str, int] | None = None) -> dict[str, Column]:
    """Assign columns to fields: best-scoring pairs first, each column and field used once; ties go left."""
    mapping: dict[str, Column] = {}
    taken: set[int] = set()
    by_index = {c.index: c for c in columns}
    for name, index in (forced or {}).items():
        if index in by_index:
            mapping[name] = by_index[index]
            taken.add(index)
    pairs = []
    for fld in kind.fields:
        if fld.name in mapping:
            continue
        for col in columns:
            score = _score(fld, col)
            if score:
                pairs.append((-score, col.index, fld.name, col))
    for _neg, index, name, col in sorted(pairs, key=lambda p: (p[0], p[1])):
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


def find_layout(kind: Kind, rows: list[list[object]], forced: dict[str, int] | None = None) -> Layout | None:
    """The best header for this kind among the sheet's first rows, or None when nothing looks like one."""
    best: Layout | None = None
    for r in range(min(len(rows), MAX_HEADER_SCAN)):
        if sum(1 for v in rows[r] if _is_text_label(v)) < 2:
            continue
        block, columns = _build_columns(rows, r)
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
    return best


def title_text(rows: list[list[object]], layout: Layout) -> list[str]:
    """Texts above the table then in its header, for the reporting date."""
    above = [clean_text(v) for row in rows[: layout.header_rows[0]] for v in row if not is_blank(v)]
    header = [clean_text(v) for r in layout.header_rows for v in rows[r] if not is_blank(v)]
    return above + header
