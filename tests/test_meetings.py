"""Meetings kept in the store: listed in date order, the previous one before a date, a date only once, undoable;
the demo holds seed 004's three."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.areas import meetings
from lib.demo import load_demo
from lib.errors import EditRefused
from lib.store import batches

D = dt.date


def test_meetings_are_stored_listed_and_refused_twice(engine):
    assert meetings.previous_meeting(engine, D(2008, 4, 21)) is None
    meetings.add_meeting(engine, D(2008, 4, 7), "Steering group", "Test Officer")
    batch = meetings.add_meeting(engine, D(2008, 3, 3), "Steering group", "Test Officer")
    assert [m.held_on for m in meetings.meetings(engine)] == [D(2008, 3, 3), D(2008, 4, 7)]
    assert meetings.previous_meeting(engine, D(2008, 4, 7)).held_on == D(2008, 3, 3)
    assert meetings.previous_meeting(engine, D(2008, 4, 8)).label == "Steering group (7 April 2008)"
    with pytest.raises(EditRefused, match="already stored"):
        meetings.add_meeting(engine, D(2008, 4, 7), "Again", "Test Officer")
    with pytest.raises(EditRefused, match="needs a name"):
        meetings.add_meeting(engine, D(2008, 5, 7), " ", "Test Officer")
    batches.undo(engine, batch, "Test Officer")
    assert [m.held_on for m in meetings.meetings(engine)] == [D(2008, 4, 7)]


def test_the_demo_holds_seed_004s_meetings_once(engine):
    load_demo(engine, who="test")
    assert [m.held_on for m in meetings.meetings(engine)] == [D(2008, 4, 7), D(2008, 4, 21), D(2008, 5, 19)]
    load_demo(engine, who="test", replace=True)  # the meetings are not a kind's data: kept, not added twice
    assert len(meetings.meetings(engine)) == 3
