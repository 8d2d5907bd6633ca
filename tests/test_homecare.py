"""Home care hours: both layouts, refusals, re-import of a week, the forecast on series with known answers."""

import datetime as dt

import pandas as pd
import pytest

from lib import cli, exports
from lib.areas import homecare
from lib.demo import SEED_COMPARATORS
from lib.importer import Options, commit, prepare
from lib.kinds.homecare import weekly
from lib.store import engine as db
from tests.conftest import snapshot
from tests.workbooks import csv_bytes, xlsx

W1, W2, W3 = dt.date(2008, 1, 4), dt.date(2008, 1, 11), dt.date(2008, 1, 18)

WIDE = [["Home care hours by sector - weekly return"], [],
        ["W/E", "In-house hours", "Independent sector hours", "Total", "% in-house"],
        ["04/01/2008", "8,640", "5,760", "14,400", "60%"],
        ["11/01/2008", "8,500", "5,900", "14,400", "59.0%"],
        ["18/01/2008", "8,400", "6,000", "14,400", "58.3%"],
        ["Total", "25,540", "17,660", "43,200", None]]

LONG = [["Week ending", "Zone", "Provider", "Provider type", "Hours delivered"],
        ["04/01/2008", "North", "Council home care", "LA", "4,000"],
        ["04/01/2008", "South", "Council home care", "In house", "4,640"],
        ["04/01/2008", "North", "Care Co", "Private", "3,000"],
        ["04/01/2008", "South", "Helping Hands", "Voluntary", "2,760"],
        ["11/01/2008", "North", "Council home care", "council", "3,900"],
        ["11/01/2008", "South", "Council home care", "internal", "4,600"],
        ["11/01/2008", "North", "Care Co", "external", "3,100"],
        ["11/01/2008", "South", "Helping Hands", "third sector", "2,800"],
        ["18/01/2008", "North", "Council home care", "Local Authority", "3,850"],
        ["18/01/2008", "South", "Council home care", "in-house", "4,550"],
        ["18/01/2008", "North", "Care Co", "independent", "3,150"],
        ["18/01/2008", "South", "Helping Hands", "Independent", "2,850"]]


def load(engine, name, data, **options):
    prepared = prepare(engine, "homecare", name, data, Options(**options))
    return commit(engine, prepared, "tester")


@pytest.mark.parametrize("name, data", [("wide.xlsx", xlsx(("Return", WIDE))), ("long.csv", csv_bytes(LONG))],
                         ids=["one row per week", "week x area x provider"])
def test_both_layouts_give_the_same_weekly_figures(engine, name, data):
    load(engine, name, data)
    df = exports.export_frame(engine, "homecare")
    assert list(df.columns)[:5] == ["week_ending", "in_house_hours", "independent_hours", "total_hours",
                                    "in_house_share"]
    assert list(df["week_ending"]) == [W1, W2, W3]
    assert list(df["in_house_hours"]) == [8640, 8500, 8400]
    assert list(df["independent_hours"]) == [5760, 5900, 6000]
    assert list(df["total_hours"]) == [14400] * 3
    assert df["in_house_share"].iloc[0] == 0.6


def test_the_command_line_imports_and_exports_homecare(store_url, tmp_path, capsys):
    (tmp_path / "long.csv").write_bytes(csv_bytes(LONG))
    assert cli.main(["import", "homecare", str(tmp_path / "long.csv")]) == 0
    assert "12 added" in capsys.readouterr().out
    assert cli.main(["export", "homecare", str(tmp_path / "out.csv"), "--as-at", "2008-01-11"]) == 0
    text = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert text[0] == "week_ending,in_house_hours,independent_hours,total_hours,in_house_share"
    assert text[1:] == ["2008-01-04,8640,5760,14400,0.6", "2008-01-11,8500,5900,14400,0.590278"]


def test_reimporting_a_week_replaces_everything_stored_for_it(engine):
    load(engine, "long.csv", csv_bytes(LONG))
    again = [LONG[0], ["11/01/2008", "All", "Council home care", "In-house", "8,000"],
             ["11/01/2008", "All", "Care Co", "Independent", "6,400"]]
    batch, plan = load(engine, "week2.csv", csv_bytes(again))
    assert (plan.count("add"), plan.count("remove")) == (2, 4)
    df = exports.export_frame(engine, "homecare").set_index("week_ending")
    assert df.loc[W2, "in_house_hours"] == 8000 and df.loc[W1, "in_house_hours"] == 8640


@pytest.mark.parametrize("rows, expected", [
    ([LONG[0], ["04/01/2008", "North", "Care Co", "Private", "-30"]],
     "row 2, column 'Hours delivered' (E): found '-30', expected hours of zero or more"),
    ([LONG[0], ["04/01/2008", "North", "Care Co", "Private", "lots"]],
     "row 2, column 'Hours delivered' (E): found 'lots', expected a number"),
    ([LONG[0], ["04/01/2008", "North", "Care Co", "Council-ish", "30"]],
     "column 'Provider type' (D): found 'Council-ish', expected a sector word (In-house: in-house"),
    ([LONG[0], [None, "North", "Care Co", "Private", "30"]],
     "row 2, column 'Week ending' (A): found '', expected a date (day/month/year)"),
    ([LONG[0], ["31/02/2008", "North", "Care Co", "Private", "30"]],
     "row 2, column 'Week ending' (A): found '31/02/2008', expected a real date (day/month/year)"),
    ([LONG[0], ["04/01/2008", "North", "Care Co", "Private", "30"], ["04/01/2008", "North", "Care Co", "Private",
                                                                       "40"]],
     "appears twice with different figures (rows 2 and 3)"),
    ([WIDE[2], ["04/01/2008", "8,640", "5,760", "14,000", None]],
     "column 'Total' (D): found '14000', expected the in-house plus independent hours, 14400"),
    ([WIDE[2], ["04/01/2008", "8,640", "5,760", None, "50%"]],
     "column '% in-house' (E): found '50.0%', expected the in-house share of the hours, 60.0%"),
    ([["Week ending", "Area", "Hours"], ["04/01/2008", "North", "30"]],
     "missing required column 'Sector'"),
])
def test_refusals_name_the_cell_and_change_nothing(store_url, tmp_path, capsys, rows, expected):
    engine = db.get_engine(store_url)
    (tmp_path / "good.csv").write_bytes(csv_bytes(LONG))
    assert cli.main(["import", "homecare", str(tmp_path / "good.csv")]) == 0
    before = snapshot(engine)
    (tmp_path / "bad.csv").write_bytes(csv_bytes(rows))
    capsys.readouterr()
    assert cli.main(["import", "homecare", str(tmp_path / "bad.csv")]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert snapshot(engine) == before


def series(shares: list[float], start=dt.date(2008, 1, 4)) -> pd.DataFrame:
    return pd.DataFrame({"week_ending": [start + dt.timedelta(weeks=i) for i in range(len(shares))],
                         "in_house_share": shares})


TARGET = homecare.Target(baseline_share=0.60, baseline_date=dt.date(2008, 1, 4), target_share=0.35,
                         target_date=dt.date(2009, 3, 27))


def test_forecast_on_course():
    # one point a week from 60%: 35% is 25 weeks after the first week, long before the target date
    fc = homecare.forecast(series([0.60 - 0.01 * i for i in range(8)]), TARGET)
    assert fc.status == "on course"
    assert fc.date == dt.date(2008, 1, 4) + dt.timedelta(weeks=25)
    assert fc.earliest == fc.latest == fc.date  # a perfect line has no spread
    assert fc.change_per_week == pytest.approx(-0.01)


def test_forecast_off_course():
    # a tenth of a point a week: 250 weeks to go
    fc = homecare.forecast(series([0.60 - 0.001 * i for i in range(8)]), TARGET)
    assert fc.status == "not on course"
    assert fc.date == dt.date(2008, 1, 4) + dt.timedelta(weeks=250)
    assert "Not on course" in fc.sentence(TARGET)


def test_forecast_flat_or_rising_is_not_on_course():
    assert homecare.forecast(series([0.6] * 8), TARGET).status == "flat or rising"
    fc = homecare.forecast(series([0.60 + 0.002 * i for i in range(8)]), TARGET)
    assert fc.status == "flat or rising" and fc.date is None
    assert fc.sentence(TARGET).startswith("Not on course")


def test_forecast_with_too_little_data():
    fc = homecare.forecast(series([0.6, 0.59, 0.58]), TARGET)
    assert fc.status == "too little data" and fc.date is None
    assert "3 week(s)" in fc.sentence(TARGET)


def test_forecast_range_widens_with_noise_and_uses_the_window():
    noisy = [0.60, 0.585, 0.583, 0.57, 0.565, 0.548, 0.545, 0.53]
    fc = homecare.forecast(series(noisy), TARGET)
    assert fc.earliest < fc.date < fc.latest
    early = homecare.forecast(series([0.6] * 10 + [0.6 - 0.01 * i for i in range(1, 5)]), TARGET, window=4)
    assert early.status == "on course"


def test_position_and_trajectory():
    weeks = pd.DataFrame({"week_ending": [dt.date(2008, 1, 4), dt.date(2008, 1, 11)],
                          "in_house_hours": [8640.0, 8500.0], "independent_hours": [5760.0, 5900.0],
                          "total_hours": [14400.0, 14400.0], "in_house_share": [0.6, 8500 / 14400]})
    target = homecare.Target()
    pos = homecare.position(weeks, target)
    assert pos["hours_to_transfer"] == pytest.approx(8500 - 0.35 * 14400)
    assert pos["savings_run_rate"] == pytest.approx((0.6 - 8500 / 14400) * 14400 * (15.38 - 7.69) * 52)
    assert target.planned_share(target.baseline_date) == 0.60
    assert target.planned_share(target.target_date) == 0.35
    assert target.planned_share(dt.date(2020, 1, 1)) == 0.35


def test_hot_spots_flag_areas_that_rose_or_stalled(engine):
    load(engine, "long.csv", csv_bytes(LONG))
    spots = homecare.hot_spots(homecare.weekly_by_area(engine), W3).set_index("area")
    assert spots.loc["North", "flag"] == "▼ fell"
    rows = LONG[:9] + [["18/01/2008", "North", "Council home care", "LA", "4,300"],
                       ["18/01/2008", "North", "Care Co", "Private", "2,700"]]
    load(engine, "rose.csv", csv_bytes(rows))
    spots = homecare.hot_spots(homecare.weekly_by_area(engine), W3).set_index("area")
    assert spots.loc["North", "flag"] == "▲ rose"
    assert spots.loc["North", "new_independent_hours"] == 2700 - 3100


def test_comparators_from_the_seed_and_added_in_the_app_are_undoable(engine):
    from lib.store import batches as history

    homecare.add_comparators(engine, SEED_COMPARATORS, "tester", action="demo")
    df = homecare.comparators(engine)
    assert len(df) == 12
    rotherham_2003 = df[(df["comparator"] == "Rotherham") & (df["period"] == "September 2003")]
    assert rotherham_2003["in_house_share"].iloc[0] == 0.40
    batch = homecare.add_comparators(engine, [homecare.comparator_row("Sheffield", dt.date(2006, 9, 30), 45.5,
                                                                      "CSCI survey 2006")], "tester")
    assert len(homecare.comparators(engine)) == 13
    history.undo(engine, batch, "tester")
    assert len(homecare.comparators(engine)) == 12


def test_target_is_stored_and_read_back(engine):
    target = homecare.Target(0.58, dt.date(2008, 1, 1), 0.40, dt.date(2009, 6, 30), 16.0, 8.0, 1_000_000)
    homecare.save_target(engine, target, "tester")
    assert homecare.load_target(engine) == target


def sheet_table(sheet) -> tuple[list[str], list[str], list[dict]]:
    """A sheet written for people: (the lines above its table, its headings, its rows as {heading: cell})."""
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if len([c for c in row if c.value is not None]) > 1)
    notes = [row[0].value for row in rows[:start]]
    headings = [c.value for c in rows[start]]
    return notes, headings, [dict(zip(headings, row)) for row in rows[start + 1:]]


def test_weekly_check_workbook_for_the_groups_record(engine):
    import io

    import openpyxl

    batch, _ = load(engine, "long.csv", csv_bytes(LONG))
    weeks = weekly(engine)
    target = homecare.Target()
    pos = homecare.position(weeks, target)
    spots = homecare.hot_spots(homecare.weekly_by_area(engine), pos["week_ending"])
    source = homecare.week_source({"2008-01-04 to 2008-01-18": {"id": batch, "file_name": "long.csv",
                                                                "created_by": "Brokerage",
                                                                "created_at": dt.datetime(2008, 1, 21, 9, 0),
                                                                "illustrative": False}}, pos["week_ending"])
    data = homecare.weekly_check_workbook(weeks, spots, pos, homecare.forecast(weeks, target), target, source)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["This week", "Hot spots", "Weeks"]
    notes, headings, rows = sheet_table(book["This week"])
    assert notes[0] == "Weekly impact group check: home care, week ending 18 January 2008"
    assert "From long.csv (batch" in notes[1] and not any("Illustrative" in n for n in notes)
    assert headings == ["Measure", "Value"]
    summary = {row["Measure"].value: row["Value"] for row in rows}
    assert summary["Week ending"].value == "18 January 2008"
    assert summary["In-house share this week"].value == "58.3%"  # 8,400 of 14,400
    assert summary["Change since last week"].value == "down 0.7 points"
    assert summary["In-house hours this week"].value == 8400
    assert summary["In-house hours this week"].number_format == "#,##0"
    assert summary["Hours a week still to move at this volume"].value == round(8400 - 0.35 * 14400)
    assert "Too little data" in summary["Forecast"].value

    _, headings, rows = sheet_table(book["Hot spots"])
    assert all("_" not in h for h in headings)  # headings in words, not field names
    north = next(r for r in rows if r["Area"].value == "North")  # 3,900 -> 3,850 in-house; 3,100 -> 3,150 not
    assert north["In-house share this week"].value == pytest.approx(0.55, abs=1e-4)
    assert north["In-house share this week"].number_format == "0.0%"
    assert north["New independent hours since last week"].value == 50
    assert north["New in-house hours since last week"].value == -50

    _, headings, rows = sheet_table(book["Weeks"])
    assert headings == ["Week ending", "In-house hours", "Independent hours", "Total hours", "In-house share"]
    assert rows[0]["Week ending"].value.date() == W1 and rows[0]["Week ending"].number_format == "dd/mm/yyyy"
    assert [r["In-house share"].value for r in rows] == [0.6, 0.5903, 0.5833]
    assert {r["In-house share"].number_format for r in rows} == {"0.0%"}


def test_weekly_check_workbook_says_when_its_figures_are_illustrative(store_url):
    import io

    import openpyxl

    from lib import demo
    from lib.store import batches

    engine = db.get_engine(store_url)
    demo.load_demo(engine)
    weeks = weekly(engine)
    target = homecare.load_target(engine)
    pos = homecare.position(weeks, target)
    spots = homecare.hot_spots(homecare.weekly_by_area(engine), pos["week_ending"])
    source = homecare.week_source(batches.import_sources(engine, "homecare"), pos["week_ending"])
    assert source["illustrative"] and source["file_name"] == "illustrative_homecare_hours.xlsx"
    data = homecare.weekly_check_workbook(weeks, spots, pos, homecare.forecast(weeks, target), target, source)
    book = openpyxl.load_workbook(io.BytesIO(data))
    for name in book.sheetnames:
        notes, _, rows = sheet_table(book[name])
        assert any(n.startswith("Illustrative figures") for n in notes), name
    _, _, rows = sheet_table(book["Hot spots"])
    for row in rows:  # whole hours, shares as fractions shown as %, changes in points to one place
        assert all(float(row[h].value).is_integer() for h in row if "hours" in h and row[h].value is not None)
        assert row["Change (percentage points)"].value == round(row["Change (percentage points)"].value, 1)
    assert homecare.week_source(batches.import_sources(engine, "homecare"), dt.date(2001, 1, 5)) is None


@pytest.mark.parametrize("change, delta, colour", [(0.0004, "no change on last week", "off"),
                                                   (-0.0004, "no change on last week", "off"),
                                                   (0.012, "+1.2 points on last week", "inverse"),
                                                   (-0.003, "-0.3 points on last week", "inverse"),
                                                   (None, None, "inverse")])
def test_share_change_wording(change, delta, colour):
    from lib import fmt

    args = fmt.points_delta_args(change, "on last week")
    assert (args["delta"], args["delta_color"]) == (delta, colour)
