"""Team settings kept in the store (JSON values), with who changed each one last, and a change log that is only
ever added to (what each setting was, what it became, who and when)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from . import audit
from .access import Actor, require
from .engine import write
from .schema import Setting, SettingChange

SETTING = Setting.__table__
CHANGE = SettingChange.__table__


def get(engine: Engine, key: str, default=None):
    with engine.connect() as conn:
        row = conn.execute(select(SETTING.c.value).where(SETTING.c.key == key)).first()
    return json.loads(row[0]) if row else default


def put(engine: Engine, key: str, value, who: Actor | str, conn=None, was=None) -> None:
    """Set a team setting (admins only), and record the change (before, after, who, when) in the settings' change
    log and the audit log. Setting it to what it already is records nothing. `was`: the value in force when none is
    stored (a default)."""
    who = require(engine, who, "setting", f"change the setting '{key}'").who
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    after = json.dumps(value, sort_keys=True)

    def _write(c):
        before = c.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
        if before is None and was is not None:
            before = json.dumps(was, sort_keys=True)
        if before is not None and json.loads(before) == json.loads(after):
            return
        c.execute(SETTING.delete().where(SETTING.c.key == key))
        c.execute(SETTING.insert().values(key=key, value=after, updated_at=now, updated_by=who))
        c.execute(CHANGE.insert().values(key=key, before=before, after=after, changed_at=now, changed_by=who))
        audit.record(c, who, audit.SETTING, f"changed the setting '{key}': {describe_change(before, after)}",
                     detail={"key": key, "before": before, "after": after})
    if conn is not None:
        _write(conn)
        return
    with write(engine, f"a change to the setting '{key}' by {who}") as c:
        _write(c)


def changes(engine: Engine, key: str) -> pd.DataFrame:
    """The change log of one setting, newest first: when, who, and what changed in words."""
    query = (select(CHANGE.c.changed_at, CHANGE.c.changed_by, CHANGE.c.before, CHANGE.c.after)
             .where(CHANGE.c.key == key).order_by(CHANGE.c.id.desc()))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([(when, who, describe_change(before, after)) for when, who, before, after in rows],
                        columns=["When", "Who", "What changed"])


def describe_change(before: str | None, after: str) -> str:
    """'red_over_pct 0 -> 5; combine either -> both' for a JSON object, 'set to ...' the first time."""
    new = json.loads(after)
    if before is None:
        return f"set to {_words(new)}"
    old = json.loads(before)
    if isinstance(old, dict) and isinstance(new, dict):
        changed = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        return "; ".join(f"{k.replace('_', ' ')} {_words(old.get(k))} -> {_words(new.get(k))}" for k in changed)
    return f"{_words(old)} -> {_words(new)}"


def _words(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_words(v)}" for k, v in sorted(value.items()))
    return "(none)" if value is None else str(value)


def meeting_date(engine: Engine) -> dt.date:
    """The date the dashboard opens at: the stored meeting date (the demo's 21 April 2008), else today."""
    stored = get(engine, "meeting_date")
    return dt.date.fromisoformat(stored) if stored else dt.date.today()
