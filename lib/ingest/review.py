"""What a report leaves out: the lines of the previous report (the stored reporting date before this one) that are
not in this one. A budget report is a whole picture, so a file holding three of its ten lines would otherwise import
without a word and its partial totals become the headline. Used by the kinds' review (a warning before the import)
and by the pages (where the report's totals show)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from .fields import Kind
from .layout import normalise

SHOWN_NAMES = 10


@dataclass(frozen=True)
class Missing:
    previous_date: dt.date
    previous_lines: int  # how many lines the previous report had
    kept: int  # how many of them this report has
    names: list[str]  # the previous report's lines this one lacks, as the store has them

    def names_text(self) -> str:
        shown = ", ".join(f"'{name}'" for name in self.names[:SHOWN_NAMES])
        more = len(self.names) - SHOWN_NAMES
        return shown + (f" and {more} more" if more > 0 else "")


def _line_fields(kind: Kind) -> tuple[str, ...]:
    """What names a line whatever its section: the key without the section carried down (a report without section
    rows is still the same report)."""
    return tuple(n for n in kind.key if n != kind.section_field)


def _identities(kind: Kind, line: dict) -> set[tuple[str, str]]:
    return {(name, normalise(str(line[name]))) for name in _line_fields(kind) if line.get(name)}


def _line_name(kind: Kind, line: dict) -> str:
    return " ".join(str(line[n]) for n in _line_fields(kind) if line.get(n)) or "?"


def missing_lines(kind: Kind, previous: list[dict], current: list[dict]) -> list[dict]:
    """The previous report's lines that no line of the current one names (by any of its key's words)."""
    present = set().union(*(_identities(kind, line) for line in current)) if current else set()
    return [line for line in previous if not (_identities(kind, line) & present)]


def _previous(engine: Engine, kind: Kind, scope_value: dt.date) -> tuple[dt.date | None, list[dict]]:
    table = kind.table_obj
    column = table.c[kind.scope]
    with engine.connect() as conn:
        previous = conn.execute(select(func.max(column)).where(column < scope_value)).scalar()
        if previous is None:
            return None, []
        rows = [dict(r) for r in conn.execute(select(table).where(column == previous)
                                              .order_by(table.c.line_no)).mappings()]
    return previous, rows


def compared_with_previous(engine: Engine, kind: Kind, lines: list[dict], scope_value: dt.date) -> Missing | None:
    """How this report's lines compare with the previous stored report's, when some of those are missing."""
    previous_date, previous = _previous(engine, kind, scope_value)
    if previous_date is None:
        return None
    gone = missing_lines(kind, previous, lines)
    if not gone:
        return None
    if isinstance(previous_date, dt.datetime):
        previous_date = previous_date.date()
    return Missing(previous_date, len(previous), len(previous) - len(gone), [_line_name(kind, g) for g in gone])


def lines_left_out(engine: Engine, kind: Kind, records: list[dict], scope_value) -> list[str]:
    """A kind's review: a warning, before the import, naming the lines of the previous report this one lacks."""
    if not isinstance(scope_value, dt.date):
        return []
    found = compared_with_previous(engine, kind, records, scope_value)
    if found is None:
        return []
    count = len(records)
    return [f"this report has {count} line{'s' if count != 1 else ''} where the report as at "
            f"{found.previous_date:%d %B %Y} had {found.previous_lines}: {found.names_text()} "
            f"{'is' if len(found.names) == 1 else 'are'} not in it. If the file holds only part of the report, "
            "its totals will be shown as partial; import the whole report to replace it"]
