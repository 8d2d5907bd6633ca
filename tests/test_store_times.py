"""Times are kept in UTC whatever time zone the database server runs in: an event written now reads back as now in
UTC, on SQLite and on a PostgreSQL database whose own zone is New York."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from lib.store import audit
from lib.store.engine import make_engine
from lib.store.schema import AuditEvent
from tests.conftest import STORE


def test_a_time_written_reads_back_in_utc_whatever_the_servers_zone(store_url):
    if STORE == "postgresql":
        setup = make_engine(store_url)
        with setup.begin() as conn:
            name = conn.execute(text("SELECT current_database()")).scalar_one()
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone TO 'America/New_York'"))
        setup.dispose()
    engine = make_engine(store_url)
    try:
        before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        event_id = audit.record(engine, "tester", audit.SETTING, "a change at a known time")
        after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with engine.connect() as conn:
            table = AuditEvent.__table__
            at = conn.execute(select(table.c.at).where(table.c.id == event_id)).scalar_one()
        assert before <= at.replace(tzinfo=None) <= after
    finally:
        engine.dispose()
