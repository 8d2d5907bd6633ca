"""Each area's headline and "since the last meeting": stores whose pictures at two dates differ in known ways (a line
turning Red, one recovering, an action falling overdue, a contract ending, the home care share moving, an indicator
changing RAG) must say so in plain words with the figures; a change under the threshold must be silent; the most
important comes first. Also the `changes` command."""

from __future__ import annotations

import datetime as dt

from lib import cli
from lib.areas import meetings, summary
from lib.areas.actions import set_fields
from lib.areas.summary import DEFAULT_MATERIALITY, Materiality
from lib.demo import load_demo
from lib.importer import Options, commit, prepare
from lib.kinds.actions import items
from lib.store import batches
from tests.workbooks import csv_bytes, xlsx

D = dt.date
JAN, FEB, MAR = D(2008, 1, 31), D(2008, 2, 29), D(2008, 3, 31)
REVENUE_HEADER = ["Service Area", "Annual Budget £000", "Projected outturn £000", "RAG"]


def load(engine, kind: str, name: str, data: bytes, **options) -> int:
    batch, _ = commit(engine, prepare(engine, kind, name, data, Options(**options)), "Test Officer")
    return batch


def revenue(engine, as_at: dt.date, lines: list[list]) -> None:
    rows = [["Adult Services revenue monitoring"], [f"As at {as_at.day} {as_at:%B %Y}"], [], REVENUE_HEADER, *lines]
    load(engine, "revenue", f"revenue_{as_at}.xlsx", xlsx(("Report", rows)))


def sentences(engine, since, as_at, area=None, materiality=DEFAULT_MATERIALITY) -> list[str]:
    return [c.sentence for c in summary.changes(engine, since, as_at, materiality) if area in (None, c.area)]


def test_a_line_turning_red_and_one_recovering(engine):
    revenue(engine, JAN, [["Older People", 1000, 990, "G"], ["Mental Health", 500, 560, "R"],
                          ["Learning Disabilities", 800, 800, "G"]])
    revenue(engine, FEB, [["Older People", 1000, 1100, "R"], ["Mental Health", 500, 480, "G"],
                          ["Learning Disabilities", 800, 800, "G"]])
    found = summary.changes(engine, D(2008, 2, 1), D(2008, 3, 1))
    said = [c.sentence for c in found if c.area == "revenue"]
    assert "Older People turned Red: now £100k over budget (was £10k under budget, Green)." in said
    assert "Mental Health is no longer Red: now Green, £20k under budget (was £60k over budget)." in said
    # the whole budget went from £50k over to £80k over: £30k, under the £50k threshold, so not written
    assert not any(s.startswith("The whole budget") for s in said)
    assert found[0].sentence.startswith("Older People turned Red")  # bad news first
    red = next(c for c in found if c.sentence.startswith("Older People"))
    assert [f.text for f in red.figures] == ["+£100k", "-£10k", "+£110k"] and red.page == "pages/budget.py"
    assert not any("Learning Disabilities" in s for s in said)


def test_a_change_under_the_threshold_is_silent_and_a_lower_threshold_writes_it(engine):
    revenue(engine, JAN, [["Older People", 1000, 1020, "R"], ["Mental Health", 500, 490, "G"]])
    revenue(engine, FEB, [["Older People", 1000, 1060, "R"], ["Mental Health", 500, 480, "G"]])
    assert sentences(engine, JAN, FEB) == []  # £40k and £10k moves, both under £50k, no RAG changed
    said = sentences(engine, JAN, FEB, materiality=Materiality(money=35_000))
    assert said == ["Older People's forecast overspend grew by £40k to £60k."]


def test_no_new_report_since_the_other_date_says_nothing(engine):
    revenue(engine, JAN, [["Older People", 1000, 1100, "R"]])
    assert sentences(engine, D(2008, 2, 7), D(2008, 2, 21)) == []
    assert summary.movements(engine, D(2008, 2, 7), D(2008, 2, 21))["revenue"].text == \
        "No new report"


def test_the_home_care_share_moving_and_a_small_move_silent(engine):
    rows = [["W/E", "In-house hours", "Independent sector hours"],
            ["04/04/2008", "6,000", "4,000"], ["11/04/2008", "5,980", "4,020"], ["18/04/2008", "5,800", "4,200"]]
    load(engine, "homecare", "hours.csv", csv_bytes(rows))
    said = sentences(engine, D(2008, 4, 7), D(2008, 4, 21), "homecare")
    assert said == ["The in-house share of home care fell 2.0 points to 58.0% (week ending 18 April 2008 against "
                    "4 April 2008); independent providers deliver 200 hours a week more."]
    assert sentences(engine, D(2008, 4, 7), D(2008, 4, 14), "homecare") == []  # 60.0% to 59.8%: under 0.5 points
    assert summary.movements(engine, D(2008, 4, 7), D(2008, 4, 21))["homecare"].text == "Share -2.0 points"


def test_an_area_where_the_in_house_share_rose_is_written_as_a_hot_spot(engine):
    rows = [["Week ending", "Zone", "Provider", "Provider type", "Hours delivered"],
            ["04/04/2008", "North", "Council", "In-house", "500"], ["04/04/2008", "North", "Care Co", "Private", "500"],
            ["04/04/2008", "South", "Council", "In-house", "500"], ["04/04/2008", "South", "Care Co", "Private", "500"],
            ["11/04/2008", "North", "Council", "In-house", "540"], ["11/04/2008", "North", "Care Co", "Private", "460"],
            ["11/04/2008", "South", "Council", "In-house", "400"], ["11/04/2008", "South", "Care Co", "Private", "600"]]
    load(engine, "homecare", "areas.csv", csv_bytes(rows))
    said = sentences(engine, D(2008, 4, 5), D(2008, 4, 12), "homecare")
    assert "In North the in-house share rose 4.0 points to 54.0%, against the direction of the plan." in said
    assert not any("In South" in s for s in said)


def test_an_action_falling_overdue_and_one_marked_complete(engine):
    rows = [["Ref", "Objective", "Action", "Lead", "Due date", "Status"],
            ["1.1", "Better care", "Review the day centres", "Jo Bloggs", "15/04/2008", "In progress"],
            ["1.2", "Better care", "Publish the strategy", "Sam Smith", "30/04/2008", "Not started"],
            ["1.3", "Better care", "Train the brokers", "Sam Smith", "01/04/2008", "In progress"]]
    load(engine, "actions", "plan.csv", csv_bytes(rows), plan_name="Plan")
    said = sentences(engine, D(2008, 4, 7), D(2008, 4, 21), "actions")
    assert said == ["Action Plan 1.1 (Review the day centres) fell overdue: it was due on 15 April 2008 and is in "
                    "progress (lead: Jo Bloggs)."]  # 1.3 was overdue already; 1.2 is not due yet
    assert sentences(engine, D(2008, 4, 16), D(2008, 4, 21), "actions") == []

    today = dt.datetime.now(dt.UTC).date()
    ids = {r["ref"]: r["id"] for _, r in items(engine).iterrows()}
    batch = set_fields(engine, {ids["1.3"]: {"status": "Complete"}}, "Test Officer")
    assert sentences(engine, today, today, "actions") == ["1 action marked complete: Plan 1.3."]
    batches.undo(engine, batch, "Test Officer")  # an undone update did not happen
    assert sentences(engine, today, today, "actions") == []


def test_a_contract_ending_and_a_small_one_silent(engine):
    header = ["Reference Number", "Title of Agreement", "Supplier Name", "Estimated annual spend", "Start Date",
              "End Date"]
    rows = [["MH-01", "Mental health drop-in", "Rotherham Mind", "110,000", "01/04/2006", "10/04/2008"],
            ["TINY-1", "Room hire", "Village Hall", "1,200", "01/04/2006", "12/04/2008"],
            ["ADV-01", "Advocacy", "Advocacy Partnership", "95,000", "01/04/2006", "15/07/2008"],
            ["HC-01", "Home care zone 1", "Care Co", "1,000,000", "01/04/2006", "31/03/2011"]]
    load(engine, "contracts", "register.csv", csv_bytes([header, *rows]))
    said = sentences(engine, D(2008, 4, 7), D(2008, 4, 21), "contracts")
    assert said == ["Contract MH-01 Mental health drop-in (Rotherham Mind, £110k a year) ended on 10 April 2008.",
                    "Contract ADV-01 Advocacy (Advocacy Partnership, £95k a year) now ends within 3 months, on "
                    "15 July 2008."]


def test_an_indicator_changing_rag(engine):
    header = ["Code", "Indicator", "As at", "Target", "Actual", "Polarity"]
    rows = [["C28", "Intensive home care", "31/12/2007", 16, 15.5, "Higher is better"],
            ["C51", "Direct payments", "31/12/2007", 150, 152, "Higher is better"],
            ["C28", "Intensive home care", "31/03/2008", 16, 13.94, "Higher is better"],
            ["C51", "Direct payments", "31/03/2008", 150, 153, "Higher is better"]]
    load(engine, "indicators", "pis.csv", csv_bytes([header, *rows]))
    said = sentences(engine, D(2008, 1, 1), D(2008, 4, 1), "indicators")
    assert said == ["C28 Intensive home care went from Amber to Red: 13.94 against a target of 16 (higher is "
                    "better), was 15.5."]  # C51 moved 1, under 5% of its target of 150
    head = summary.headlines(engine, D(2008, 4, 1))[2]
    assert (head.area, head.rag, head.as_at) == ("indicators", "Red", MAR)
    assert "Amber: worse than target by no more than 5%" in head.rag_basis


def test_the_demo_headlines_as_at_the_meeting(engine):
    load_demo(engine, who="test")
    heads = {h.area: h for h in summary.headlines(engine, D(2008, 4, 21))}
    assert [h.area for h in summary.headlines(engine, D(2008, 4, 21))] == [a.key for a in summary.AREAS]
    budget = heads["revenue"]
    assert budget.as_at == MAR and budget.rag == "Green"
    assert [f.text for f in budget.figures[:3]] == ["£63,256k", "£63,149k", "-£107k"]
    assert budget.sentence == ("Forecast £107k under budget overall, but 5 of 10 service areas overspend: Older "
                               "People's Services most (£338k).")
    assert "Any projected overspend is Red" in budget.rag_basis
    assert not budget.illustrative and budget.sources[0].file_name == "seed_004_revenue_2008-03-31.xlsx"
    assert heads["homecare"].illustrative and heads["homecare"].as_at == D(2008, 4, 18)
    assert heads["indicators"].rag == "Red"  # C28 13.94 against 16
    assert heads["actions"].rag == "Red" and "2 actions overdue" in heads["actions"].sentence
    # the demo's meetings: since the last meeting (7 April) only the weekly hours moved
    assert meetings.previous_meeting(engine, D(2008, 4, 21)).held_on == D(2008, 4, 7)
    found = summary.changes(engine, D(2008, 4, 7), D(2008, 4, 21))
    assert {c.area for c in found} == {"homecare"}
    assert [c.importance for c in found] == sorted((c.importance for c in found), reverse=True)


def test_changes_command_prints_a_sentence_a_line(store_url, engine, capsys):
    revenue(engine, JAN, [["Older People", 1000, 990, "G"]])
    revenue(engine, FEB, [["Older People", 1000, 1100, "R"]])
    assert cli.main(["changes", "--since", "2008-02-01", "--as-at", "2008-03-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Older People turned Red: now £100k over budget (was £10k under budget, Green)."
    assert out[1].startswith("The whole budget moved from £10k under budget to £100k over budget")
    assert cli.main(["changes", "--since", "2008-02-10", "--as-at", "2008-02-20"]) == 0
    assert capsys.readouterr().out.strip() == ("Nothing changed enough to mention between 10 February 2008 and "
                                               "20 February 2008.")
    assert cli.main(["changes", "--as-at", "2008-02-20"]) == 2  # --since is required
