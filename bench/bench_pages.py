"""How long each page takes to run on the server with ten times a council's data, against the same page on the
demo store measured in the same run (the baseline), so that the ratio means something on a noisy machine.

    .venv/bin/python bench/bench_pages.py [REPEATS]

Ten times a council's data, loaded through the import pipeline on top of the demo: a contract register of 5,000
contracts, home care hours by week for 50 providers (about 9,000 rows), ten action plans (about 660 actions) and
twelve monthly revenue reports of 200 lines. Each page is run under Streamlit's AppTest: "first view" right after
a write (the page's cached reads are empty), "again" with them filled, best of REPEATS.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import demo  # noqa: E402
from lib.demo import workbooks as seed_workbooks  # noqa: E402
from lib.demo.plans import seed_000_action_plan, seed_004_action_plan  # noqa: E402
from lib.importer import Options, commit, prepare  # noqa: E402
from lib.store import engine as db  # noqa: E402
from tests.workbooks import csv_bytes  # noqa: E402

PAGES = ["pages/budget.py", "pages/homecare.py", "pages/weekly_check.py", "pages/actions.py", "pages/contracts.py",
         "pages/upload.py"]


def load_ten_times(url: str) -> None:
    engine = db.make_engine(url)
    demo.load_demo(engine)

    def load(kind, name, data, plan=None):
        commit(engine, prepare(engine, kind, name, data, Options(plan_name=plan, max_bytes=200 * 2**20)), "bench")

    base = seed_workbooks.illustrative_contract_rows()
    rows = [seed_workbooks.CONTRACT_HEADER]
    for n in range(5_000):
        row = list(base[n % len(base)])
        row[0] = f"{row[0]}-{n:05d}"
        rows.append(row)
    load("contracts", "register.csv", csv_bytes(rows))

    hours = [["Week ending", "Area assembly", "Provider", "Sector", "Hours delivered"]]
    for week, area, provider, sector, value in seed_workbooks.illustrative_homecare_rows():
        if sector == "In-house":
            hours.append([week, area, provider, sector, value])
            continue
        for copy in range(10):  # the independent hours spread over ten times as many providers
            hours.append([week, area, f"{provider} {copy + 1}", sector, round(value / 10, 1)])
    load("homecare", "hours.csv", csv_bytes(hours))

    for copy in range(5):
        load("actions", "plan004.xlsx", seed_004_action_plan(), f"Plan 004 copy {copy + 1}")
        load("actions", "plan000.xlsx", seed_000_action_plan(), f"Plan 000 copy {copy + 1}")

    for month in range(12):  # April 2007 to March 2008, replacing the demo's own reports for those months
        day = (dt.date(2007, 5, 1) + dt.timedelta(days=31 * month)).replace(day=1) - dt.timedelta(days=1)
        report = [[f"Revenue monitoring as at {day:%d %B %Y}"],
                  ["Section", "Service area", "Annual budget £000", "Projected outturn £000", "RAG"]]
        for n in range(200):
            budget = 500 + n
            outturn = budget + (n * month) % 37 - 18
            report.append([f"Division {n % 8}", f"Service {n:03d}", budget, outturn,
                           "Red" if outturn > budget else "Green"])
        load("revenue", f"revenue_{day}.csv", csv_bytes(report))


def time_pages(url: str, repeats: int) -> dict[str, tuple[float, float]]:
    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["as_at"] = dt.date(2008, 4, 21)
    at.run()
    out = {}
    for page in PAGES:
        at.switch_page(page).run()
        first, again = [], []
        for _ in range(repeats):
            st.cache_data.clear()
            start = time.perf_counter()
            at.run()
            first.append(time.perf_counter() - start)
            start = time.perf_counter()
            at.run()
            again.append(time.perf_counter() - start)
            assert not at.exception, (page, at.exception)
        out[page] = (min(first), min(again), statistics.median(first))
    return out


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        demo_url, big_url = f"sqlite:///{folder}/demo.db", f"sqlite:///{folder}/big.db"
        demo.load_demo(db.make_engine(demo_url))
        start = time.perf_counter()
        load_ten_times(big_url)
        print(f"loaded ten times a council's data in {time.perf_counter() - start:.1f} s\n")
        baseline = time_pages(demo_url, repeats)
        big = time_pages(big_url, repeats)
    print("| page | demo: first view s | demo: again s | 10x: first view s | 10x: again s | 10x / demo (first) |")
    print("|---|---|---|---|---|---|")
    for page in PAGES:
        d, b = baseline[page], big[page]
        print(f"| {page} | {d[0]:.2f} | {d[1]:.2f} | {b[0]:.2f} | {b[1]:.2f} | {b[0] / d[0]:.1f} |")


if __name__ == "__main__":
    main()
