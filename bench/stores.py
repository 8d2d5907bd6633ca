"""Stores and workbooks at 1x, 10x and 100x a council's data, for the benchmarks. Generated once, kept in
bench/.stores/ (ignored by git) and reused while this file is unchanged.

    .venv/bin/python bench/stores.py [1x 10x 100x]

Each store is the demo (so that every page has what it shows) with, on top, through the real import pipeline
(lib.importer.prepare / commit: real batches, every one undoable):

| scale | contracts | weekly hours | actions | monthly revenue reports |
|---|---|---|---|---|
| 1x | 500 | 3 years x 7 areas x 10 providers (10,920 rows) | 300 in 5 plans | 36 of 40 lines |
| 10x | 5,000 | 3 years x 7 areas x 100 providers (109,200 rows) | 3,000 in 50 plans | 360 of 40 lines |
| 100x | 50,000 | 10 years x 7 areas x 100 providers (364,000 rows) | 30,000 in 500 plans | 360 of 400 lines |

The workbooks of the same sizes are written beside each store (workbooks/): the contract register (12 columns under
the Local Government Transparency Code's own names), the hours, one plan and one report.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".stores"
SCALES = {
    "1x": dict(contracts=500, years=3, providers=10, plans=5, actions=60, reports=36, lines=40),
    "10x": dict(contracts=5_000, years=3, providers=100, plans=50, actions=60, reports=360, lines=40),
    "100x": dict(contracts=50_000, years=10, providers=100, plans=500, actions=60, reports=360, lines=400),
}
AS_AT = dt.date(2008, 4, 21)  # the demo's meeting: every page opens on it
AREAS = ["Rother Valley South", "Rother Valley West", "Wentworth North", "Wentworth South", "Wentworth Valley",
         "Rotherham North", "Rotherham South"]
# the Transparency Code's own column names (12), then the commissioning columns the store's register also has
REGISTER_HEADER = ["Reference Number", "Title of Agreement", "Department", "Description of goods and services",
                   "Supplier Name", "Company Registration Number", "Sum to be paid over the length of the contract",
                   "VAT that cannot be recovered", "Contract Start Date", "Contract End Date", "Review Date", "SME"]
EXTRA_HEADER = ["Service type", "Contract type", "Provider sector", "Zone", "Last monitoring visit"]
SERVICES = ["Home care", "Residential care", "Nursing care", "Day care", "Supported living", "Meals", "Advocacy"]
SECTORS = ["Private", "Voluntary", "In-house", "NHS"]
TYPES = ["Block", "Spot", "Framework", "Grant", "Cost and volume"]


def register_rows(count: int, extra: bool = True) -> list[list]:
    rows = [REGISTER_HEADER + (EXTRA_HEADER if extra else [])]
    for n in range(count):
        start = dt.date(2003, 1, 1) + dt.timedelta(days=(n * 37) % 3650)
        end = start + dt.timedelta(days=365 * (1 + n % 5))
        value = 5_000 + (n * 7919) % 2_000_000
        row = [f"ASC-{n:06d}", f"{SERVICES[n % 7]} agreement {n}", "Neighbourhoods and Adult Services",
               f"{SERVICES[n % 7]} for adults, lot {n % 40}", f"Provider {n % 997:03d} Ltd",
               f"{5_000_000 + n % 997:08d}",
               value, round(value * 0.02, 2) if n % 9 == 0 else 0, start, end,
               end - dt.timedelta(days=180), "Yes" if n % 3 else "No"]
        if extra:
            row += [SERVICES[n % 7], TYPES[n % 5], SECTORS[n % 4], AREAS[n % 7],
                    start + dt.timedelta(days=(n * 13) % 900) if n % 6 else None]
        rows.append(row)
    return rows


def hours_rows(years: int, providers: int, first_year: int | None = None) -> list[list]:
    last = dt.date(2008, 3, 30)  # a Sunday
    weeks = [last - dt.timedelta(days=7 * w) for w in range(52 * years)][::-1]
    if first_year is not None:
        weeks = [w for w in weeks if w.year == first_year]
    rows = [["Week ending", "Area assembly", "Provider", "Sector", "Hours delivered"]]
    for w, week in enumerate(weeks):
        for a, area in enumerate(AREAS):
            for p in range(providers):
                in_house = p == 0
                hours = (1200 - w % 300) if in_house else 40 + (w + a * 7 + p * 3) % 60
                rows.append([week, area, "In-house service" if in_house else f"Agency {p:03d}",
                             "In-house" if in_house else "Independent", hours])
    return rows


def plan_rows(plan: int, count: int) -> list[list]:
    rows = [["Ref", "Objective", "Action", "Lead", "Due date", "Status", "Progress"]]
    statuses = ["Not started", "In progress", "Complete", "Delayed", "In progress", "Complete"]
    for n in range(count):
        objective = n // 10 + 1
        due = dt.date(2006, 1, 31) + dt.timedelta(days=(plan * 53 + n * 17) % 1460)
        rows.append([f"{objective}.{n % 10 + 1}", f"{objective}. Objective {objective} of plan {plan}",
                     f"Action {n + 1} of plan {plan}: review and report", f"Officer {(plan + n) % 23:02d}", due,
                     statuses[(plan + n) % 6], "Progress noted at the last meeting" if n % 4 == 0 else None])
    return rows


def report_rows(day: dt.date, month: int, lines: int) -> list[list]:
    rows = [[f"Revenue monitoring as at {day:%d %B %Y}"],
            ["Section", "Service area", "Annual budget £000", "Projected outturn £000", "RAG"]]
    for n in range(lines):
        budget = 500 + n
        outturn = budget + (n * month) % 37 - 18
        rows.append([f"Division {n % 8}", f"Service {n:03d}", budget, outturn, "Red" if outturn > budget else "Green"])
    return rows


def month_ends(count: int) -> list[dt.date]:
    """`count` month ends up to 31 March 2008, oldest first."""
    out, day = [], dt.date(2008, 4, 1)
    for _ in range(count):
        day = day - dt.timedelta(days=1)
        out.append(day)
        day = day.replace(day=1)
    return out[::-1]


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode()


def xlsx_bytes(rows: list[list], sheet: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fingerprint() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def folder(scale: str) -> Path:
    return CACHE / scale


def store_url(scale: str) -> str:
    """The store at `scale`, generated first if it is not cached (or this file changed since)."""
    path = folder(scale) / "store.db"
    stamp = folder(scale) / "made-by"
    if not path.exists() or not stamp.exists() or stamp.read_text() != _fingerprint():
        generate(scale)
    return f"sqlite:///{path}"


def copy_of(scale: str, into: Path) -> str:
    """A private copy of the cached store (a benchmark that writes must not change the cache)."""
    source = Path(store_url(scale).split("///", 1)[1])
    into.mkdir(parents=True, exist_ok=True)
    target = into / f"{scale}.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def generate(scale: str) -> None:
    from lib import demo
    from lib.importer import Options, commit, prepare
    from lib.store import engine as db

    size = SCALES[scale]
    where = folder(scale)
    shutil.rmtree(where, ignore_errors=True)
    (where / "workbooks").mkdir(parents=True)
    started = time.perf_counter()
    engine = db.make_engine(f"sqlite:///{where / 'store.db'}")
    demo.load_demo(engine)
    options = dict(max_bytes=500 * 2**20)

    def load(kind, name, data, plan=None):
        commit(engine, prepare(engine, kind, name, data, Options(plan_name=plan, **options)), "bench")

    load("contracts", "register.csv", csv_bytes(register_rows(size["contracts"])))
    for year in range(2008 - size["years"] - 1, 2009):  # a file a year, as a team would send them
        rows = hours_rows(size["years"], size["providers"], first_year=year)
        if len(rows) > 1:
            load("homecare", f"hours_{year}.csv", csv_bytes(rows))
    for plan in range(size["plans"]):
        load("actions", f"plan_{plan:03d}.csv", csv_bytes(plan_rows(plan, size["actions"])), f"Bench plan {plan:03d}")
    for month, day in enumerate(month_ends(size["reports"])):
        load("revenue", f"revenue_{day}.csv", csv_bytes(report_rows(day, month, size["lines"])))
    engine.dispose()

    books = where / "workbooks"
    (books / "contracts.xlsx").write_bytes(xlsx_bytes(register_rows(size["contracts"], extra=False), "Contracts"))
    (books / "homecare.xlsx").write_bytes(xlsx_bytes(hours_rows(size["years"], size["providers"]), "Hours"))
    (books / "actions.xlsx").write_bytes(xlsx_bytes(plan_rows(0, size["actions"] * size["plans"]), "Plan"))
    (books / "revenue.xlsx").write_bytes(xlsx_bytes(report_rows(dt.date(2008, 3, 31), 0, size["lines"] * 10),
                                                    "Monitoring"))
    (where / "made-by").write_text(_fingerprint())
    print(f"{scale}: generated in {time.perf_counter() - started:.0f} s, "
          f"{os.path.getsize(where / 'store.db') / 2**20:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    for name in sys.argv[1:] or list(SCALES):
        print(store_url(name))
