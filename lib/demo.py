"""The demo store: the Rotherham April 2008 papers (seed 004) exactly as printed, plus illustrative earlier
reports, all loaded through the same import pipeline a person uses, as numbered batches.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from . import homecare, settings
from .ingest.pipeline import Options, commit, prepare
from .models import ImportBatch
from .seed_workbooks import (
    illustrative_contracts_workbook,
    illustrative_homecare_workbook,
    illustrative_revenue_reports,
    seed_capital_workbook,
    seed_revenue_workbook,
)

MEETING_DATE = dt.date(2008, 4, 21)  # the Cabinet Member meeting of seed 004


def store_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ImportBatch.__table__)).scalar_one() == 0


def demo_files() -> list[tuple[str, str, bytes]]:
    """(kind, file name, bytes) in the order they load."""
    files = [("revenue", f"illustrative_revenue_{d.isoformat()}.xlsx", data)
             for d, data in illustrative_revenue_reports()]
    files.append(("revenue", "seed_004_revenue_2008-03-31.xlsx", seed_revenue_workbook()))
    files.append(("capital", "seed_004_capital_2008-03-31.xlsx", seed_capital_workbook()))
    files.append(("homecare", "illustrative_homecare_hours.xlsx", illustrative_homecare_workbook()))
    files.append(("contracts", "illustrative_contract_register.xlsx", illustrative_contracts_workbook()))
    return files


def load_demo(engine: Engine, who: str = "demo") -> list[str]:
    """Import every demo file as its own batch and open the dashboard at the demo's meeting date."""
    lines = []
    for kind, name, data in demo_files():
        prepared = prepare(engine, kind, name, data, Options())
        batch_id, plan = commit(engine, prepared, who, action="demo")
        lines.append(f"batch {batch_id}: {kind} from {name}: {plan.summary()}")
    if homecare.comparators(engine).empty:
        batch_id = homecare.add_comparators(engine, homecare.SEED_COMPARATORS, who, action="demo")
        lines.append(f"batch {batch_id}: homecare comparators from the market analyser (seed 004)")
    settings.put(engine, "meeting_date", MEETING_DATE.isoformat(), who)
    lines.append(f"the dashboard opens as at {MEETING_DATE:%d %B %Y}")
    return lines
