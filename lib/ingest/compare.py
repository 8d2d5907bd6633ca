"""Comparing parsed records with the store, and writing them as one batch.

The comparison (what would be added, changed, removed, left alone) is the dry run; committing writes it when the store
has not changed since (checked inside the write transaction), and otherwise compares again, so that it always applies
to the store as it is then. The comparison is kept outside the write lock, which is held for the write alone.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ..store.batches import BatchInfo, RowWrite, newest_batch, write_batch
from ..store.engine import write
from .fields import Kind
from .layout import normalise
from .values import untidy


@dataclass
class Change:
    op: str  # add, change, remove, same
    key: tuple
    before: dict | None
    after: dict | None
    fields: list[str] = field(default_factory=list)  # the fields a change alters


@dataclass
class Plan:
    kind: str
    scope: str | None
    changes: list[Change]
    as_of_batch: int | None = None  # the newest batch when it was worked out: still true while that is newest

    def count(self, op: str) -> int:
        return sum(1 for c in self.changes if c.op == op)

    def summary(self) -> str:
        return (f"{self.count('add')} added, {self.count('change')} changed, {self.count('remove')} removed, "
                f"{self.count('same')} left alone")


def key_fields(kind: Kind) -> tuple[str, ...]:
    """The fields that identify a row: the kind's key, within its scope (a report's date, a week)."""
    return kind.key + ((kind.scope,) if kind.scope and kind.scope not in kind.key else ())


def exact_key(kind: Kind, row: dict) -> tuple:
    """A row's key as written, ignoring only case and runs of spaces."""
    return tuple(" ".join(str(row.get(k) or "").split()).casefold() for k in key_fields(kind))


def exact_keys(kind: Kind, rows: list[dict]) -> list[tuple]:
    """exact_key of each row, a key field at a time: keys of tidy text (the usual) are folded together."""
    columns = []
    for name in key_fields(kind):
        values = [row.get(name) for row in rows]
        texts = [v if v.__class__ is str else str(v or "") for v in values]
        joined = "\x00".join(texts)
        if joined.count("\x00") == len(texts) - 1 and not untidy(joined):  # (no key holds a "\x00" itself)
            columns.append(joined.casefold().split("\x00"))
        else:
            columns.append([" ".join(t.split()).casefold() for t in texts])
    return list(zip(*columns))


def row_key(kind: Kind, row: dict) -> tuple:
    """A row's key as words ("Older People's Services" matches "Older Peoples services", "C-001" matches "C 001"); a
    value with no letters or digits to compare ("!!!", a reference in Arabic script) is kept as written, so that two
    such keys never collide."""
    return tuple(normalise(text) or " ".join(text.split()).casefold()
                 for text in (str(row.get(k) or "") for k in key_fields(kind)))


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return False
        return math.isclose(float(a), float(b), abs_tol=0.005)
    return a == b


def table_rows(kind: Kind, records: list[dict], scope_value) -> list[dict]:
    """table_row of each record, numbered from 1."""
    names = frozenset(c.name for c in kind.table_obj.columns) - {"id", "batch_id"}
    if set().union(*records) <= names | {"_row", "_key"}:  # the usual: copies without the row's place
        rows = [record.copy() for record in records]
        for row in rows:
            row.pop("_row", None)
            row.pop("_key", None)
    else:
        rows = [{k: v for k, v in record.items() if k in names} for record in records]
    if kind.scope and scope_value is not None:
        for row in rows:
            row[kind.scope] = scope_value
    if "line_no" in names:
        for line_no, row in enumerate(rows, start=1):
            row["line_no"] = line_no
    return rows


def compare(conn: Connection, kind: Kind, records: list[dict], scope_value=None) -> Plan:
    """What writing `records` would do to the store as it is on `conn`. Rows are matched by their key as written; a
    key written differently ("C-001" for "C 001", a line without its section) matches by its words only where that is
    unambiguous: one stored row and one row of the file have those words."""
    table = kind.table_obj
    query = select(table)
    if kind.scope and scope_value is not None:
        query = query.where(table.c[kind.scope] == scope_value)
    elif kind.scope:  # each record carries its own scope (a week): replace every scope the file holds
        scopes = sorted({r.get(kind.scope) for r in records if r.get(kind.scope) is not None})
        query = query.where(table.c[kind.scope].in_(scopes))
    result = conn.execute(query)
    names = list(result.keys())
    existing = [dict(zip(names, row)) for row in result]
    by_exact = dict(zip(exact_keys(kind, existing), existing))
    by_words: dict[tuple, list[dict]] = defaultdict(list)
    by_loose: dict[tuple, list[dict]] = defaultdict(list)
    new_rows = table_rows(kind, records, scope_value)
    new_exact = exact_keys(kind, new_rows) if existing else [()] * len(new_rows)  # nothing stored: all added
    fields = key_fields(kind)
    counted: list[tuple[Counter, Counter]] = []

    def file_counts() -> tuple[Counter, Counter]:
        """How many of the file's keys, and of the stored rows, have each key's words: made only when a row's
        exact key is not stored (a first import into an empty store, or a file matching by exact keys, never needs
        them)."""
        if not counted:
            for row in existing:
                words = row_key(kind, row)
                by_words[words].append(row)
                by_loose[_loose_key(kind, words)].append(row)
            words_of = [row_key(kind, dict(zip(fields, k))) for k in set(new_exact)]
            counted.append((Counter(words_of), Counter(_loose_key(kind, w) for w in words_of)))
        return counted[0]

    data_columns = [c.name for c in table.columns if c.name not in ("id", "batch_id")]
    changes = []
    matched: set[int] = set()
    labels = list(zip(*([v if v.__class__ is str else str(v or "") for v in (row.get(k) for row in new_rows)]
                        for k in kind.key))) if kind.key else [()] * len(new_rows)
    for new, exact, label in zip(new_rows, new_exact, labels):
        old = by_exact.get(exact)
        if old is None and existing:
            file_words, file_loose = file_counts()
            words = row_key(kind, new)
            if file_words[words] == 1 and len(by_words[words]) == 1:
                old = by_words[words][0]
            loose = _loose_key(kind, words)
            if (old is None and kind.section_field and not new.get(kind.section_field) and file_loose[loose] == 1
                    and len(by_loose[loose]) == 1):
                old = by_loose[loose][0]  # a file without the section column matches its lines by the rest of the key
        if old is not None and old["id"] in matched:
            old = None  # already matched by another row of the file
        if old is None:
            changes.append(Change("add", label, None, new))
            continue
        matched.add(old["id"])
        # (equal values are the same; _same is asked only about the others)
        if kind.scope:  # a whole report: the new line replaces the old one, blanks included
            altered = [c for c in data_columns if not ((a := old.get(c)) == (b := new.get(c)) or _same(a, b))]
        else:  # rows matched by reference: a blank or missing cell leaves the stored value
            altered = [c for c in data_columns
                       if not ((a := old.get(c)) == (b := a if (v := new.get(c)) is None else v) or _same(a, b))]
        if altered:
            if kind.scope:
                target = {c: new.get(c) for c in data_columns}
            else:
                target = {c: (new[c] if new.get(c) is not None else old.get(c)) for c in data_columns}
            changes.append(Change("change", label, old, {**old, **target}, altered))
        else:
            changes.append(Change("same", label, old, old))
    if kind.scope:
        changes.extend(Change("remove", tuple(str(old.get(k) or "") for k in kind.key), old, None)
                       for old in existing if old["id"] not in matched)
    if scope_value is None and kind.scope:
        scopes = sorted({str(r.get(kind.scope)) for r in records if r.get(kind.scope) is not None})
        scope_value = scopes[0] if len(scopes) == 1 else f"{scopes[0]} to {scopes[-1]}" if scopes else None
    return Plan(kind.name, str(scope_value) if scope_value is not None else None, changes)


def _loose_key(kind: Kind, key: tuple) -> tuple:
    return tuple(v for name, v in zip(key_fields(kind), key) if name != kind.section_field)


def preview(engine: Engine, kind: Kind, records: list[dict], scope_value=None) -> Plan:
    with engine.connect() as conn:
        newest = newest_batch(conn)  # read first: if a write lands meanwhile, commit sees a newer batch and redoes it
        plan = compare(conn, kind, records, scope_value)
        plan.as_of_batch = newest
        return plan


FRESH_TRIES = 3  # comparisons made again outside the lock when other batches keep landing, before one inside it


def commit(engine: Engine, kind: Kind, records: list[dict], scope_value, info: BatchInfo,
           previewed: Plan | None = None) -> tuple[int, Plan]:
    """Write the records as one batch in one transaction; returns the batch number and what it did. The lock is held for
    the write alone: the preview's plan is written when no batch has landed since it was worked out (every write is a
    batch); when one has, the comparison is made again outside the lock and checked again inside it. Only when
    batches keep landing meanwhile is it made inside the lock, so that what is written always matches the store."""
    plan = previewed if previewed is not None and previewed.as_of_batch is not None else None
    what = info.describe()
    for _ in range(FRESH_TRIES):
        if plan is None:
            plan = preview(engine, kind, records, scope_value)
        with write(engine, what) as conn:
            if plan.as_of_batch == newest_batch(conn):
                return _write_plan(conn, kind, plan, info), plan
        plan = None  # a batch landed since: compare again, outside the lock
    with write(engine, what) as conn:
        plan = compare(conn, kind, records, scope_value)
        return _write_plan(conn, kind, plan, info), plan


def _write_plan(conn: Connection, kind: Kind, plan: Plan, info: BatchInfo) -> int:
    name = kind.table
    writes = [RowWrite(name, c.before, c.after) for c in plan.changes if c.op != "same"]
    info.unchanged = plan.count("same")
    info.scope = plan.scope
    return write_batch(conn, info, writes)
