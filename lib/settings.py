"""Team settings kept in the store (JSON values), with who changed each one last."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.engine import Engine

from . import db
from .models import Setting

SETTING = Setting.__table__


def get(engine: Engine, key: str, default=None):
    with engine.connect() as conn:
        row = conn.execute(select(SETTING.c.value).where(SETTING.c.key == key)).first()
    return json.loads(row[0]) if row else default


def put(engine: Engine, key: str, value, who: str, conn=None) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    def _write(c):
        c.execute(SETTING.delete().where(SETTING.c.key == key))
        c.execute(SETTING.insert().values(key=key, value=json.dumps(value), updated_at=now, updated_by=who))
    if conn is not None:
        _write(conn)
        return
    with db.write(engine) as c:
        _write(c)


def meeting_date(engine: Engine) -> dt.date:
    """The date the dashboard opens at: the stored meeting date (the demo's 21 April 2008), else today."""
    stored = get(engine, "meeting_date")
    return dt.date.fromisoformat(stored) if stored else dt.date.today()
