"""Steering group meetings: the dates "since the last meeting" compares. A meeting is added as a batch like any other
write (who and when kept, undoable), so that cached reads see it at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import EditRefused
from ..fmt import day
from ..store.batches import BatchInfo, RowWrite, write_batch
from ..store.engine import write
from ..store.schema import Meeting, now

MEETING = Meeting.__table__


@dataclass(frozen=True)
class StoredMeeting:
    held_on: dt.date
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} ({day(self.held_on)})" if self.name else day(self.held_on)


def meetings(engine: Engine) -> list[StoredMeeting]:
    """Every stored meeting, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(MEETING.c.held_on, MEETING.c.name).order_by(MEETING.c.held_on)).all()
    return [StoredMeeting(held_on, name) for held_on, name in rows]


def previous_meeting(engine: Engine, before: dt.date) -> StoredMeeting | None:
    """The last stored meeting held before a date: what "since the last meeting" compares with."""
    earlier = [m for m in meetings(engine) if m.held_on < before]
    return earlier[-1] if earlier else None


def meeting_on(engine: Engine, held_on: dt.date) -> StoredMeeting | None:
    return next((m for m in meetings(engine) if m.held_on == held_on), None)


def add_meetings(engine: Engine, dated: list[tuple[dt.date, str]], who: str, action: str = "edit") -> int | None:
    """Store meetings as one batch; dates already stored are left as they are. Returns the batch number, or None when
    every date was already stored."""
    for held_on, name in dated:
        if not name.strip():
            raise EditRefused(f"the meeting of {day(held_on)} needs a name")
    with write(engine) as conn:
        stored = {r[0] for r in conn.execute(select(MEETING.c.held_on))}
        writes = [RowWrite("meeting", None, {"id": None, "held_on": held_on, "name": name.strip(),
                                             "created_at": now(), "created_by": who})
                  for held_on, name in dated if held_on not in stored]
        if not writes:
            return None
        return write_batch(conn, BatchInfo(kind="meeting", action=action, who=who, file_name="meetings"), writes)


def add_meeting(engine: Engine, held_on: dt.date, name: str, who: str) -> int:
    """Store one meeting; refused when a meeting is already stored on that date."""
    batch = add_meetings(engine, [(held_on, name)], who)
    if batch is None:
        raise EditRefused(f"a meeting on {day(held_on)} is already stored")
    return batch
