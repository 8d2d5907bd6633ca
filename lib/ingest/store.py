"""Comparing parsed records with the store, and writing them as one batch.

The comparison (what would be added, changed, removed, left alone) is the dry run; committing runs the
same comparison again inside the write transaction, so it always applies to the store as it is then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from .. import db
from ..history import BatchInfo, RowWrite, write_batch
from ..models import DATA_TABLES, ImportBatch
from .kinds import Kind
from .layout import normalise


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


def row_key(kind: Kind, row: dict) -> tuple:
    return tuple(normalise(str(row.get(k) or "")) for k in kind.key)


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return False
        return math.isclose(float(a), float(b), abs_tol=0.005)
    return a == b


def table_row(kind: Kind, record: dict, scope_value, line_no: int) -> dict:
    table = DATA_TABLES[kind.table].__table__
    row = {k: v for k, v in record.items() if k in table.columns and k not in ("id", "batch_id")}
    if kind.scope and scope_value is not None:
        row[kind.scope] = scope_value
    if "line_no" in table.columns:
        row["line_no"] = line_no
    return row


def compare(conn: Connection, kind: Kind, records: list[dict], scope_value=None) -> Plan:
    table = DATA_TABLES[kind.table].__table__
    query = select(table)
    if kind.scope and scope_value is not None:
        query = query.where(table.c[kind.scope] == scope_value)
    elif kind.scope:  # each record carries its own scope (a week): replace every scope the file holds
        scopes = sorted({r.get(kind.scope) for r in records if r.get(kind.scope) is not None})
        query = query.where(table.c[kind.scope].in_(scopes))
    existing = {row_key(kind, dict(r)): dict(r) for r in conn.execute(query).mappings()}
    # a file without the section column still matches its lines by the rest of the key, when that is unique
    loose: dict[tuple, list[tuple]] = {}
    for key in existing:
        loose.setdefault(_loose_key(kind, key), []).append(key)
    data_columns = [c.name for c in table.columns if c.name not in ("id", "batch_id")]
    changes = []
    seen = set()
    for line_no, record in enumerate(records, start=1):
        new = table_row(kind, record, scope_value, line_no)
        key = row_key(kind, new)
        if key not in existing and len(candidates := loose.get(_loose_key(kind, key), [])) == 1:
            if kind.section_field and not new.get(kind.section_field):
                key = candidates[0]
        seen.add(key)
        old = existing.get(key)
        if old is None:
            changes.append(Change("add", key, None, new))
            continue
        if kind.scope:  # a whole report: the new line replaces the old one, blanks included
            target = {c: new.get(c) for c in data_columns}
        else:  # rows matched by reference: a blank or missing cell leaves the stored value
            target = {c: (new[c] if new.get(c) is not None else old.get(c)) for c in data_columns}
        altered = [c for c in data_columns if not _same(old.get(c), target.get(c))]
        if altered:
            changes.append(Change("change", key, old, {**old, **target}, altered))
        else:
            changes.append(Change("same", key, old, old))
    if kind.scope:
        changes.extend(Change("remove", k, old, None) for k, old in existing.items() if k not in seen)
    if scope_value is None and kind.scope:
        scopes = sorted({str(r.get(kind.scope)) for r in records if r.get(kind.scope) is not None})
        scope_value = scopes[0] if len(scopes) == 1 else f"{scopes[0]} to {scopes[-1]}" if scopes else None
    return Plan(kind.name, str(scope_value) if scope_value is not None else None, changes)


def _loose_key(kind: Kind, key: tuple) -> tuple:
    return tuple(v for name, v in zip(kind.key, key) if name != kind.section_field)


def _newest_batch(conn: Connection) -> int:
    return conn.execute(select(func.coalesce(func.max(ImportBatch.__table__.c.id), 0))).scalar_one()


def preview(engine: Engine, kind: Kind, records: list[dict], scope_value=None) -> Plan:
    with engine.connect() as conn:
        newest = _newest_batch(conn)  # read first: if a write lands meanwhile, commit sees a newer batch and redoes it
        plan = compare(conn, kind, records, scope_value)
        plan.as_of_batch = newest
        return plan


def commit(engine: Engine, kind: Kind, records: list[dict], scope_value, info: BatchInfo,
           previewed: Plan | None = None) -> tuple[int, Plan]:
    """Write the records as one batch in one transaction; returns the batch number and what it did. The preview's
    plan is used when no batch has been written since it was worked out (every write is a batch); otherwise the
    comparison is made again inside the write, so what is written always matches the store it is written to."""
    with db.write(engine) as conn:
        if previewed is not None and previewed.as_of_batch is not None and previewed.as_of_batch == _newest_batch(conn):
            plan = previewed
        else:
            plan = compare(conn, kind, records, scope_value)
        writes = [RowWrite(kind.table, c.before, c.after) for c in plan.changes if c.op != "same"]
        info.unchanged = plan.count("same")
        info.scope = plan.scope
        batch_id = write_batch(conn, info, writes)
    return batch_id, plan
