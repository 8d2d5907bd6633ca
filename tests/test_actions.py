"""Action plans: plans read as they are written, due dates case by case, statuses, refusals, re-import by
reference and order, RAG on a given date, and the in-app update + undo round trip."""

import datetime as dt

import pandas as pd
import pytest

from lib import cli, exports
from lib.areas import actions
from lib.errors import EditRefused
from lib.importer import Options, commit, prepare
from lib.ingest.values import parse_due
from lib.kinds import actions as action_kind
from lib.store import batches as history
from lib.store import engine as db
from tests.conftest import snapshot
from tests.workbooks import csv_bytes, xlsx

D = dt.date

PLAN_000 = [["Adult Social Care Voluntary Sector Audit – Strategic Action Plan"], [],
            ["Page", "Review Findings", "Responsibility", "Actions", "Date"],
            ["1", "2ND PHASE", None, None, None],
            ["1.1", "Lessons of the 1st phase to be acknowledged", "KH", "Decide on the 1st phase action plans",
             "31/03/05"],
            [None, None, "RW", "Apply for exemption from contracting", dt.datetime(2005, 3, 31)],
            [None, None, "CMT", "Decide approach, resources and timescale. Also refer to 1.2, 4.4", "31/05/05"],
            ["1.2", "Determine how the audit links to the Strategic Review of Older People", None, None, None],
            ["Page", "Recommendation", "Responsibility", "Actions", "Date"],
            ["4", "COMMISSIONING & MANAGING THE INTERFACE", None, None, None],
            ["4.4", "A key support area identified is for training", "Project Officer", "Consider training needs",
             "Outline proposals March 06"],
            ["4.5", "The role of the volunteer organisations", None, "Linked to the Corporate Strategy",
             "Expected Summer 05"],
            ["4.6", "Briefing staff on new contracts", "KH RW", "Draft proposals", "March 06"],
            ["4.7", "Guidance", "TW", "Implement guidance", "Implement 06/07"],
            ["4.8", "Evaluation", "TW", "Evaluate", "To be determined by the review"],
            ["4.9", "Roll-out", "TW", "Roll out", "TBC"],
            [], ["KEY"], ["KH = Kim Harlock"], ["RW = Rob Wilkes"], ["CMT = Commissioning Management Team"],
            ["TW = Tim Willis"]]

PLAN_004 = [["Strategic Objective", "Actions", "Lead", "Links to JSNA", "Risks"],
            ["1. Helping people to adopt and maintain a healthy lifestyle",
             "Contribute towards the impact of health initiatives with the PCT (June 2008)", "Doug Parkes",
             "JSNA Key Challenge 4", "Inability to show improved choice"],
            [None, "Embed the promotion of a healthy lifestyle in contracts (September 2008)", "Kim Curry", None, None],
            [None, "Contribute towards the Corporate Obesity Strategy (4th April, 2008)", "Vicky Brown Tim Gollins",
             None, None],
            ["2. Develop community based alternatives to residential care",
             "Review existing extra care housing options (SP Target)", "Kim Curry", None, None],
            [None, "Shift the balance of home care provision (December 2008)", "David Stevenson", None, None]]


def load(engine, name, data, plan="Plan"):
    prepared = prepare(engine, "actions", name, data, Options(plan_name=plan))
    return prepared, *commit(engine, prepared, "tester")


@pytest.mark.parametrize("text, date, words", [
    ("31/03/05", D(2005, 3, 31), None),
    ("4th April, 2008", D(2008, 4, 4), None),
    ("June 2008", D(2008, 6, 30), None),
    ("March 06", D(2006, 3, 31), None),
    ("Outline proposals March 06", D(2006, 3, 31), "Outline proposals March 06"),
    ("Implement 06/07", D(2007, 3, 31), "Implement 06/07"),
    ("TBC", None, "TBC"),
    ("Summer 05", None, "Summer 05"),
    ("Expected Summer 05", None, "Expected Summer 05"),
    ("To be determined by the review", None, "To be determined by the review"),
    (dt.datetime(2005, 3, 31), D(2005, 3, 31), None),
    ("Q2 2008/09", D(2008, 9, 30), "Q2 2008/09"),  # financial-year quarters: April-June is Q1
    ("Q4 08/09", D(2009, 3, 31), "Q4 08/09"),
    ("Mar 2009 - Jun 2009", D(2009, 6, 30), "Mar 2009 - Jun 2009"),  # a range is due at its end
    ("1/4/08 to 30/6/08", D(2008, 6, 30), "1/4/08 to 30/6/08"),
    ("Ongoing", None, "Ongoing"),
])
def test_due_dates_as_plans_write_them(text, date, words):
    assert parse_due(text) == (date, words)


def test_seed_000_layout_every_row_kept(engine):
    prepared, _, plan = load(engine, "plan.xlsx", xlsx(("Strategic Action Plan", PLAN_000)), "VS audit")
    df = actions.items(engine, "VS audit")
    assert plan.count("add") == 10 and len(df) == 10  # 9 actions + finding 1.2 with no action
    first = df[df["ref"] == "1.1"]
    assert list(first["seq"]) == [1, 2, 3]  # several actions under one finding, none merged
    assert set(first["objective"]) == {"Lessons of the 1st phase to be acknowledged"}  # carried down
    assert list(first["lead_name"]) == ["Kim Harlock", "Rob Wilkes", "Commissioning Management Team"]
    assert df[df["ref"] == "1.2"]["action"].isna().all()  # the finding with no action is kept
    assert set(df[df["ref"] == "4.4"]["theme"]) == {"COMMISSIONING & MANAGING THE INTERFACE"}
    by_ref = df.set_index("ref")
    assert by_ref.loc["4.6", "lead"] == "KH RW" and by_ref.loc["4.6", "lead_name"] == "Kim Harlock / Rob Wilkes"
    assert by_ref.loc["4.4", "due_date"] == D(2006, 3, 31)
    assert by_ref.loc["4.4", "due_text"] == "Outline proposals March 06"
    assert by_ref.loc["4.5", "due_date"] is None and by_ref.loc["4.5", "due_text"] == "Expected Summer 05"
    assert by_ref.loc["4.7", "due_date"] == D(2007, 3, 31)
    assert first.iloc[2]["cross_refs"] == "1.2,4.4"
    warnings = "\n".join(str(w) for w in prepared.warnings)
    for text in ("'Expected Summer 05'", "'To be determined by the review'", "'TBC'"):
        assert f"the due date {text} is not a date; it is kept as written" in warnings


def test_seed_004_layout_refs_made_from_objective_numbers_and_bracket_dates(engine):
    load(engine, "plan.csv", csv_bytes(PLAN_004), "Commissioning Strategy 2008-2011")
    df = actions.items(engine).set_index("ref")
    assert list(df.index) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert df.loc["1.1", "action"] == "Contribute towards the impact of health initiatives with the PCT"
    assert df.loc["1.1", "due_date"] == D(2008, 6, 30)
    assert df.loc["1.3", "due_date"] == D(2008, 4, 4)
    assert df.loc["1.3", "lead"] == "Vicky Brown Tim Gollins"  # two people, no separator: kept as written
    assert df.loc["2.1", "action"] == "Review existing extra care housing options (SP Target)"  # not a date
    assert df.loc["2.1", "due_date"] is None
    assert df.loc["1.2", "objective"] == "1. Helping people to adopt and maintain a healthy lifestyle"
    assert df.loc["1.1", "jsna"] == "JSNA Key Challenge 4"


def test_status_words_map_to_the_small_set(engine):
    rows = [["Ref", "Action", "Status"], ["1", "A", "On track"], ["2", "B", "Ongoing"], ["3", "C", "Completed"],
            ["4", "D", "Done"], ["5", "E", "Behind"], ["6", "F", None], ["7", "G", "withdrawn"]]
    rows[0] = ["Ref", "Objective", "Action", "Status"]
    rows[1:] = [[r[0], "Objective", r[1], r[2]] for r in rows[1:]]
    load(engine, "status.csv", csv_bytes(rows))
    statuses = list(exports.export_frame(engine, "actions", D(2008, 4, 21))["status"])
    assert statuses == ["In progress", "In progress", "Complete", "Complete", "Delayed", "Not started", "Cancelled"]


@pytest.mark.parametrize("rows, expected", [
    ([["Ref", "Objective", "Action", "Status"], ["1", "O", "A", "Sort of"]],
     "row 2, column 'Status' (D): found 'Sort of', expected a status word (Not started: not started"),
    ([["Ref", "Objective", "Action", "Status"], ["1", "O", "A", "Green"]],
     "found 'Green', expected a status, not a RAG colour: the dashboard works the RAG out from the status and the "
     "due date (Not started: not started"),
    ([["Ref", "Objective", "Action", "Date"], ["1", "O", "A", "31/03/05"], [None, None, None, "30/06/05"]],
     "row 3, column 'Date' (D): found '30/06/05', expected an action or finding beside a due date"),
])
def test_refusals_change_nothing(store_url, tmp_path, capsys, rows, expected):
    engine = db.get_engine(store_url)
    (tmp_path / "good.csv").write_bytes(csv_bytes(PLAN_004))
    assert cli.main(["import", "actions", str(tmp_path / "good.csv"), "--plan", "P"]) == 0
    before = snapshot(engine)
    (tmp_path / "bad.csv").write_bytes(csv_bytes(rows))
    capsys.readouterr()
    assert cli.main(["import", "actions", str(tmp_path / "bad.csv"), "--plan", "P"]) == 1
    assert expected in capsys.readouterr().err
    assert snapshot(engine) == before


def test_reimport_updates_by_reference_and_order_and_keeps_in_app_updates(engine):
    load(engine, "plan.csv", csv_bytes(PLAN_004), "P")
    df = actions.with_rag(actions.items(engine), D(2008, 4, 21))
    before = actions.editor_frame(df)
    after = before.copy()
    after.loc[after["Ref"] == "1.1", "Status"] = "In progress"
    after.loc[after["Ref"] == "1.1", "Progress"] = "Meeting with the PCT booked"
    batch, count = actions.apply_edits(engine, before, after, "officer")
    assert count == 1
    changed = [row[:] for row in PLAN_004]
    changed[2][1] = "Embed the promotion of a healthy lifestyle in all contracts (October 2008)"
    _, _, plan = load(engine, "plan.csv", csv_bytes(changed), "P")
    assert (plan.count("change"), plan.count("same"), plan.count("add")) == (1, 4, 0)
    df = actions.items(engine).set_index("ref")
    assert df.loc["1.2", "due_date"] == D(2008, 10, 31)
    assert df.loc["1.1", "status"] == "In progress"  # the file has no status column: the update stays
    assert df.loc["1.1", "progress"] == "Meeting with the PCT booked"


def test_overdue_and_due_soon_on_a_given_date():
    df = pd.DataFrame({
        "id": range(1, 8), "plan": ["P"] * 7, "ref": [str(i) for i in range(1, 8)],
        "objective": ["O"] * 7, "action": ["A"] * 6 + [None], "lead": ["L"] * 7, "lead_name": [None] * 7,
        "progress": [None] * 7, "due_text": [None] * 7,
        "status": [None, "In progress", "Complete", "Not started", "In progress", "Delayed", None],
        "due_date": [D(2008, 4, 1), D(2008, 4, 20), D(2008, 3, 1), D(2008, 5, 10), D(2008, 5, 10), D(2008, 9, 30),
                     None],
    })
    day = D(2008, 4, 21)
    out = actions.with_rag(df, day)
    assert list(out["rag"]) == ["Red", "Red", "Complete", "Amber", "Green", "Amber", "Green"]
    head = actions.headline(out)
    assert (head["overdue"], head["due_soon"], head["complete"], head["actions"]) == (2, 2, 1, 6)
    assert head["findings_without_action"] == 1
    assert action_kind.rag("Not started", D(2008, 5, 21), day) == "Amber"  # exactly 30 days ahead
    assert action_kind.rag("Not started", D(2008, 5, 22), day) == "Green"


def test_in_app_update_and_undo_round_trip(engine):
    load(engine, "plan.csv", csv_bytes(PLAN_004), "P")
    stored = snapshot(engine)["action_item"]
    df = actions.with_rag(actions.items(engine), D(2008, 4, 21))
    before = actions.editor_frame(df)
    after = before.copy()
    after.loc[0, "Status"] = "Complete"
    after.loc[1, "Due"] = D(2008, 12, 31)
    after.loc[2, "Progress"] = "Draft strategy circulated"
    batch, count = actions.apply_edits(engine, before, after, "officer")
    assert count == 3
    item = actions.items(engine).iloc[0]
    story = history.row_history(engine, "action_item", int(item["id"]))
    assert list(story["Who"]) == ["tester", "officer"] and "status: – → Complete" in story.iloc[1]["Changes"]
    batches = history.list_batches(engine)
    assert batches.iloc[0]["action"] == "edit" and batches.iloc[0]["changed"] == 3
    history.undo(engine, batch, "officer")
    assert snapshot(engine)["action_item"] == stored
    with pytest.raises(EditRefused):
        bad = before.copy()
        bad.loc[0, "Status"] = "Nearly"
        actions.apply_edits(engine, before, bad, "officer")


def test_export_columns(store_url, tmp_path):
    (tmp_path / "plan.csv").write_bytes(csv_bytes(PLAN_004))
    assert cli.main(["import", "actions", str(tmp_path / "plan.csv"), "--plan", "Commissioning"]) == 0
    assert cli.main(["export", "actions", str(tmp_path / "out.csv"), "--as-at", "2008-07-01"]) == 0
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("plan,ref,objective,action,lead,due_date,status,rag,overdue")
    first = lines[1]
    assert first.startswith("Commissioning,1.1,") and ",2008-06-30,Not started,Red,true," in first
    extra = next(line for line in lines if line.startswith("Commissioning,2.1,"))
    assert ",,Not started,Green,false," in extra  # no readable date: due_date blank


def plan_rows(engine, header, rows):
    load(engine, "plan.csv", csv_bytes([header, *rows]))
    return actions.items(engine)


def test_an_objective_in_capitals_with_no_action_yet_is_kept_not_made_a_theme(engine):
    df = plan_rows(engine, ["Strategic Objective", "Actions", "Lead", "Due", "Status"], [
        ["1. Promote independence", "Review day care", "KH", "June 2008", "In progress"],
        ["CMT TO REVIEW CONTRACTS", None, None, None, "Not started"],
        ["3. Improve quality", "Audit homes", "RW", "May 2008", "Complete"]])
    assert list(df["ref"]) == ["1.1", "2.1", "3.1"] and df["theme"].isna().all()
    assert df.set_index("ref").loc["2.1", "status"] == "Not started"


def test_an_objective_on_its_own_row_heads_the_actions_below_it(engine):
    df = plan_rows(engine, ["Strategic Objective", "Actions", "Lead", "Due"], [
        ["1. Promote independence", None, None, None],
        [None, "Review day care", "KH", "June 2008"],
        ["2. SAFEGUARDING ADULTS", None, None, None],
        [None, "Train staff", "RW", "March 2009"],
        [None, "Audit referrals", "RW", "May 2009"]])
    assert list(df["ref"]) == ["1.1", "2.1", "2.2"]  # no empty item for each heading
    assert list(df["objective"]) == ["1. Promote independence"] + ["2. SAFEGUARDING ADULTS"] * 2
    assert df["action"].notna().all()


def test_a_numbered_finding_with_no_action_is_a_theme_only_over_its_own_numbers(engine):
    df = plan_rows(engine, ["Ref", "Finding", "Action", "Lead", "Status"], [
        ["1", "SAFEGUARDING", None, None, None],
        ["1.1", "Thresholds unclear", "Agree thresholds", "PJ", "In progress"],
        ["2", "Carers' assessments are late", None, None, "Not started"],
        ["3", "Day care review", "Review day care", "KH", None],
        [None, "FINDING", None, None, None],  # the header's finding column repeated at a page break
        ["3.1", "Transport", "Review transport", "KH", None]])
    by_ref = df.set_index("ref")
    assert list(df["ref"]) == ["1.1", "2", "3", "3.1"]
    assert by_ref.loc["1.1", "theme"] == "SAFEGUARDING"
    assert by_ref.loc["2", "status"] == "Not started" and by_ref.loc["2", "action"] is None  # kept, not a theme
    assert by_ref.loc["3.1", "objective"] == "Transport"


def test_only_an_undecided_date_in_brackets_is_taken_from_the_action(engine):
    df = plan_rows(engine, ["Strategic Objective", "Actions"], [
        ["1. Charging", "Agree the new charging policy (to be agreed by Cabinet)"],
        [None, "Consult on the tariff (to be confirmed with finance after the budget round)"],
        [None, "Link commissioning to the MTFS (TBC)"]])
    assert list(df["action"]) == ["Agree the new charging policy (to be agreed by Cabinet)",
                                  "Consult on the tariff (to be confirmed with finance after the budget round)",
                                  "Link commissioning to the MTFS"]
    assert list(df["due_text"]) == [None, None, "TBC"]


def test_the_plans_own_rag_is_kept_beside_the_one_worked_out(engine, store_url, tmp_path):
    df = plan_rows(engine, ["No.", "Key actions", "Lead Officer", "Target Date", "RAG", "Status"], [
        ["1", "Deliver multi-agency training", "J Smith", "30/06/2008", "G", "On track"],
        ["2", "Review thresholds with police", "P Jones", "31/03/2008", "Green", "Behind"],  # overdue on 21 April
        ["3", "Refresh the carers strategy", None, "31/03/2008", "A", "Completed"]])
    assert list(df["reported_rag"]) == ["Green", "Green", "Amber"]
    on_the_day = actions.with_rag(df, D(2008, 4, 21))
    assert list(on_the_day["rag"]) == ["Green", "Red", "Complete"]
    assert list(actions.differs_from_plan(on_the_day)) == [False, True, False]  # a closed action is not compared
    assert actions.headline(on_the_day)["rag_differs"] == 1
    assert list(actions.editor_frame(on_the_day)["RAG (plan)"]) == ["Green", "Green", "Amber"]
    out = tmp_path / "actions.csv"
    assert cli.main(["export", "actions", str(out), "--as-at", "2008-04-21"]) == 0
    exported = pd.read_csv(out)
    assert list(exported.columns[:9]) == ["plan", "ref", "objective", "action", "lead", "due_date", "status", "rag",
                                          "overdue"]
    assert list(exported["reported_rag"]) == ["Green", "Green", "Amber"]


def test_a_numbered_list_of_actions_with_no_objectives_is_a_plan(engine, store_url, tmp_path, capsys):
    df = plan_rows(engine, ["No.", "Action", "Owner", "Deadline"], [
        ["1", "Publish the market position statement", "DS", "June 2008"],
        ["2", "Hold a provider forum", "AH", "July 2008"]])
    assert list(df["ref"]) == ["1", "2"] and df["objective"].isna().all()
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([["Action", "Owner"], ["Hold a provider forum", "AH"]]))
    assert cli.main(["import", "actions", str(path), "--plan", "P"]) == 1  # an action column alone is not a plan
    assert "missing required column 'Objective or finding' or 'Ref'" in capsys.readouterr().err
