"""Performance indicators, the sixth kind: read from a workbook with one row per indicator (and from the template
download), RAG from target, actual and polarity with a tolerance, export, refusals, and the Budget page's tab."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from lib import cli
from lib.demo.workbooks import seed_indicators_workbook
from lib.ingest.templates import template_workbook
from lib.kinds import indicators
from lib.kinds.indicators import INDICATORS, IndicatorPolicy
from lib.store import engine as db
from lib.vocab import HIGHER, LOWER
from tests.conftest import ROOT, snapshot
from tests.workbooks import csv_bytes, xlsx

MARCH = "2008-03-31"


def run(tmp_path, name: str, data: bytes, *args: str) -> int:
    path = tmp_path / name
    path.write_bytes(data)
    return cli.main(["import", "indicators", str(path), *args])


def exported(tmp_path, *args: str) -> list[dict]:
    out = tmp_path / "indicators.csv"
    assert cli.main(["export", "indicators", str(out), *args]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_seed_004_indicators_as_printed_export_with_their_rag(store_url, tmp_path, capsys):
    assert run(tmp_path, "pis.xlsx", seed_indicators_workbook()) == 0
    assert "batch 1: indicators" in capsys.readouterr().out
    rows = exported(tmp_path, "--as-at", MARCH)
    assert list(rows[0])[:7] == ["as_at", "code", "indicator", "target", "actual", "polarity", "rag"]
    got = {r["code"]: (r["as_at"], r["target"], r["actual"], r["polarity"], r["rag"]) for r in rows}
    assert got == {"C72": (MARCH, "95", "94.6", LOWER, "Green"),
                   "C28": (MARCH, "16", "13.94", HIGHER, "Red"),
                   "C51": (MARCH, "150", "161", HIGHER, "Green")}


def test_the_template_download_imports_once_filled_in(store_url, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(INDICATORS)))
    sheet = book.active
    assert [c.value for c in sheet[2]][:5] == ["Code", "Indicator", "As at", "Period", "Target"]
    header = [c.value for c in sheet[2]]
    for values in ({"Code": "NI 130", "Indicator": "Social care clients receiving self-directed support",
                    "As at": dt.date(2009, 3, 31), "Target": 30, "Actual": 28.9, "Polarity": "higher"},
                   {"Code": "NI 132", "Indicator": "Timeliness of social care assessment",
                    "As at": dt.date(2009, 3, 31), "Target": 80, "Actual": 70, "Polarity": "Higher is better"}):
        sheet.append([values.get(h) for h in header])
    out = io.BytesIO()
    book.save(out)
    assert run(tmp_path, "template.xlsx", out.getvalue()) == 0
    rows = {r["code"]: r for r in exported(tmp_path)}
    assert rows["NI 130"]["rag"] == "Amber"  # 1.1 short of 30 is within 5% of it
    assert rows["NI 132"]["rag"] == "Red"
    assert rows["NI 130"]["as_at"] == "2009-03-31"


def test_an_as_at_column_keeps_each_report_and_a_reimport_replaces_its_date(engine, tmp_path):
    header = ["As at", "PI", "Measure", "Target", "Actual", "Good is"]
    rows = [["30/09/2007", "C72", "Admissions", 95, 97.2, "Lower"],
            ["31/03/2008", "C72", "Admissions", 95, 94.6, "low"]]
    assert run(tmp_path, "two.csv", csv_bytes([header, *rows])) == 0
    policy = IndicatorPolicy()
    history = indicators.history(engine, None, policy)
    assert list(zip(history["as_at"], history["rag"])) == [(dt.date(2007, 9, 30), "Amber"),
                                                           (dt.date(2008, 3, 31), "Green")]
    again = [["31/03/2008", "C72", "Admissions", 95, 96, "Lower"]]
    assert run(tmp_path, "again.csv", csv_bytes([header, *again])) == 0
    history = indicators.history(engine, None, policy)
    assert list(history["actual"]) == [97.2, 96.0]


def test_the_tolerance_is_the_teams_to_set(engine):
    assert IndicatorPolicy().rag(16, 13.94, HIGHER) == "Red"
    assert IndicatorPolicy(tolerance_pct=15).rag(16, 13.94, HIGHER) == "Amber"
    assert IndicatorPolicy().rag(95, 99.75, LOWER) == "Amber"  # exactly 5% worse
    assert IndicatorPolicy().rag(95, 99.76, LOWER) == "Red"
    indicators.save_policy(engine, IndicatorPolicy(tolerance_pct=15, source="Set by the team"), "tester")
    assert indicators.load_policy(engine).tolerance_pct == 15
    assert "15%" in indicators.load_policy(engine).describe()


@pytest.mark.parametrize(("cell", "value", "expected"), [
    ("Target", "n/a", "found 'n/a', expected a number"),
    ("Polarity", "sideways", "found 'sideways', expected whether higher or lower is better (Higher is better:"),
])
def test_refused_with_the_cell_named_and_the_store_unchanged(store_url, tmp_path, capsys, cell, value, expected):
    assert run(tmp_path, "pis.xlsx", seed_indicators_workbook()) == 0
    engine = db.get_engine(store_url)
    before = snapshot(engine)
    header = ["Code", "Indicator", "Target", "Actual", "Polarity"]
    row = dict(zip(header, ["C28", "Intensive home care", 16, 13.94, "Higher is better"]))
    row[cell] = value
    data = xlsx(("PIs", [["Performance indicators - As at 31 March 2008"], header, list(row.values())]))
    capsys.readouterr()
    assert run(tmp_path, "bad.xlsx", data) == 1
    err = capsys.readouterr().err
    letter = "ABCDE"[header.index(cell)]
    assert f"bad.xlsx, sheet 'PIs', row 3, column '{cell}' ({letter}): {expected}" in err
    assert "nothing was changed" in err and "Traceback" not in err
    assert snapshot(engine) == before


def test_without_a_date_the_import_asks_for_one(store_url, tmp_path, capsys):
    data = xlsx(("PIs", [["Code", "Indicator", "Target", "Actual", "Polarity"], ["C51", "Direct payments", 150, 161,
                                                                                  "Higher is better"]]))
    assert run(tmp_path, "nodate.xlsx", data) == 1
    assert "no reporting date" in capsys.readouterr().err
    assert run(tmp_path, "nodate.xlsx", data, "--as-at", MARCH) == 0


def test_budget_page_shows_the_indicators_beside_the_budget(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/budget.py").run()  # the Overview is the landing page
    assert not at.exception
    tables = [t.value for t in at.dataframe]
    pis = next(t for t in tables if "Indicator" in t.columns)
    assert dict(zip(pis["Code"], pis["RAG"])) == {"C72": "● Green", "C28": "▲ Red", "C51": "● Green"}
    captions = " ".join(str(c.value) for c in at.caption)
    assert "within 5% of the target" in captions or "no more than 5%" in captions
