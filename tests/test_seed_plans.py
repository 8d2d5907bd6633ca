"""Seed 000's and seed 004's action plans, written into workbooks as the papers lay them out, imported through
the command line and through the upload page with every printed row kept."""

import datetime as dt
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import cli, demo
from lib.areas import actions
from lib.demo.plans import (
    PLAN_000_NAME,
    PLAN_000_ROWS,
    PLAN_004_NAME,
    PLAN_004_ROWS,
    seed_000_action_plan,
    seed_004_action_plan,
)
from lib.importer import Options, prepare
from lib.store import engine as db
from tests.conftest import ROOT

D = dt.date
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REFS_000 = ["1.1", "1.1", "1.1", "1.2", "2.1", "2.1", "3.1", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "5.1", "6.1",
            "7.1", "8.1", "9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7", "9.8", "10.1", "10.1"]
ACTIONS_PER_OBJECTIVE_004 = [6, 7, 3, 3, 4, 7, 9]


def through_cli(store_url, tmp_path, name, data, plan):
    path = tmp_path / name
    path.write_bytes(data)
    assert cli.main(["import", "actions", str(path), "--plan", plan, "--who", "Commissioning officer"]) == 0


def through_upload_page(store_url, tmp_path, name, data, plan):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value((name, data, XLSX))
    at.text_input(key="upload_plan").set_value(plan)
    at.text_input(key="upload_who").set_value("Commissioning officer")
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="upload_confirm").click().run()
    assert not at.exception, at.exception
    assert "Imported as batch" in at.success[0].value


ROUTES = {"command line": through_cli, "upload page": through_upload_page}


@pytest.fixture
def empty_store(store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    return store_url


@pytest.mark.parametrize("route", ROUTES)
def test_seed_000_strategic_action_plan_every_row_kept(empty_store, tmp_path, route):
    ROUTES[route](empty_store, tmp_path, "VS audit action plan.xlsx", seed_000_action_plan(), PLAN_000_NAME)
    df = actions.items(db.get_engine(empty_store), PLAN_000_NAME)
    assert list(df["ref"]) == REFS_000
    printed_actions = [row[3] for row in PLAN_000_ROWS if row and row[3]]
    assert list(df["action"].dropna()) == printed_actions  # none dropped, merged or altered
    printed_findings = {row[1] for row in PLAN_000_ROWS if row and row[0] and "." in row[0]}
    assert set(df["objective"]) == printed_findings
    by_ref = df.groupby("ref")
    one = by_ref.get_group("1.1")
    assert list(one["seq"]) == [1, 2, 3] and list(one["lead"]) == ["KH, RW", "CMT", "KH"]
    assert one.iloc[0]["lead_name"] == "Kim Harlock / Rob Wilkes"  # RW on a row of his own, and the KEY
    assert list(one["due_date"]) == [D(2005, 3, 31), D(2005, 5, 31), D(2005, 6, 30)]
    for finding_only in ("1.2", "4.2", "4.3", "9.2"):  # findings with no action of their own are kept
        assert by_ref.get_group(finding_only)["action"].isna().all()
    themes = df.set_index("ref")["theme"]
    assert themes["2.1"].iloc[0] == "EXEMPTION PROCESS"
    assert themes["10.1"].iloc[0] == "PERFORMANCE & QUALITY"  # a heading printed without its number
    ten = by_ref.get_group("10.1")
    assert list(ten["due_date"]) == [D(2005, 6, 30), D(2006, 3, 31)]
    dated = df.set_index(["ref", "seq"])
    assert dated.loc[("4.4", 1), "due_date"] == D(2006, 3, 31)
    assert dated.loc[("4.4", 1), "due_text"] == "Outline proposals March 06"
    assert dated.loc[("4.5", 1), "due_date"] is None and dated.loc[("4.5", 1), "due_text"] == "Expected Summer 05"
    assert dated.loc[("9.1", 1), "due_date"] is None
    assert dated.loc[("9.1", 1), "due_text"] == "To be determined following agreement of Corporate Strategy"


@pytest.mark.parametrize("route", ROUTES)
def test_seed_004_commissioning_strategy_action_plan_every_row_kept(empty_store, tmp_path, route):
    ROUTES[route](empty_store, tmp_path, "Appendix 1.xlsx", seed_004_action_plan(), PLAN_004_NAME)
    df = actions.items(db.get_engine(empty_store), PLAN_004_NAME)
    expected_refs = [f"{o}.{n}" for o, count in enumerate(ACTIONS_PER_OBJECTIVE_004, 1) for n in range(1, count + 1)]
    assert list(df["ref"]) == expected_refs
    printed = [row for row in PLAN_004_ROWS if row]
    assert len(df) == len(printed) == 39
    for (_, stored), row in zip(df.iterrows(), printed):
        # the action as printed, less the due date in brackets at its end, which becomes the due date
        assert row[1].startswith(stored["action"])
        rest = row[1][len(stored["action"]):].strip()
        if rest:
            bracket = re.fullmatch(r"\((.+)\)\.?", rest).group(1)
            assert stored["due_date"] is not None or stored["due_text"] == bracket
        assert stored["lead"] == row[2]
    by_ref = df.set_index("ref")
    assert by_ref.loc["1.1", "objective"].startswith("1. Helping people in Rotherham")
    assert by_ref.loc["1.6", "objective"] == by_ref.loc["1.1", "objective"]  # carried down
    assert by_ref.loc["6.7", "objective"].startswith("6. Commission an improved range")  # across the page break
    assert by_ref.loc["1.1", "due_date"] == D(2008, 6, 30)
    assert by_ref.loc["1.6", "due_date"] == D(2011, 3, 31)
    assert by_ref.loc["2.4", "action"].endswith("(SP Target).") and by_ref.loc["2.4", "due_date"] is None
    assert by_ref.loc["6.4", "due_date"] is None and by_ref.loc["6.4", "due_text"] is None  # no date printed
    assert by_ref.loc["7.9", "due_date"] is None and by_ref.loc["7.9", "due_text"] == "TBC"
    assert by_ref.loc["1.4", "lead"] == "Vicky Brown Shona McFarlane"
    assert by_ref.loc["1.1", "jsna"].startswith("JSNA Key Challenge 1")
    assert "Increased financial burden" in by_ref.loc["1.1", "risks"]


def test_seed_plans_warn_about_undated_due_dates_and_reimport_changes_nothing(engine):
    from lib.importer import commit

    prepared = prepare(engine, "actions", "plan.xlsx", seed_000_action_plan(), Options(plan_name=PLAN_000_NAME))
    warnings = [str(w) for w in prepared.warnings]
    assert any("row 16, column 'Date' (E): the due date 'Corporate Strategy expected Summer 05." in w
               for w in warnings)
    assert any("'Expected Summer 05' is not a date" in w for w in warnings)
    commit(engine, prepared, "tester")
    again = prepare(engine, "actions", "plan.xlsx", seed_000_action_plan(), Options(plan_name=PLAN_000_NAME))
    assert again.plan.count("add") + again.plan.count("change") + again.plan.count("remove") == 0

    prepared = prepare(engine, "actions", "Appendix 1.xlsx", seed_004_action_plan(),
                       Options(plan_name=PLAN_004_NAME))
    assert [str(w) for w in prepared.warnings] == [
        "Appendix 1.xlsx, sheet 'Appendix 1', row 48, column 'Actions' (B): the due date 'TBC' is not a date; "
        "it is kept as written with no date"]


def test_demo_plans_have_statuses_consistent_with_the_meeting_date(engine):
    demo.load_demo(engine)
    df = actions.items(engine)
    assert df.groupby("plan").size().to_dict() == {PLAN_004_NAME: 39, PLAN_000_NAME: 27}
    acts = df[df["action"].notna()]
    assert acts["status"].notna().all() and df[df["action"].isna()]["status"].isna().all()
    day = demo.MEETING_DATE
    for row in acts.itertuples():
        if row.status == "Complete":  # nothing is complete before it was due, unless its whole plan is past
            assert row.due_date is None or row.due_date < day or row.plan == PLAN_000_NAME
        if row.due_date is not None and row.due_date >= day:
            assert row.status in ("Not started", "In progress")
        assert row.progress == demo.ILLUSTRATIVE_STATUS_NOTE
    open_2008 = acts[(acts["plan"] == PLAN_004_NAME) & (acts["status"] != "Complete")]
    assert len(open_2008) == 38  # only 6.1, due March 2008, is done by 21 April 2008
    rag = actions.with_rag(acts, day).set_index(["plan", "ref", "seq"])["rag"]
    assert rag[~rag.isin(["Complete", "Green"])].to_dict() == {
        (PLAN_000_NAME, "2.1", 2): "Red", (PLAN_000_NAME, "6.1", 1): "Red",  # every fifth past action Delayed
        (PLAN_004_NAME, "7.1", 1): "Amber"}  # due 30 April 2008 and not started


def test_progress_by_objective_counts_a_themed_plan_by_theme(engine):
    demo.load_demo(engine)
    counts = actions.by_objective(actions.with_rag(actions.items(engine), demo.MEETING_DATE))
    themed = counts[counts["plan"] == PLAN_000_NAME]
    assert list(dict.fromkeys(themed["objective"]))[:3] == ["2ND PHASE", "EXEMPTION PROCESS",
                                                            "GOVERNANCE ARRANGEMENTS"]
    assert themed["actions"].sum() == 23  # every action, none of the four findings without one
    second = themed[themed["objective"] == "EXEMPTION PROCESS"].set_index("status")["actions"].to_dict()
    assert second == {"Complete": 1, "Delayed": 1}
    objectives = counts[counts["plan"] == PLAN_004_NAME]
    assert objectives.groupby("objective", sort=False)["actions"].sum().tolist() == ACTIONS_PER_OBJECTIVE_004
    assert (objectives.groupby("objective")["share"].sum().round(9) == 1).all()
    assert list(actions.progress_table(counts)["Plan"].unique()) == [PLAN_004_NAME, PLAN_000_NAME]
    twice = pd.concat([objectives, objectives.assign(plan="Refreshed plan")])  # the same objectives, two plans
    assert len(actions.progress_table(twice)) == 2 * len(ACTIONS_PER_OBJECTIVE_004)
    table = actions.progress_table(objectives).set_index("Objective")
    first = table.iloc[0]
    assert (first["Total"], first["Complete"], first["% complete"]) == (6, 0, 0)
    assert table["Total"].tolist() == ACTIONS_PER_OBJECTIVE_004
    assert table.loc[table.index[5], "% complete"] == 14  # 1 of objective 6's 7 actions (March 2008) complete


def test_action_detail_shows_every_field_in_full_and_escaped():
    from lib.ui import style

    row = {"plan": "P", "ref": "1.1", "seq": 1, "theme": None, "objective": "<b>Objective</b>",
           "action": "• First\n• Second", "lead": "KH", "lead_name": "Kim Harlock", "due_date": D(2005, 3, 31),
           "due_text": None, "status": "Complete", "rag": "Complete", "progress": None, "jsna": None, "risks": None,
           "cross_refs": None}
    shown = style.detail_html(actions.detail_table(row))
    assert "<dd>• First\n• Second</dd>" in shown  # bullets kept on their lines (the page wraps with pre-wrap)
    assert "&lt;b&gt;Objective&lt;/b&gt;" in shown and "<b>" not in shown
    assert "<dd>31 March 2005</dd>" in shown and "Theme" not in shown  # empty fields left out
    assert "<dd>■ Complete</dd>" in shown  # the RAG with its shape
