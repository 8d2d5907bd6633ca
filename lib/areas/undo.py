"""Undo as a person can check it before and after: which batch it is (kind, file, who, when, what it added, changed and
removed), whether a later batch stands in the way, what undoing it will put back, row by row, from the batch's row
history, and afterwards what the undo restored. Pure reads; the undo itself is lib/store/batches.undo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from ..kinds import KINDS
from ..store import batches

SKIP = ("id", "batch_id")
COLUMNS = ["What", "Row", "Change"]


@dataclass
class UndoPreview:
    batch: dict
    description: str  # the batch in a sentence: kind, file, who, when, counts
    blockers: list[int]  # later batches that changed the same rows (undo them first)
    table: pd.DataFrame  # what undoing it will do, row by row (the first `limit` rows)
    total: int  # rows the undo will touch

    @property
    def possible(self) -> bool:
        return not self.blockers and self.batch["undone_by"] is None and self.batch["action"] != "undo"

    def refusal(self) -> str:
        if self.batch["undone_by"] is not None:
            return f"Batch {self.batch['id']} was already undone by batch {self.batch['undone_by']}."
        if self.batch["action"] == "undo":
            return f"Batch {self.batch['id']} is itself an undo; import the file again instead."
        later = ", ".join(str(b) for b in self.blockers)
        return (f"Batch {self.batch['id']} cannot be undone yet: later batch {later} changed the same rows. "
                f"Undo batch {self.blockers[-1]} first.")


def describe(batch: dict) -> str:
    """'Revenue budget monitoring from budget.xlsx (sheet 'A', as at 2008-03-31), imported by Jo on 21 Apr 2008 at
    10:02 (UTC): 1 added, 9 changed, 0 removed.'"""
    kind = KINDS[batch["kind"]].title if batch["kind"] in KINDS else str(batch["kind"]).capitalize()
    where = [f"sheet '{batch['sheet']}'"] if batch.get("sheet") else []
    if batch.get("scope"):
        where.append(f"for {batch['scope']}")
    source = f" from {batch['file_name']}" if batch.get("file_name") else ""
    verb = {"import": "imported", "edit": "changed in the app", "demo": "loaded for the demo",
            "undo": f"an undo of batch {batch.get('undoes')}"}.get(batch["action"], batch["action"])
    when = batch["created_at"]
    return (f"{kind}{source}{' (' + ', '.join(where) + ')' if where else ''}, {verb} by {batch['created_by']} on "
            f"{when.day} {when:%b %Y at %H:%M} (UTC): {batch['added']} added, {batch['changed']} changed, "
            f"{batch['removed']} removed.")


def preview(engine: Engine, batch_id: int, limit: int = 500) -> UndoPreview | None:
    """What undoing batch `batch_id` would do, or None when there is no such batch."""
    batch = batches.batch(engine, batch_id)
    if batch is None:
        return None
    changes = batches.batch_changes(engine, batch_id)
    # undo writes the inverse of each change: an added row is removed, a removed one put back, a change reversed
    inverse = [{**c, "op": {"add": "remove", "remove": "add"}.get(c["op"], c["op"]),
                "before": c["after"], "after": c["before"]} for c in changes]
    return UndoPreview(batch, describe(batch), batches.undo_blockers(engine, batch_id),
                       effects(inverse[:limit], done=False), len(changes))


def restored(engine: Engine, undo_batch_id: int, limit: int = 500) -> pd.DataFrame:
    """What an undo did, row by row, from its own row history."""
    return effects(batches.batch_changes(engine, undo_batch_id)[:limit], done=True)


def effects(changes: list[dict], done: bool) -> pd.DataFrame:
    """Row writes in words: what table, which row, and what happens (or happened) to it."""
    rows = []
    for c in changes:
        row = c["after"] if c["op"] == "add" else c["before"]
        if c["op"] == "add":
            change = "put back" if done else "will be put back (the batch removed it)"
        elif c["op"] == "remove":
            change = "taken out" if done else "will be taken out (the batch added it)"
        else:
            change = "; ".join(f"{field_label(c['table'], k)}: {shown(c['before'].get(k))} → {shown(v)}"
                               for k, v in c["after"].items()
                               if k not in SKIP and c["before"].get(k) != v) or "no visible change"
            change = ("put back as it was: " if done else "will go back to: ") + change
        rows.append({"What": table_title(c["table"]), "Row": row_label(c["table"], row or {}), "Change": change})
    return pd.DataFrame(rows, columns=COLUMNS)


def _kind_of(table_name: str):
    for kind in KINDS.values():
        if kind.table == table_name:
            return kind
    return None


def table_title(table_name: str) -> str:
    kind = _kind_of(table_name)
    if kind is not None:
        return kind.title
    return {"homecare_comparator": "Published comparator"}.get(table_name, table_name.replace("_", " ").capitalize())


def field_label(table_name: str, column: str) -> str:
    kind = _kind_of(table_name)
    if kind is not None and column in {f.name for f in kind.fields}:
        return kind.field(column).label
    return column.replace("_", " ").capitalize()


def row_label(table_name: str, row: dict) -> str:
    """A row as a person recognises it: its reporting date or week, then its key (a service area, a reference)."""
    kind = _kind_of(table_name)
    names = ((kind.scope,) if kind is not None and kind.scope else ()) + (kind.key if kind is not None else
                                                                             ("comparator", "period"))
    parts = [shown(row.get(n)) for n in names
             if row.get(n) not in (None, "") and not (n == "seq" and row.get(n) == 1)]  # "1.1", not "1.1 · 1"
    return " · ".join(parts) or f"row {row.get('id', '?')}"


def shown(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "(blank)"
    if isinstance(value, dt.datetime):
        return f"{value.day} {value:%b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The batch list as the upload page shows it: one column for what each batch did, so that it fits at 1280 px."""
    return pd.DataFrame({
        "Batch": history["id"],
        "When": [f"{t:%d %b %Y %H:%M}" for t in history["created_at"]],
        "Who": history["created_by"],
        "What": [f"{a} {k}" if a != "undo" else f"undo of batch {int(u)}"
                 for a, k, u in zip(history["action"], history["kind"], history["undoes"])],
        "File": history["file_name"],
        "For": history["scope"],
        "Rows": [f"+{a} ~{c} −{r}" for a, c, r in zip(history["added"], history["changed"], history["removed"])],
        "Undone by": history["undone_by"],
    })
