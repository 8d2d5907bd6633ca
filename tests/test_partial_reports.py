"""A budget report missing lines the previous report had (issue 10 point 15): a warning on the preview naming the
lines, and 'partial' where its totals show."""

from __future__ import annotations

import datetime as dt

import pytest

from lib import cli
from lib.areas import budget
from lib.importer import Options, commit, prepare
from tests.workbooks import csv_bytes

AREAS = ["Older People", "Learning Disabilities", "Physical Disabilities", "Mental Health", "Commissioning",
         "Supporting People", "Assessment", "Home Care", "Day Services", "Transport", "Management"]
HEADER = ["Service", "Annual Budget £000", "Projected outturn £000"]


def revenue(as_at: str, areas: list[str]) -> bytes:
    return csv_bytes([[f"As at {as_at}"], HEADER, *([area, "100", "105"] for area in areas)])


CAPITAL_HEADER = ["Scheme code", "Scheme", "Approved budget", "Actual to date", "Projected"]


def capital(as_at: str, codes: list[str]) -> bytes:
    return csv_bytes([[f"As at {as_at}"], CAPITAL_HEADER, *([code, f"Scheme {code}", "10", "5", "10"]
                                                             for code in codes)])


def load(engine, kind: str, name: str, data: bytes):
    prepared = prepare(engine, kind, name, data, Options())
    commit(engine, prepared, "tester")
    return prepared


def test_a_report_missing_lines_of_the_previous_one_is_warned_about_and_marked_partial(engine):
    load(engine, "revenue", "february.csv", revenue("29 February 2008", AREAS))
    prepared = prepare(engine, "revenue", "march.csv", revenue("31 March 2008", AREAS[:3]), Options())
    warnings = [str(w) for w in prepared.warnings]
    assert warnings == [
        "march.csv, sheet 'march': this report has 3 lines where the report as at 29 February 2008 had 11: "
        "'Mental Health', 'Commissioning', 'Supporting People', 'Assessment', 'Home Care', 'Day Services', "
        "'Transport', 'Management' are not in it. If the file holds only part of the report, its totals will be "
        "shown as partial; import the whole report to replace it"]
    commit(engine, prepared, "tester")
    assert budget.partial_report(engine, dt.date(2008, 3, 31)) == (
        "Partial: 3 of the 11 lines of the previous report (as at 29 February 2008); not in this one: 'Mental Health', "
        "'Commissioning', 'Supporting People', 'Assessment', 'Home Care', 'Day Services', 'Transport', 'Management'. "
        "Its totals are for those lines only.")
    assert budget.partial_report(engine, dt.date(2008, 2, 29)) is None  # the first report has nothing before it


def test_more_than_ten_missing_lines_are_counted_not_listed(engine):
    many = [f"Line {i}" for i in range(1, 16)]
    load(engine, "revenue", "february.csv", revenue("29 February 2008", many))
    prepared = prepare(engine, "revenue", "march.csv", revenue("31 March 2008", many[:2]), Options())
    assert ("'Line 3', 'Line 4', 'Line 5', 'Line 6', 'Line 7', 'Line 8', 'Line 9', 'Line 10', 'Line 11', 'Line 12' "
            "and 3 more are not in it") in str(prepared.warnings[0])


@pytest.mark.parametrize("march", [AREAS, [*AREAS, "New service"], [a.upper() for a in AREAS]],
                         ids=["the same lines", "a line more", "written in capitals"])
def test_a_whole_report_is_not_partial(engine, march):
    load(engine, "revenue", "february.csv", revenue("29 February 2008", AREAS))
    prepared = load(engine, "revenue", "march.csv", revenue("31 March 2008", march))
    assert not prepared.warnings
    assert budget.partial_report(engine, dt.date(2008, 3, 31)) is None


def test_the_report_before_is_the_one_compared_with_not_a_later_one(engine):
    load(engine, "revenue", "january.csv", revenue("31 January 2008", AREAS[:3]))
    load(engine, "revenue", "march.csv", revenue("31 March 2008", AREAS))
    prepared = prepare(engine, "revenue", "february.csv", revenue("29 February 2008", AREAS[:3]), Options())
    assert not prepared.warnings  # January had these three lines; March comes after


def test_a_partial_capital_programme_is_warned_about_too(engine):
    load(engine, "capital", "february.csv", capital("29 February 2008", ["UX1", "UX2", "UX3", "UX4"]))
    prepared = load(engine, "capital", "march.csv", capital("31 March 2008", ["UX1"]))
    assert "this report has 1 line where the report as at 29 February 2008 had 4: 'UX2 Scheme UX2'" in str(
        prepared.warnings[0])
    assert budget.partial_report(engine, dt.date(2008, 3, 31), "capital").startswith(
        "Partial: 1 of the 4 lines of the previous report (as at 29 February 2008)")


def test_the_command_line_prints_the_warning_and_imports(store_url, tmp_path, capsys):
    for name, data in (("february.csv", revenue("29 February 2008", AREAS)),
                       ("march.csv", revenue("31 March 2008", AREAS[:3]))):
        (tmp_path / name).write_bytes(data)
        assert cli.main(["import", "revenue", str(tmp_path / name)]) == 0
    out, err = capsys.readouterr()
    assert "warning: march.csv, sheet 'march': this report has 3 lines where the report as at 29 February 2008 " \
           "had 11" in err
    assert "batch 2" in out


def test_the_budget_page_marks_a_partial_report(store_url, tmp_path):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()  # the demo: revenue reports to 31 March 2008, ten lines each
    path = tmp_path / "april.csv"
    path.write_bytes(csv_bytes([["As at 30 April 2008"], HEADER, ["Older People's Services", "100", "105"],
                                ["Learning Disabilities", "50", "50"], ["Mental Health", "20", "21"]]))
    assert cli.main(["import", "revenue", str(path)]) == 0
    at.switch_page("pages/budget.py").run()
    at.selectbox(key="budget_as_at").set_value(dt.date(2008, 4, 30)).run()
    assert not at.exception
    assert any(w.value.startswith("Partial: 3 of the 10 lines of the previous report (as at 31 March 2008)")
               for w in at.warning)
