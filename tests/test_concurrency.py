"""Several people writing at once (the upload page in two browsers, the command line beside them): each on its own
connection, as separate processes would be. Writes queue one at a time; nothing is added twice or lost."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from lib.areas import actions
from lib.demo.plans import PLAN_000_NAME, seed_000_action_plan
from lib.importer import Options, commit, prepare
from lib.kinds.actions import ActionItem
from lib.kinds.revenue import RevenueLine
from lib.store import batches as history
from lib.store import engine as db
from tests.workbooks import csv_bytes

WORKERS = 4


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_the_same_plan_uploaded_by_several_people_at_once_is_added_once(store_url):
    data = seed_000_action_plan()
    db.get_engine(store_url)  # the store exists before the race, as it does once the app has opened

    def upload(person: int):
        engine = db.make_engine(store_url)  # a connection pool of its own, like another process
        try:
            prepared = prepare(engine, "actions", "plan.xlsx", data, Options(plan_name=PLAN_000_NAME))
            return commit(engine, prepared, f"officer {person}")
        finally:
            engine.dispose()

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(upload, range(WORKERS * 2)))

    engine = db.get_engine(store_url)
    assert _count(engine, ActionItem.__table__) == 27
    assert sorted(plan.count("add") for _, plan in results) == [0] * (WORKERS * 2 - 1) + [27]
    batch_ids = [batch_id for batch_id, _ in results]
    assert len(set(batch_ids)) == len(batch_ids)  # every upload is its own batch, numbered in the order it wrote
    assert len(actions.items(engine, PLAN_000_NAME)) == 27


def test_reports_for_different_months_written_at_once_are_all_kept(store_url):
    db.get_engine(store_url)
    months = [dt.date(2007, m, 28) for m in range(4, 12)]

    def report(day: dt.date) -> bytes:
        rows = [[f"Revenue monitoring as at {day:%d %B %Y}"], ["Service area", "Annual budget £000",
                                                               "Projected outturn £000"]]
        rows += [[f"Service {n}", 100 + n, 100 + n + day.month] for n in range(25)]
        return csv_bytes(rows)

    def upload(day: dt.date):
        engine = db.make_engine(store_url)
        try:
            return commit(engine, prepare(engine, "revenue", f"{day}.csv", report(day), Options()), "finance")
        finally:
            engine.dispose()

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(upload, months))

    engine = db.get_engine(store_url)
    assert _count(engine, RevenueLine.__table__) == 25 * len(months)
    assert all(plan.count("add") == 25 for _, plan in results)
    batches = history.list_batches(engine)
    assert sorted(batches["id"]) == list(range(1, len(months) + 1))
    last = int(batches.iloc[0]["id"])
    history.undo(engine, last, "finance")  # undo still exact after the race
    assert _count(engine, RevenueLine.__table__) == 25 * (len(months) - 1)


def test_a_preview_made_stale_by_another_write_is_worked_out_again_at_commit(store_url):
    engine = db.get_engine(store_url)

    def report(outturn_offset: int) -> bytes:
        rows = [["Revenue monitoring as at 31 March 2008"], ["Service area", "Annual budget £000",
                                                              "Projected outturn £000"]]
        return csv_bytes(rows + [[f"Service {n}", 100, 100 + outturn_offset] for n in range(5)])

    mine = prepare(engine, "revenue", "mine.csv", report(1), Options())
    assert mine.plan.count("add") == 5  # previewed on an empty store
    theirs = prepare(engine, "revenue", "theirs.csv", report(2), Options())
    commit(engine, theirs, "someone else")  # lands between my preview and my confirm

    _, plan = commit(engine, mine, "me")
    assert (plan.count("add"), plan.count("change")) == (0, 5)  # not 5 more rows on top of theirs
    assert _count(engine, RevenueLine.__table__) == 5
    assert budget_outturns(engine) == [101_000.0] * 5


def budget_outturns(engine) -> list[float]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(RevenueLine.__table__.c.projected_outturn))]
