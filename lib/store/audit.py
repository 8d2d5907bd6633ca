"""The audit log: one row for everything someone did or tried - imports, edits, undos, the demo, setting and role
changes, sign-ins, pack downloads and refused attempts - with who, when (UTC) and a sentence saying what.

Only ever added to: this module writes rows and reads them, and nothing in the project updates or deletes them.
A batch's row is written by `batches.write_batch` inside the batch's own transaction, so the log and the data
cannot disagree; anything else calls `record`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, or_, select
from sqlalchemy.engine import Connection, Engine

from .engine import write
from .schema import AuditEvent, now

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd

AUDIT = AuditEvent.__table__

# The actions the project records (others may be added by whoever records them).
IMPORT, EDIT, UNDO, DEMO = "import", "edit", "undo", "demo"
SETTING, ROLE, SIGN_IN, SIGN_OUT, PACK, REFUSED = "setting", "role", "sign-in", "sign-out", "pack", "refused"

COLUMNS = {"at": "When (UTC)", "who": "Who", "action": "Action", "what": "What", "batch_id": "Batch"}


def record(target: Engine | Connection, who, action: str, what: str, batch_id: int | None = None,
           detail: dict | None = None) -> int:
    """Add one event and return its id. `target`: a connection inside a write transaction (the event commits or
    rolls back with it), or an engine (the event is written in a transaction of its own). `who`: a name, an
    e-mail, or an access.Actor."""
    values = dict(at=now(), who=str(getattr(who, "who", who)), action=action, what=what, batch_id=batch_id,
                  detail=None if detail is None else json.dumps(detail, sort_keys=True, default=str))
    if isinstance(target, Connection):
        return target.execute(insert(AUDIT).values(**values)).inserted_primary_key[0]
    with write(target) as conn:
        return conn.execute(insert(AUDIT).values(**values)).inserted_primary_key[0]


def events(engine: Engine, since: dt.date | None = None, until: dt.date | None = None, who: str | None = None,
           actions: list[str] | tuple[str, ...] = (), text: str = "", limit: int | None = None) -> pd.DataFrame:
    """The log, newest first: events on or after `since` and on or before `until` (UTC dates), by `who`, of the
    given actions, whose sentence or who contains `text` (any case)."""
    import pandas as pd
    query = select(AUDIT.c.id, AUDIT.c.at, AUDIT.c.who, AUDIT.c.action, AUDIT.c.what, AUDIT.c.batch_id,
                   AUDIT.c.detail)
    if since:
        query = query.where(AUDIT.c.at >= dt.datetime.combine(since, dt.time(), dt.UTC))
    if until:
        query = query.where(AUDIT.c.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC))
    if who:
        query = query.where(AUDIT.c.who == who)
    if actions:
        query = query.where(AUDIT.c.action.in_(list(actions)))
    if text.strip():
        pattern = f"%{text.strip().lower()}%"
        query = query.where(or_(func.lower(AUDIT.c.what).like(pattern), func.lower(AUDIT.c.who).like(pattern)))
    query = query.order_by(AUDIT.c.id.desc())
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def latest(engine: Engine, who: str, action: str) -> dict | None:
    """The newest event of one kind by one person, with its detail as a dict (None when there is none)."""
    df = events(engine, who=who, actions=[action], limit=1)
    if df.empty:
        return None
    event = df.iloc[0].to_dict()
    event["detail"] = json.loads(event["detail"]) if event["detail"] else {}
    return event


def people_and_actions(engine: Engine) -> tuple[list[str], list[str]]:
    """Everyone the log names and every action it holds, for filters."""
    with engine.connect() as conn:
        people = [r[0] for r in conn.execute(select(AUDIT.c.who).distinct().order_by(AUDIT.c.who))]
        actions = [r[0] for r in conn.execute(select(AUDIT.c.action).distinct().order_by(AUDIT.c.action))]
    return people, actions


def table(df: pd.DataFrame) -> pd.DataFrame:
    """The log as people read it (and as it is exported): when as text with the time, then who, action, what and
    the batch."""
    out = df[list(COLUMNS)].copy()
    out["at"] = [f"{t:%Y-%m-%d %H:%M:%S}" for t in out["at"]]
    out["batch_id"] = [None if b is None or b != b else int(b) for b in out["batch_id"]]
    return out.rename(columns=COLUMNS)


def lines(df: pd.DataFrame) -> list[str]:
    """One line an event, oldest first, for the command line."""
    return [f"{e.at:%Y-%m-%d %H:%M:%S}  {e.who}  {e.action}: {e.what}" for e in df.iloc[::-1].itertuples()]
