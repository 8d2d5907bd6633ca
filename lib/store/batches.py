"""Batches: every write to the store is one numbered batch that keeps the previous version of each row it
touched, so that `undo` restores exactly what was there before. Imports, in-app edits and the demo load
all write through `write_batch`; undo is itself a batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING

import orjson
from sqlalchemy import Date, DateTime, Integer, String, Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.engine import Connection, Engine

from ..errors import Refused
from ..fmt import DASH, missing
from . import audit
from .access import Actor, require
from .engine import announce, new_ids, write
from .schema import ImportBatch, RowChange, Setting, table

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd

BATCH = ImportBatch.__table__
CHANGE = RowChange.__table__
SETTING = Setting.__table__
IN_CHUNK = 10_000  # ids in one "id IN (...)"


class UndoRefused(Refused):
    """The batch cannot be undone (unknown, already undone, or a later batch changed the same rows)."""

    def __init__(self, message: str, *, usage: bool = False):
        super().__init__(message)
        self.usage = usage  # the request itself was wrong (exit status 2), rather than refused


@dataclass(slots=True)
class RowWrite:
    """One row to add (before None), change, or remove (after None). Values are column -> value."""

    table: str
    before: dict | None
    after: dict | None

    @property
    def op(self) -> str:
        return "add" if self.before is None else "remove" if self.after is None else "change"


@dataclass
class BatchInfo:
    kind: str
    action: str
    who: str
    file_name: str | None = None
    sheet: str | None = None
    scope: str | None = None
    title: str | None = None
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    undoes: int | None = None

    def describe(self) -> str:
        """The batch in words, for anyone waiting for it: 'an import of contracts by app:Jane from register.xlsx'."""
        if self.action == "undo":
            what = f"an undo of batch {self.undoes}" if self.undoes else "an undo"
        elif self.action == "import":
            what = f"an import of {self.kind}"
        elif self.action == "demo":
            what = "the demo data being loaded"
        else:
            article = "an" if self.action[:1] in "aeiou" else "a"
            what = f"{article} {self.action} of {self.kind}"
        source = f" from {self.file_name}" if self.file_name and self.action == "import" else ""
        return f"{what} by {self.who}{source}"


def _plain(value):
    """pandas and numpy values that reach a row (from a table editor, say) as the plain values they stand for."""
    import pandas as pd
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"a {type(value).__name__} cannot go in the history")


def to_json(row: dict | None) -> str | None:
    """A row as JSON for the history (dates as ISO text). orjson: a 50,000-row import writes 50,000 of these."""
    return None if row is None else orjson.dumps(row, default=_plain, option=orjson.OPT_SORT_KEYS).decode()


def from_json(table_name: str, text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        row = orjson.loads(text)
    except orjson.JSONDecodeError:  # history written by the standard library, which allows NaN
        row = json.loads(text)
    columns = table(table_name).columns
    for name, value in row.items():
        if value is None or name not in columns:
            continue
        if isinstance(columns[name].type, DateTime):
            row[name] = dt.datetime.fromisoformat(value)
        elif isinstance(columns[name].type, Date):
            row[name] = dt.date.fromisoformat(value)
    return row


# types whose equal values are the same value (unlike 1 and 1.0, or the same moment in two time zones)
_PLAIN_TYPES = frozenset((str, int, bool, dt.date, type(None)))


def _for_driver(column, cells: list, dialect) -> list:
    """A column's values as its type's bind processor makes them for the driver: each distinct value once when they
    are all of one plain type (a date column of 50,000 rows holds a few thousand dates)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return cells
    kinds = set(map(type, cells))
    if kinds <= _PLAIN_TYPES and len(kinds - {type(None)}) <= 1:
        made = {v: process(v) for v in set(cells)}
        return list(map(made.__getitem__, cells))
    return [process(v) for v in cells]


def _executemany(conn: Connection, table_: Table, columns: list, cells: list[list], sql: str) -> bool:
    """Run `sql` (a statement on `table_` with one parameter mark, {mark}, per column given) once for each row of the
    columns' `cells`, as one executemany of plain tuples: each column's values made ready for the driver a column at
    a time by its type's own bind processor (what SQLAlchemy does to each row's parameters one by one, the dearer part
    of a 50,000-row write). False, having done nothing, when the driver takes named parameters only."""
    style = conn.dialect.paramstyle
    if style not in ("qmark", "format", "pyformat"):
        return False
    rows = list(zip(*(_for_driver(c, v, conn.dialect) for c, v in zip(columns, cells))))
    quote = conn.dialect.identifier_preparer
    conn.exec_driver_sql(sql.format(table=quote.format_table(table_), mark="?" if style == "qmark" else "%s",
                                    **{f"c{n}": quote.format_column(c) for n, c in enumerate(columns)}), rows)
    return True


def _insert_new(conn: Connection, data_table: Table, rows: list[dict], ids: list[int], batch_id: int) -> None:
    """Insert new rows (column -> value, no id) with the given ids, stamped with the batch where the table keeps it,
    in one executemany. A column no row gives, with no default, is left out: NULL either way."""
    given = set().union(*rows)
    columns = [c for c in data_table.columns
               if c.name in ("id", "batch_id") or c.name in given or c.default is not None
               or c.server_default is not None]
    cells = [ids if c.name == "id" else [batch_id] * len(rows) if c.name == "batch_id"
             else list(map(dict.get, rows, repeat(c.name))) for c in columns]
    names = ", ".join(f"{{c{n}}}" for n in range(len(columns)))
    marks = ", ".join(["{mark}"] * len(columns))
    if not _executemany(conn, data_table, columns, cells, f"INSERT INTO {{table}} ({names}) VALUES ({marks})"):
        conn.execute(insert(data_table), [dict(zip((c.name for c in columns), row)) for row in zip(*cells)])


def _update(conn: Connection, data_table: Table, names: tuple[str, ...], changed: list[tuple[int, dict]]) -> None:
    """Set the columns `names` of each (id, values) row, in one executemany."""
    columns = [data_table.c[n] for n in names] + [data_table.c.id]
    cells = [[values[n] for _, values in changed] for n in names] + [[row_id for row_id, _ in changed]]
    sets = ", ".join(f"{{c{n}}} = {{mark}}" for n in range(len(names)))
    if not _executemany(conn, data_table, columns, cells,
                        f"UPDATE {{table}} SET {sets} WHERE {{c{len(names)}}} = {{mark}}"):
        statement = (update(data_table).where(data_table.c.id == bindparam("_row_id"))
                     .values({c: bindparam(f"_new_{c}") for c in names}))
        conn.execute(statement, [{"_row_id": row_id, **{f"_new_{k}": v for k, v in values.items()}}
                                 for row_id, values in changed])


_HISTORY = ("batch_id", "table_name", "row_id", "op", "before", "after")


def _history(conn: Connection, changes: list[dict]) -> None:
    """Write rows of history (dicts of _HISTORY), in one executemany."""
    if not changes:
        return
    columns = [CHANGE.c[n] for n in _HISTORY]
    cells = [list(map(dict.get, changes, repeat(n))) for n in _HISTORY]
    names = ", ".join(f"{{c{n}}}" for n in range(len(columns)))
    if not _executemany(conn, CHANGE, columns, cells,
                        f"INSERT INTO {{table}} ({names}) VALUES ({', '.join(['{mark}'] * len(columns))})"):
        conn.execute(insert(CHANGE), changes)


def write_batch(conn: Connection, info: BatchInfo, writes: list[RowWrite]) -> int:
    """Record the batch, apply its row writes in bulk, keep before/after of each. Runs inside the caller's
    write transaction, so a failure anywhere leaves the store as it was."""
    announce(conn, info.describe())
    counts = {"add": 0, "change": 0, "remove": 0}
    counts.update(Counter(w.op for w in writes))
    batch_id = conn.execute(insert(BATCH).values(
        kind=info.kind, action=info.action, file_name=info.file_name, sheet=info.sheet, scope=info.scope,
        title=info.title,
        created_at=dt.datetime.now(dt.UTC).replace(microsecond=0), created_by=info.who,
        added=counts["add"], changed=counts["change"], removed=counts["remove"], unchanged=info.unchanged,
        warnings="\n".join(info.warnings), undoes=info.undoes,
    )).inserted_primary_key[0]

    changes: list[dict] = []  # history rows not yet written, in order
    by_table: dict[str, list[RowWrite]] = {}
    for w in writes:
        by_table.setdefault(w.table, []).append(w)
    for table_name, table_writes in by_table.items():
        data_table = table(table_name)
        adds = [w for w in table_writes if w.op == "add"]
        if adds and all(w.after.get("id") is None for w in adds):
            ids = new_ids(conn, data_table, len(adds))
            _insert_new(conn, data_table, [w.after for w in adds], ids, batch_id)
            # an added row needs no JSON copy of itself: its id and this batch are enough to undo it (undo reads the
            # row back from its table). New ids run on from the table's largest, so their history is one statement.
            if ids == list(range(ids[0], ids[0] + len(ids))):
                _history(conn, changes)  # (the history stays in order)
                changes = []
                added = (select(literal(batch_id, Integer), literal(table_name, String), data_table.c.id,
                                literal("add", String))
                         .where(data_table.c.id.between(ids[0], ids[-1])).order_by(data_table.c.id))
                conn.execute(insert(CHANGE).from_select(["batch_id", "table_name", "row_id", "op"], added))
            else:
                changes.extend(dict(batch_id=batch_id, table_name=table_name, row_id=i, op="add", before=None,
                                    after=None) for i in ids)
        elif adds:
            names = [c.name for c in data_table.columns]
            stamp = "batch_id" in names
            rows = []
            for w in adds:
                row = {name: w.after.get(name) for name in names}
                if stamp and row["id"] is None:
                    row["batch_id"] = batch_id
                rows.append(row)
            # new rows get ids here; an undo putting removed rows back keeps their own
            kept = [r["id"] for r in rows if r.get("id") is not None]
            ids = iter(new_ids(conn, data_table, len(rows) - len(kept), above=max(kept, default=0)))
            for row in rows:
                if row.get("id") is None:
                    row["id"] = next(ids)
            conn.execute(insert(data_table), rows)
            changes.extend(dict(batch_id=batch_id, table_name=table_name, row_id=row["id"], op="add",
                                before=None, after=None) for row in rows)
        by_columns: dict[tuple, list[tuple[int, dict]]] = {}  # changes setting the same columns: one executemany
        settable = {c.name for c in data_table.columns} - {"id"}
        altered = [w for w in table_writes if w.op == "change"]
        whole = set().union(*(w.after for w in altered)) <= settable | {"id"}  # the usual: rows of the table
        for w in altered:
            if whole:
                values = w.after.copy()
                values.pop("id", None)
            else:
                values = {k: v for k, v in w.after.items() if k in settable}
            by_columns.setdefault(tuple(sorted(values)), []).append((w.before["id"], values))
            changes.append(dict(batch_id=batch_id, table_name=table_name, row_id=w.before["id"], op="change",
                                before=to_json(w.before), after=to_json({**w.before, **values})))
        for columns, changed in by_columns.items():
            if columns:
                _update(conn, data_table, columns, changed)
        removes = [w for w in table_writes if w.op == "remove"]
        if removes:
            ids = [w.before["id"] for w in removes]
            for start in range(0, len(ids), IN_CHUNK):  # PostgreSQL takes at most 65,535 parameters a statement
                conn.execute(delete(data_table).where(data_table.c.id.in_(ids[start:start + IN_CHUNK])))
            changes.extend(dict(batch_id=batch_id, table_name=table_name, row_id=w.before["id"], op="remove",
                                before=to_json(w.before), after=None) for w in removes)
    _history(conn, changes)
    audit.record(conn, info.who, info.action, describe(info, batch_id, counts), batch_id=batch_id,
                 detail={"kind": info.kind, "file": info.file_name, "sheet": info.sheet, "scope": info.scope,
                         "added": counts["add"], "changed": counts["change"], "removed": counts["remove"],
                         "unchanged": info.unchanged, "undoes": info.undoes})
    return batch_id


def describe(info: BatchInfo, batch_id: int, counts: dict[str, int]) -> str:
    """A batch in one sentence for the audit log: 'imported revenue from budget.xlsx as batch 12: 1 added, ...'."""
    source = f" from {info.file_name}" if info.file_name else ""
    numbers = f"{counts['add']} added, {counts['change']} changed, {counts['remove']} removed"
    if info.action == "undo":
        return (f"undid batch {info.undoes} ({info.kind}{source}) as batch {batch_id}: {counts['remove']} row(s) it "
                f"added removed, {counts['change']} put back as they were, {counts['add']} it removed restored")
    if info.action == "demo":
        return f"loaded the demo's {info.kind}{source} as batch {batch_id}: {numbers}"
    verb = {"import": "imported", "edit": "changed"}.get(info.action, info.action)
    return f"{verb} {info.kind}{source} as batch {batch_id}: {numbers}"


def undo(engine: Engine, batch_id: int, who: Actor | str) -> int:
    """Restore every row batch `batch_id` added, changed or removed to what it was before. Returns the undo's
    own batch number. Refuses if a later batch, not itself undone, has touched any of the same rows."""
    who = require(engine, who, "undo", f"undo batch {batch_id}").who
    with write(engine, f"an undo of batch {batch_id} by {who}") as conn:
        batch = conn.execute(select(BATCH).where(BATCH.c.id == batch_id)).mappings().first()
        if batch is None:
            raise UndoRefused(f"there is no batch {batch_id}", usage=True)
        if batch["undone_by"] is not None:
            raise UndoRefused(f"batch {batch_id} was already undone by batch {batch['undone_by']}", usage=True)
        if batch["action"] == "undo":
            raise UndoRefused(f"batch {batch_id} is itself an undo (of batch {batch['undoes']}); "
                              "import the file again instead", usage=True)
        changes = conn.execute(select(CHANGE).where(CHANGE.c.batch_id == batch_id)).mappings().all()
        later = conn.execute(
            select(CHANGE.c.batch_id, CHANGE.c.table_name, CHANGE.c.row_id)
            .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
            .where(CHANGE.c.batch_id > batch_id, BATCH.c.undone_by.is_(None), BATCH.c.action != "undo")
        ).all()
        touched = {(c["table_name"], c["row_id"]) for c in changes}
        blockers = sorted({b for b, t, r in later if (t, r) in touched})
        if blockers:
            names = ", ".join(str(b) for b in blockers)
            raise UndoRefused(
                f"batch {batch_id} cannot be undone: later batch {names} changed the same rows; "
                f"undo batch {blockers[-1]} first")
        added: dict[str, dict[int, dict]] = {}  # rows the batch added, read back (newer history keeps no copy)
        for name in {c["table_name"] for c in changes if c["op"] == "add" and c["after"] is None}:
            ids = [c["row_id"] for c in changes if c["op"] == "add" and c["table_name"] == name]
            data_table = table(name)
            added[name] = {}
            for start in range(0, len(ids), 10_000):
                for row in conn.execute(select(data_table).where(data_table.c.id.in_(ids[start:start + 10_000])))\
                        .mappings():
                    added[name][row["id"]] = dict(row)
        writes = []
        for c in changes:
            before = from_json(c["table_name"], c["before"])
            if c["op"] == "add" and c["after"] is None:
                after = added[c["table_name"]].get(c["row_id"], {"id": c["row_id"]})
            else:
                after = from_json(c["table_name"], c["after"])
            # the inverse: an add is removed, a removal is put back, a change goes back to its before
            writes.append(RowWrite(c["table_name"], before=after, after=before))
        info = BatchInfo(kind=batch["kind"], action="undo", who=who, file_name=batch["file_name"],
                         sheet=batch["sheet"], scope=batch["scope"], title=batch["title"], undoes=batch_id)
        undo_id = write_batch(conn, info, writes)
        conn.execute(update(BATCH).where(BATCH.c.id == batch_id).values(undone_by=undo_id))
        return undo_id


def newest_batch(conn: Connection) -> int:
    """The newest batch number (0 for an empty store): anything computed from the store before it is stale."""
    return conn.execute(select(func.coalesce(func.max(BATCH.c.id), 0))).scalar_one()


def latest_batch_id(engine: Engine) -> int:
    with engine.connect() as conn:
        return newest_batch(conn)


def store_version(engine: Engine) -> tuple:
    """What the store holds, in a few bytes: the newest batch (every write to the data is one) and the team's
    settings. Equal versions mean equal contents, so cached views keyed by it are never stale."""
    with engine.connect() as conn:
        newest = newest_batch(conn)
        team_settings = tuple(conn.execute(select(SETTING.c.key, SETTING.c.value).order_by(SETTING.c.key)).all())
    return newest, hash(team_settings)


def list_batches(engine: Engine) -> pd.DataFrame:
    import pandas as pd
    with engine.connect() as conn:
        rows = conn.execute(select(BATCH).order_by(BATCH.c.id.desc())).mappings().all()
    columns = [c.name for c in BATCH.columns]
    return pd.DataFrame([dict(r) for r in rows], columns=columns)


def _shown(value) -> str:
    return DASH if missing(value) or value == "" else str(value)


def row_history(engine: Engine, table_name: str, row_id: int) -> pd.DataFrame:
    """Every batch that added, changed or removed one row, with what it changed, who and when."""
    import pandas as pd
    query = (select(CHANGE.c.batch_id, CHANGE.c.op, CHANGE.c.before, CHANGE.c.after, BATCH.c.created_at,
                    BATCH.c.created_by, BATCH.c.action, BATCH.c.file_name, BATCH.c.undone_by)
             .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
             .where(CHANGE.c.table_name == table_name, CHANGE.c.row_id == row_id)
             .order_by(CHANGE.c.batch_id))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    out = []
    for r in rows:
        before, after = from_json(table_name, r["before"]) or {}, from_json(table_name, r["after"]) or {}
        changed = [k for k in after if k not in ("id", "batch_id") and before.get(k) != after.get(k)]
        if r["op"] == "add":
            detail = "added"
        elif r["op"] == "remove":
            detail = "removed"
        else:
            detail = "; ".join(f"{k}: {_shown(before.get(k))} → {_shown(after.get(k))}" for k in changed)
        out.append({"Batch": r["batch_id"], "When": f"{r['created_at']:%d %b %Y %H:%M}", "Who": r["created_by"],
                    "What": r["action"] + (f" {r['file_name']}" if r["file_name"] else ""),
                    "Changes": detail, "Undone": f"by batch {r['undone_by']}" if r["undone_by"] else ""})
    return pd.DataFrame(out, columns=["Batch", "When", "Who", "What", "Changes", "Undone"])


def import_sources(engine: Engine, kind: str) -> dict[str, dict]:
    """For each scope (a reporting date or week; kinds without one are keyed "batch N"), the file import that put it in
    the store: file, title rows, who and when, and whether its title marks it as illustrative (demo data). In-app
    edits, undos and rows added without a file are not sources."""
    query = (select(BATCH.c.id, BATCH.c.scope, BATCH.c.file_name, BATCH.c.title, BATCH.c.created_by,
                    BATCH.c.created_at)
             .where(BATCH.c.kind == kind, BATCH.c.undone_by.is_(None), BATCH.c.action.in_(("import", "demo")),
                    BATCH.c.title.is_not(None))
             .order_by(BATCH.c.id))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return {row["scope"] or f"batch {row['id']}":
            {**row, "illustrative": "illustrative" in (row["title"] or "").lower()} for row in rows}


def latest_source(engine: Engine, kind: str) -> dict | None:
    sources = import_sources(engine, kind)
    return max(sources.values(), key=lambda s: s["id"]) if sources else None


def batch(engine: Engine, batch_id: int) -> dict | None:
    """One batch's record (kind, action, file, who, when, counts, undone by), or None."""
    with engine.connect() as conn:
        row = conn.execute(select(BATCH).where(BATCH.c.id == batch_id)).mappings().first()
    return dict(row) if row else None


def batch_changes(engine: Engine, batch_id: int) -> list[dict]:
    """Every row a batch added, changed or removed: table, row id, op, and the row before and after (as values)."""
    with engine.connect() as conn:
        rows = conn.execute(select(CHANGE).where(CHANGE.c.batch_id == batch_id).order_by(CHANGE.c.id)).mappings().all()
    return [{"table": r["table_name"], "row_id": r["row_id"], "op": r["op"],
             "before": from_json(r["table_name"], r["before"]), "after": from_json(r["table_name"], r["after"])}
            for r in rows]


def undo_blockers(engine: Engine, batch_id: int) -> list[int]:
    """Later batches (not themselves undone) that changed rows this batch touched: undo refuses while there are any."""
    mine = select(CHANGE.c.table_name, CHANGE.c.row_id).where(CHANGE.c.batch_id == batch_id)
    later = (select(CHANGE.c.batch_id, CHANGE.c.table_name, CHANGE.c.row_id)
             .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
             .where(CHANGE.c.batch_id > batch_id, BATCH.c.undone_by.is_(None), BATCH.c.action != "undo"))
    with engine.connect() as conn:
        touched = {(t, r) for t, r in conn.execute(mine)}
        return sorted({b for b, t, r in conn.execute(later) if (t, r) in touched})
