"""Problems found while reading a spreadsheet, and the one exception that carries them.

Every problem names where it is (file, sheet, the spreadsheet's own row number, the column by
its header and letter), what was found and what was expected, so that a person can go
straight to the cell. Problems are collected, never raised one at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

# Characters a terminal or a page would act on instead of showing: C0 and C1 controls (ESC starts terminal
# escape sequences), DEL, and the invisible marks that reorder or break lines (bidirectional overrides).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def safe_text(text: str) -> str:
    """Text from a file as one printable line: control characters shown as visible escapes (ESC as \\x1b)."""
    return _UNSAFE.sub(_escape, text)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def describe_line(parts: list[tuple[int, str, str]], column_index: int | None, text: str = "") -> str | None:
    """A row's key for a problem about it: (column, field label, value as written) parts, leaving out the column the
    problem is about (its value is shown already) and any value the message names already."""
    shown = [f"{label.rstrip(' £').lower()} '{_show(value)}'" for index, label, value in parts
             if index != column_index and f"'{value}'" not in text]
    return ", ".join(shown) or None


def _show(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return safe_text(text)


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # the column's header text
    column_index: int | None = None  # 0-based
    value: object = None
    expected: str | None = None
    warning: bool = False
    code: str | None = None  # lets a page react to a kind of problem (e.g. "needs_as_at")
    line: str | None = None  # the row's key, to find it in a long sheet: "reference 'C-002'"

    def __post_init__(self) -> None:
        # every text here may come from the file (its name, sheet names, headers, cells): made safe once, so that
        # whatever turns a problem into text (the command line, the upload page, the history) shows it plainly
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                object.__setattr__(self, f.name, safe_text(value))

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None or self.column_index is not None:
            letter = f" ({column_letter(self.column_index)})" if self.column_index is not None else ""
            name = f"'{self.column}'" if self.column else ""
            parts.append(f"column {name}{letter}".replace("column  (", "column ("))
        where = ", ".join(parts)
        of_line = f", in the line for {self.line}" if self.line else ""
        if self.expected is not None:
            return f"{where}: found '{_show(self.value)}', expected {self.expected}{of_line}"
        return f"{where}: {self.message}{of_line}"


class ImportRefused(Exception):
    """The file cannot be imported; nothing was changed. Carries every problem found."""

    def __init__(self, problems: list[Problem], columns: list | None = None, looks_like: str | None = None):
        self.problems = [p for p in problems if not p.warning]
        self.warnings = [p for p in problems if p.warning]
        self.columns = columns or []  # the header's columns, when the refusal is about missing ones
        self.looks_like = looks_like  # the kind the file has every column of, when it is not the one asked for
        super().__init__("\n".join(str(p) for p in self.problems))
