"""The demo store: the Rotherham April 2008 papers (seed 004) exactly as printed (revenue, capital, the performance
indicators beside them, the market analyser's comparators), seed 000's and seed 004's action plans as printed, plus
illustrative earlier reports, weekly home care hours, a contract register and action statuses, all loaded through the
same import pipeline and update path a person uses, as numbered batches. It also stores seed 004's three meetings
(7 April, 21 April and 19 May 2008), which "since the last meeting" compares.

`load_demo` is the entry; the command line (`python -m lib.cli demo`) and the app's first run on an empty store call
it. The workbooks are made by lib/demo/workbooks.py and plans.py, their one source (`python -m lib.demo.write` writes
them out for trying the upload page).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..areas import actions, homecare, meetings
from ..errors import Refused
from ..importer import Options, commit, prepare
from ..kinds import KINDS
from ..store import settings
from ..store.access import require
from ..store.batches import BatchInfo, RowWrite, write_batch
from ..store.engine import write
from ..store.schema import ImportBatch
from .plans import PLAN_000_NAME, PLAN_004_NAME, seed_000_action_plan, seed_004_action_plan
from .workbooks import (
    illustrative_contracts_workbook,
    illustrative_homecare_workbook,
    illustrative_indicators_workbook,
    illustrative_revenue_reports,
    seed_capital_workbook,
    seed_indicators_workbook,
    seed_revenue_workbook,
)

MEETING_DATE = dt.date(2008, 4, 21)  # the Cabinet Member meeting of seed 004
# Seed 004's agenda: the minutes of the meeting of 7 April 2008, this meeting, and the next on 19 May 2008
DEMO_MEETINGS = [(day, "Cabinet Member for Adult Social Care and Health")
                 for day in (dt.date(2008, 4, 7), MEETING_DATE, dt.date(2008, 5, 19))]


def store_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ImportBatch.__table__)).scalar_one() == 0


class DemoFile(NamedTuple):
    kind: str
    name: str
    data: bytes
    plan: str | None = None  # the plan name an action plan is imported under


def demo_files() -> list[DemoFile]:
    """The demo's files in the order they load. Made once in a process: they depend on nothing but this code (fixed
    dates, a seeded random), and making the fifteen workbooks takes a fifth of a second, which the Upload page spent on
    every rerun for its download buttons."""
    return list(_demo_files())


@cache
def _demo_files() -> tuple[DemoFile, ...]:
    files = [DemoFile("revenue", f"illustrative_revenue_{d.isoformat()}.xlsx", data)
             for d, data in illustrative_revenue_reports()]
    files.append(DemoFile("revenue", "seed_004_revenue_2008-03-31.xlsx", seed_revenue_workbook()))
    files.append(DemoFile("capital", "seed_004_capital_2008-03-31.xlsx", seed_capital_workbook()))
    files.append(DemoFile("indicators", "illustrative_indicators_2007.xlsx", illustrative_indicators_workbook()))
    files.append(DemoFile("indicators", "seed_004_indicators_2008-03-31.xlsx", seed_indicators_workbook()))
    files.append(DemoFile("homecare", "illustrative_homecare_hours.xlsx", illustrative_homecare_workbook()))
    files.append(DemoFile("contracts", "illustrative_contract_register.xlsx", illustrative_contracts_workbook()))
    files.append(DemoFile("actions", "seed_004_commissioning_strategy_action_plan.xlsx", seed_004_action_plan(),
                          PLAN_004_NAME))
    files.append(DemoFile("actions", "seed_000_voluntary_sector_audit_action_plan.xlsx", seed_000_action_plan(),
                          PLAN_000_NAME))
    return tuple(files)


SEED_COMPARATORS = [
    # Local Authority Market Analyser, seed 004: % of total hours of home care provided in house (CSCI survey)
    {"comparator": c, "period": p, "period_date": d, "in_house_share": s,
     "source": "CSCI survey via the Local Authority Market Analyser (Rotherham, April 2008 pack)"}
    for p, d, values in (
        ("September 2003", dt.date(2003, 9, 30), (0.400, 0.474, 0.457, 0.335)),
        ("September 2004", dt.date(2004, 9, 30), (0.414, 0.446, 0.416, 0.307)),
        ("September 2005", dt.date(2005, 9, 30), (0.404, 0.405, 0.353, 0.266)),
    )
    for c, s in zip(("Rotherham", "IPF comparator group", "Met Districts", "England"), values)
]


ILLUSTRATIVE_STATUS_NOTE = "Illustrative status for the demo, not from the council's papers."


def illustrative_statuses(df: pd.DataFrame, as_at: dt.date) -> dict[int, dict]:
    """Statuses the papers do not give, consistent with the as-at date: actions due before it mostly Complete (every
    fifth Delayed, so overdue); due in the next 60 days In progress (every third Not started yet); later ones Not
    started, or In progress when due within six months; undated ones In progress, or Complete in a plan whose
    dated actions were all due before the as-at date. Findings with no action are left without a status."""
    changes: dict[int, dict] = {}
    past = soon = 0
    acts = df[df["action"].notna()]
    dated = acts[acts["due_date"].notna()]
    finished_plans = {plan for plan, dues in dated.groupby("plan")["due_date"] if max(dues) < as_at}
    for row in acts.itertuples():
        due = row.due_date
        if due is None:
            status = "Complete" if row.plan in finished_plans else "In progress"
        elif due < as_at:
            past += 1
            status = "Delayed" if past % 5 == 0 else "Complete"
        elif due <= as_at + dt.timedelta(days=60):
            soon += 1
            status = "Not started" if soon % 3 == 0 else "In progress"
        else:
            status = "In progress" if due <= as_at + dt.timedelta(days=183) else "Not started"
        changes[int(row.id)] = {"status": status, "progress": ILLUSTRATIVE_STATUS_NOTE}
    return changes


def clear_data(engine: Engine, who: str) -> int | None:
    """Remove every row of every kind's tables as one batch (so that undo puts them all back); None when empty."""
    who = require(engine, who, "demo", "set the store's data aside for the demo").who
    with write(engine) as conn:
        writes = [RowWrite(t.name, dict(row), None) for kind in KINDS.values()
                  for t in (kind.table_obj, *(m.__table__ for m in kind.extra_tables))
                  for row in conn.execute(select(t)).mappings()]
        if not writes:
            return None
        return write_batch(conn, BatchInfo(kind="demo", action="demo", who=who,
                                           file_name="cleared for the demo (undo this batch to put it back)"), writes)


def load_demo(engine: Engine, who: str = "demo", replace: bool = False) -> list[str]:
    """Import every demo file as its own batch and open the dashboard at the demo's meeting date. A store that holds
    data is refused unless `replace`, when its rows are first removed as one batch that undo reverses."""
    lines = []
    if not store_is_empty(engine):
        if not replace:
            raise Refused("the store already holds data; the demo loads only into an empty store (give --replace to "
                          "set the data aside as one batch, which undo puts back, and load the demo)")
        cleared = clear_data(engine, who)
        if cleared:
            lines.append(f"batch {cleared}: the store's data set aside (undo batch {cleared} to put it back)")
    for file in demo_files():
        prepared = prepare(engine, file.kind, file.name, file.data, Options(plan_name=file.plan))
        batch_id, plan = commit(engine, prepared, who, action="demo")
        lines.append(f"batch {batch_id}: {file.kind} from {file.name}: {plan.summary()}")
    if homecare.comparators(engine).empty:
        batch_id = homecare.add_comparators(engine, SEED_COMPARATORS, who, action="demo")
        lines.append(f"batch {batch_id}: homecare comparators from the market analyser (seed 004)")
    statuses = illustrative_statuses(actions.items(engine), MEETING_DATE)
    if statuses:
        batch_id = actions.set_fields(engine, statuses, who, action="demo",
                                      source="illustrative action statuses for the demo")
        lines.append(f"batch {batch_id}: illustrative statuses for {len(statuses)} actions")
    batch_id = meetings.add_meetings(engine, DEMO_MEETINGS, who, action="demo")
    if batch_id:
        lines.append(f"batch {batch_id}: the meetings of seed 004 (7 April, 21 April and 19 May 2008)")
    settings.put(engine, "meeting_date", MEETING_DATE.isoformat(), who)
    lines.append(f"the dashboard opens as at {MEETING_DATE:%d %B %Y}")
    return lines
