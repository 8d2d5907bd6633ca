"""Batches and undo on a real SQLite store: undo restores exactly the rows a batch added, changed, removed."""

import datetime as dt

import pytest
from sqlalchemy import text

from lib.ingest import compare as store
from lib.kinds.revenue import REVENUE
from lib.store import batches as history
from lib.store import engine as db
from lib.store.batches import BatchInfo
from tests.conftest import snapshot

AS_AT = dt.date(2008, 3, 31)


def line(area, budget, outturn, section="Adult Services", **extra):
    return {"section": section, "service_area": area, "annual_budget": budget, "projected_outturn": outturn,
            "variance": outturn - budget, **extra}


def commit(engine, records, as_at=AS_AT, who="tester"):
    return store.commit(engine, REVENUE, records, as_at, BatchInfo(kind="revenue", action="import", who=who))


def test_reimport_replaces_the_reporting_date_and_undo_restores_it(engine):
    first, plan = commit(engine, [line("Older People", 100.0, 110.0), line("Mental Health", 50.0, 45.0)])
    assert plan.summary() == "2 added, 0 changed, 0 removed, 0 left alone"
    before = snapshot(engine)
    second, plan = commit(engine, [line("Older People", 100.0, 120.0, reason="demand"),
                                   line("Learning Disabilities", 70.0, 70.0)])
    assert (plan.count("add"), plan.count("change"), plan.count("remove")) == (1, 1, 1)
    changed = next(c for c in plan.changes if c.op == "change")
    assert set(changed.fields) >= {"projected_outturn", "variance", "reason"}
    history.undo(engine, second, "tester")
    after = snapshot(engine)
    for table in ("revenue_line",):
        assert after[table] == before[table]


def test_same_file_twice_changes_nothing(engine):
    commit(engine, [line("Older People", 100.0, 110.0)])
    _, plan = commit(engine, [line("Older People", 100.0, 110.0)])
    assert plan.summary() == "0 added, 0 changed, 0 removed, 1 left alone"


def test_undo_refuses_when_a_later_batch_changed_the_same_rows(engine):
    first, _ = commit(engine, [line("Older People", 100.0, 110.0)])
    second, _ = commit(engine, [line("Older People", 100.0, 130.0)])
    with pytest.raises(history.UndoRefused) as refused:
        history.undo(engine, first, "tester")
    assert f"batch {second}" in str(refused.value) and "first" in str(refused.value)
    history.undo(engine, second, "tester")
    history.undo(engine, first, "tester")  # now allowed
    assert snapshot(engine)["revenue_line"] == []


def test_undo_twice_or_unknown_is_a_usage_error(engine):
    first, _ = commit(engine, [line("Older People", 100.0, 110.0)])
    undo_id = history.undo(engine, first, "tester")
    with pytest.raises(history.UndoRefused) as again:
        history.undo(engine, first, "tester")
    assert again.value.usage and f"undone by batch {undo_id}" in str(again.value)
    with pytest.raises(history.UndoRefused) as unknown:
        history.undo(engine, 999, "tester")
    assert unknown.value.usage


def test_undo_is_recorded_with_who(engine):
    first, _ = commit(engine, [line("Older People", 100.0, 110.0)], who="alice")
    history.undo(engine, first, "bob")
    batches = history.list_batches(engine)
    undo_row = batches[batches["action"] == "undo"].iloc[0]
    assert undo_row["created_by"] == "bob" and undo_row["undoes"] == first
    assert batches[batches["id"] == first].iloc[0]["undone_by"] == undo_row["id"]
    assert batches[batches["id"] == first].iloc[0]["created_by"] == "alice"


def test_other_reporting_dates_are_untouched(engine):
    commit(engine, [line("Older People", 100.0, 110.0)], as_at=dt.date(2008, 2, 29))
    _, plan = commit(engine, [line("Mental Health", 100.0, 90.0)])
    assert plan.count("remove") == 0
    assert len(snapshot(engine)["revenue_line"]) == 2


def test_undo_puts_removed_rows_back_under_their_ids_and_new_rows_never_take_them(engine):
    commit(engine, [line("Older People", 100.0, 110.0), line("Mental Health", 50.0, 45.0)])
    removed_ids = sorted(r[0] for r in snapshot(engine)["revenue_line"])
    second, plan = commit(engine, [line("Learning Disabilities", 70.0, 70.0)])  # replaces the report
    assert plan.count("remove") == 2
    history.undo(engine, second, "tester")
    restored = snapshot(engine)["revenue_line"]
    assert sorted(r[0] for r in restored) == removed_ids  # the same rows, under their own ids
    _, plan = commit(engine, [line("Older People", 100.0, 110.0), line("Mental Health", 50.0, 45.0),
                              line("Carers", 10.0, 12.0)])
    ids = [r[0] for r in snapshot(engine)["revenue_line"]]
    assert plan.count("add") == 1 and len(set(ids)) == len(ids) == 3


def test_one_batch_restoring_rows_and_adding_new_ones_gives_every_row_its_own_id(engine):
    from lib.store.batches import RowWrite

    commit(engine, [line("Older People", 100.0, 110.0), line("Mental Health", 50.0, 45.0)])
    rows = snapshot(engine)["revenue_line"]
    top = max(r[0] for r in rows)
    with db.write(engine) as conn:  # remove the newest row, then put it back beside a new one in one batch
        conn.execute(text("DELETE FROM revenue_line WHERE id = :id"), {"id": top})
        kept = {**line("Restored", 1.0, 1.0), "id": top, "as_at": AS_AT, "line_no": 1}
        fresh = {**line("New", 2.0, 2.0), "as_at": AS_AT, "line_no": 2}
        history.write_batch(conn, BatchInfo(kind="revenue", action="import", who="tester"),
                            [RowWrite("revenue_line", None, kept), RowWrite("revenue_line", None, fresh)])
    ids = [r[0] for r in snapshot(engine)["revenue_line"]]
    assert len(set(ids)) == len(ids) == 3 and top in ids


def test_history_takes_pandas_and_numpy_values_as_plain_ones():
    import numpy as np
    import pandas as pd

    text = history.to_json({"due": pd.Timestamp("2008-06-30"), "hours": np.float64(12.5), "n": np.int64(3),
                            "when": dt.date(2008, 4, 21)})
    assert text == '{"due":"2008-06-30T00:00:00","hours":12.5,"n":3,"when":"2008-04-21"}'
    with pytest.raises(TypeError):
        history.to_json({"x": object()})


def test_settings_changes_are_logged_with_who_and_never_twice_for_the_same_value(engine):
    from lib.store import settings

    settings.put(engine, "rag_policy", {"red_over_pct": 0, "combine": "either"}, "alice")
    settings.put(engine, "rag_policy", {"combine": "either", "red_over_pct": 0}, "bob")  # the same: not logged
    settings.put(engine, "rag_policy", {"red_over_pct": 5, "combine": "both"}, "carol")
    log = settings.changes(engine, "rag_policy")
    assert list(log["Who"]) == ["carol", "alice"]
    assert list(log["What changed"]) == ["combine either -> both; red over pct 0 -> 5",
                                         "set to combine either, red over pct 0"]
    assert settings.get(engine, "rag_policy") == {"red_over_pct": 5, "combine": "both"}
    assert settings.changes(engine, "meeting_date").empty
