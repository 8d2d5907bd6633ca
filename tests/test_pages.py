"""Every page under Streamlit's AppTest, on its own store with the demo loaded on first run."""

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.demo.workbooks import seed_revenue_workbook
from lib.store import batches as history
from lib.store import engine as db
from tests.conftest import ROOT, snapshot
from tests.workbooks import csv_bytes

TIMEOUT = 60


@pytest.fixture
def app(store_url):
    """The dashboard on the Budget page (the Overview is the landing page: tests/test_meeting_pages.py)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    at.switch_page("pages/budget.py").run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.label + " " + str(m.value) for m in at.metric]
    parts += [str(c.value) for c in at.caption] + [str(e.value) for e in at.get("html")]
    return "\n".join(parts)


def test_budget_page_opens_on_the_meeting_with_the_seed_figures(app):
    assert app.selectbox(key="budget_as_at").value == dt.date(2008, 3, 31)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Annual budget"] == "£63,256k"
    assert metrics["Projected outturn"] == "£63,149k"
    assert metrics["Variance (underspend)"] == "-£107k"
    assert metrics["Approved programme"] == "£11,675k"
    table = app.dataframe[0].value
    assert len(table) == 10
    older = table.set_index("Service area").loc["Older People's Services"]
    assert older["Movement £000"] == -17 and older["RAG (report)"].endswith("Red")
    assert "agrees on every line" in texts(app)


def test_budget_page_earlier_report_is_labelled_illustrative(app):
    app.selectbox(key="budget_as_at").set_value(dt.date(2008, 2, 29)).run()
    assert not app.exception
    assert "Illustrative figures" in texts(app)
    assert app.dataframe[0].value["Variance £000"].sum() == 0


def test_changing_the_rag_policy_shows_disagreements(app):
    form_who = app.text_input(key="policy_who")
    form_who.set_value("Test Officer")
    app.selectbox[1].set_value("percent_or_pounds")  # "Start from"
    app.button[0].click().run()  # "Use the preset"
    assert not app.exception
    table = app.dataframe[0].value.set_index("Service area")
    assert table.loc["Older People's Services", "RAG (policy)"].endswith("Red")  # £338k > £100k
    assert table.loc["Mental Health", "RAG (policy)"].endswith("Red")  # 5.6% of budget
    assert table.loc["Adult Services Business Unit", "RAG (policy)"].endswith("Amber")
    assert "gives a different RAG on" in texts(app)
    log = next(d.value for d in app.dataframe if "What changed" in d.value.columns)
    assert log.iloc[0]["Who"] == "Test Officer"
    # logged against the default policy that was in force
    assert "red over pct 0.0 -> 5.0; red over pounds (none) -> 100000.0" in log.iloc[0]["What changed"]


def test_upload_page_imports_confirms_and_undoes(app, store_url, tmp_path):
    app.switch_page("pages/upload.py").run()
    assert not app.exception
    engine = db.get_engine(store_url)
    before = snapshot(engine)
    rows = [["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
            ["Older People's Services", "37,168", "37,000"]]
    uploader = app.get("file_uploader")[0]
    uploader.set_value(("small.csv", csv_bytes(rows), "text/csv"))
    app.run()
    assert not app.exception
    assert "Recognised as **Revenue budget monitoring**" in "\n".join(i.value for i in app.info)
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Added"], metrics["Changed"], metrics["Removed"]) == ("0", "1", "9")
    assert snapshot(engine) == before  # nothing written before confirming
    app.text_input(key="upload_who").set_value("Test Officer").run()
    app.button(key="upload_confirm").click().run()
    assert not app.exception
    batch = int(history.list_batches(engine).iloc[0]["id"])
    assert f"Imported as batch {batch}" in "\n".join(s.value for s in app.success)
    imported = snapshot(engine)
    app.selectbox(key="undo_batch").set_value(batch).run()
    # before undoing: the batch described, and what undoing it puts back, row by row
    assert (f"**Batch {batch}:** Revenue budget monitoring from small.csv (sheet 'small', for 2008-03-31), "
            "imported by app:Test Officer on") in texts(app)
    assert "0 added, 1 changed, 9 removed." in texts(app)
    preview = next(d.value for d in app.dataframe if list(d.value.columns) == ["What", "Row", "Change"])
    assert len(preview) == 10
    older = preview[preview["Row"].str.endswith("Older People's Services")].iloc[0]["Change"]
    assert older.startswith("will go back to: ")
    assert "Projected outturn £: 37,000,000 → 37,506,000" in older  # now, and what undoing puts back
    assert "RAG status: (blank) → Red" in older
    assert (preview["Change"] == "will be put back (the batch removed it)").sum() == 9
    app.button(key="undo_button").click().run()
    assert not app.exception
    assert f"Undo batch {batch}?" in "\n".join(w.value for w in app.warning)
    assert snapshot(engine) == imported  # asking is not undoing
    app.button(key="undo_confirm").click().run()
    assert not app.exception
    assert f"Batch {batch} undone" in "\n".join(s.value for s in app.success)
    after = snapshot(engine)
    assert after["revenue_line"] == before["revenue_line"]
    # afterwards: what the undo restored, from its own row history
    report = next(d.value for d in app.dataframe if list(d.value.columns) == ["What", "Row", "Change"])
    assert len(report) == 10 and (report["Change"] == "put back").sum() == 9


def test_upload_page_shows_every_problem_and_changes_nothing(app, store_url):
    app.switch_page("pages/upload.py").run()
    engine = db.get_engine(store_url)
    before = snapshot(engine)
    rows = [["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
            ["Older People's Services", "n/a", "37,000"], ["Mental Health", "3,415", "lots"]]
    app.selectbox(key="upload_kind").set_value("revenue")
    app.get("file_uploader")[0].set_value(("bad.csv", csv_bytes(rows), "text/csv"))
    app.run()
    assert not app.exception
    assert "bad.csv was not imported** - 2 problems" in app.error[0].value
    problems = app.dataframe[0].value
    assert list(problems["Row"]) == ["3", "4"] and list(problems["Found"]) == ["n/a", "lots"]
    assert problems.iloc[0]["Column"] == "Annual Budget £000 (B)"
    assert snapshot(engine) == before


def test_a_file_chosen_as_the_wrong_kind_can_be_read_as_the_kind_it_is(app, store_url):
    from lib.demo.plans import seed_000_action_plan

    app.switch_page("pages/upload.py").run()
    app.selectbox(key="upload_kind").set_value("revenue")
    app.get("file_uploader")[0].set_value(("plan.xlsx", seed_000_action_plan(), "application/octet-stream"))
    app.run()
    assert "was not imported" in app.error[0].value
    assert not app.get("form")  # no column matching: the columns are not the problem
    app.button(key="upload_switch_kind").click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="upload_kind").value == "actions"
    assert {m.label: m.value for m in app.metric}["Added"] == "27"


def test_upload_page_refuses_a_file_that_is_not_a_spreadsheet(app):
    app.switch_page("pages/upload.py").run()
    app.selectbox(key="upload_kind").set_value("revenue")
    app.get("file_uploader")[0].set_value(("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf"))
    app.run()
    assert not app.exception
    assert "minutes.pdf was not imported** - 1 problem to put right" in app.error[0].value
    assert "minutes.pdf is not an Excel workbook (.xlsx) or CSV file" in "\n".join(m.value for m in app.markdown)


def test_upload_page_asks_for_the_reporting_date_when_the_sheet_has_none(app):
    app.switch_page("pages/upload.py").run()
    rows = [["Service Area", "Annual Budget £000", "Projected outturn £000"], ["Older People's Services", "1", "2"]]
    app.get("file_uploader")[0].set_value(("undated.csv", csv_bytes(rows), "text/csv"))
    app.run()
    assert "does not say which date it reports on" in app.warning[0].value
    app.date_input(key="upload_date_asked").set_value(dt.date(2008, 4, 30))
    app.button(key="upload_use_date").click().run()
    assert not app.exception and not app.error
    assert {m.label: m.value for m in app.metric}["Added"] == "1"
    assert "as at 30 April 2008" in app.subheader[0].value


def test_seed_workbook_through_the_upload_page(store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value(("Appendix A.xlsx", seed_revenue_workbook(),
                                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    at.text_input(key="upload_who").set_value("Finance")
    at.run()
    assert {m.label: m.value for m in at.metric}["Added"] == "10"
    at.button(key="upload_confirm").click().run()
    at.switch_page("pages/budget.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Annual budget"], metrics["Projected outturn"]) == ("£63,256k", "£63,149k")
    older = at.dataframe[0].value.set_index("Service area").loc["Older People's Services"]
    assert older["Movement £000"] == -17


def test_recognising_a_wrong_file_explains_it(app):
    app.switch_page("pages/upload.py").run()
    app.get("file_uploader")[0].set_value(("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
                                           "application/vnd.ms-excel"))
    app.run()
    assert not app.exception
    assert "old.xls was not imported" in app.error[0].value
    assert "Save As > Excel Workbook (.xlsx)" in "\n".join(m.value for m in app.markdown)
    app.get("file_uploader")[0].set_value(("notes.csv", csv_bytes([["Meeting notes"], ["Apologies", "none"]]),
                                           "text/csv"))
    app.run()
    assert not app.exception
    assert "does not look like any kind this dashboard reads" in app.error[0].value


def test_home_care_page_shows_the_demo_position(app):
    app.switch_page("pages/homecare.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["In-house share"] == "54.9%"
    assert metrics["Planned by now"] == "53.2%"
    assert "Not on course" in texts(app)
    assert "Illustrative figures" in texts(app)
    app.select_slider(key="hc_window").set_value(4).run()
    assert not app.exception and "last 4 weeks" in texts(app)


def test_weekly_check_page(app):
    app.switch_page("pages/weekly_check.py").run()
    assert not app.exception
    assert app.subheader[0].value == "Week ending 18 April 2008"
    week_table = app.dataframe[0].value
    assert list(week_table.columns) == ["", "This week", "Last week", "Change"]
    spots = app.dataframe[1].value
    assert spots.iloc[0]["Area"] == "Wentworth Valley" and spots.iloc[0]["Hot spot"] == "▲ rose"
    assert list(spots.columns[:2]) == ["Area", "Hot spot"]
    assert "Illustrative figures" in texts(app)  # the demo's hours are made up, as the Home care page says
    assert "hours.xlsx (batch" in texts(app)  # where the figures came from
    assert app.get("download_button")[0].proto.label.startswith("Download this check")


ORDINARY_PAGES = ["pages/budget.py", "pages/homecare.py", "pages/weekly_check.py", "pages/actions.py",
                  "pages/contracts.py"]


def shown_columns(table) -> list[str]:
    config = json.loads(table.proto.columns or "{}")
    order = list(table.proto.column_order) or [str(c) for c in table.value.columns]
    return [c for c in order if not config.get(c, {}).get("hidden")]


@pytest.mark.parametrize("page", ORDINARY_PAGES)
def test_every_table_fits_at_1280x720_and_shows_a_dash_in_an_empty_cell(app, page):
    """Every table on every tab of the ordinary pages (AppTest runs them all) has a width for each column it shows,
    adding up to no more than the main column beside the sidebar at 1280x720, and shows "–" where a cell is empty."""
    from lib.ui import style

    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.dataframe, f"{page} shows no table"
    for table in app.dataframe:
        config = json.loads(table.proto.columns or "{}")
        columns = shown_columns(table)
        widths = {c: config.get(c, {}).get("width") for c in columns}
        assert all(isinstance(w, int) for w in widths.values()), f"{page}: columns with no width: {widths}"
        assert sum(widths.values()) <= style.TABLE_WIDTH, f"{page}: {sum(widths.values())}px: {widths}"
        assert table.proto.placeholder == "–"
        for column in table.value.columns:
            words = {str(v).strip().lower() for v in table.value[column] if isinstance(v, str)}
            assert not words & {"none", "nan", "nat"}, f"{page}, {column}"


def test_home_care_target_can_be_changed(app, store_url):
    from lib.areas import homecare

    app.switch_page("pages/homecare.py").run()
    app.text_input(key="target_who").set_value("Commissioning Manager")
    app.number_input(key="target_share_pct").set_value(40.0)
    submit = next(b for b in app.button if b.label == "Save the target and costs")
    submit.click().run()
    assert not app.exception
    assert homecare.load_target(db.get_engine(store_url)).target_share == 0.40
    assert {m.label: m.value for m in app.metric}["In-house share"] == "54.9%"


@pytest.mark.parametrize("name", ["wide.xlsx", "long.csv"])
def test_both_home_care_layouts_through_the_upload_page(store_url, monkeypatch, name):
    from lib import exports
    from tests.test_homecare import LONG, WIDE
    from tests.workbooks import xlsx

    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    data = xlsx(("Return", WIDE)) if name.endswith(".xlsx") else csv_bytes(LONG)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value((name, data, "application/octet-stream"))
    at.text_input(key="upload_who").set_value("Brokerage")
    at.run()
    assert "Recognised as **Home care hours by sector**" in "\n".join(i.value for i in at.info)
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    df = exports.export_frame(db.get_engine(store_url), "homecare")
    assert list(df["in_house_hours"]) == [8640, 8500, 8400] and list(df["total_hours"]) == [14400] * 3


def test_contracts_page_shows_the_register_views(app):
    app.switch_page("pages/contracts.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Live contracts"] == "15"
    assert metrics["Ending soon"] == "1"
    assert "within 3 months: 1 · within 6 months: 2 · within 12 months: 8" in texts(app)
    assert "Illustrative figures" in texts(app)
    app.text_input(key="contracts_text").set_value("home care zone").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 6
    app.multiselect(key="contracts_contract_type").set_value(["Spot"]).run()
    assert len(app.dataframe[0].value) == 3  # filters survive the rerun and combine
    app.selectbox(key="contracts_detail").set_value("HC-02S").run()
    assert not app.exception


def test_an_unrecognised_column_can_be_matched_by_hand(app, store_url):
    from lib.areas import contracts as contract_views

    app.switch_page("pages/upload.py").run()
    rows = [["Contract Reference", "Title of Agreement", "Who we pay", "Start date", "End date"],
            ["NEW-1", "Befriending", "Good Neighbours", "01/04/2008", "31/03/2009"]]
    app.selectbox(key="upload_kind").set_value("contracts")
    app.get("file_uploader")[0].set_value(("register.csv", csv_bytes(rows), "text/csv"))
    app.text_input(key="upload_who").set_value("Contracts officer")
    app.run()
    assert "missing required column 'Supplier'" in "\n".join(m.value for m in app.markdown)
    matcher = next(s for s in app.selectbox if s.label.startswith("Who we pay"))
    matcher.set_value("supplier")
    next(b for b in app.button if b.label == "Read the file again with these columns").click().run()
    assert not app.exception and not app.error
    assert {m.label: m.value for m in app.metric}["Added"] == "1"
    app.button(key="upload_confirm").click().run()
    register = contract_views.register(db.get_engine(store_url)).set_index("reference")
    assert register.loc["NEW-1", "supplier"] == "Good Neighbours"


def test_action_plans_page_on_the_demo(app):
    app.switch_page("pages/actions.py").run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Actions"], metrics["Complete"], metrics["Overdue (Red)"]) == ("62", "22", "2")
    app.selectbox(key="actions_plan").set_value("Commissioning Strategy Action Plan 2008-2011").run()
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Actions"], metrics["Complete"], metrics["Due in 30 days"], metrics["Amber"]) == (
        "39", "1", "1", "1")
    assert not app.exception


@pytest.fixture
def plans_app(store_url, monkeypatch, tmp_path):
    """An empty store with two plans imported through the command line, and the app on it."""
    from lib import cli
    from tests.test_actions import PLAN_000, PLAN_004
    from tests.workbooks import xlsx

    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    (tmp_path / "p000.xlsx").write_bytes(xlsx(("Plan", PLAN_000)))
    (tmp_path / "p004.csv").write_bytes(csv_bytes(PLAN_004))
    assert cli.main(["import", "actions", str(tmp_path / "p000.xlsx"), "--plan", "VS audit"]) == 0
    assert cli.main(["import", "actions", str(tmp_path / "p004.csv"), "--plan", "Commissioning"]) == 0
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["as_at"] = dt.date(2008, 4, 21)  # the sidebar's "Looking as at"
    at.run()
    at.switch_page("pages/actions.py").run()
    assert not at.exception, at.exception
    return at


def test_action_plans_page_counts_and_filters(plans_app):
    at = plans_app
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Actions"] == "14" and metrics["Overdue (Red)"] == "7"  # the 2005 plan's dated actions
    at.selectbox(key="actions_plan").set_value("Commissioning").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Actions"] == "5" and metrics["Overdue (Red)"] == "1"  # 4 April 2008 is past
    at.text_input(key="actions_text").set_value("home care").run()
    assert {m.label: m.value for m in at.metric}["Actions"] == "1"
    assert at.selectbox(key="actions_plan").value == "Commissioning"  # filters survive reruns


def test_action_update_in_the_table_editor_and_undo(plans_app, store_url):
    from lib.areas import actions as action_views

    at = plans_app
    at.selectbox(key="actions_plan").set_value("Commissioning").run()
    engine = db.get_engine(store_url)
    frame = action_views.editor_frame(action_views.with_rag(action_views.items(engine, "Commissioning"),
                                                            dt.date(2008, 4, 21)))
    row = int(frame.index[frame["Ref"] == "1.1"][0])
    at.session_state["actions_editor"] = {"edited_rows": {row: {"Status": "Complete",
                                                                "Progress": "Agreed with the PCT"}},
                                          "added_rows": [], "deleted_rows": []}
    at.text_input(key="actions_who").set_value("Officer").run()
    at.session_state["actions_editor"] = {"edited_rows": {row: {"Status": "Complete",
                                                                "Progress": "Agreed with the PCT"}},
                                          "added_rows": [], "deleted_rows": []}
    at.button(key="actions_save").click().run()
    assert not at.exception
    assert "Saved 1 change(s) as batch" in at.success[0].value
    stored = action_views.items(engine, "Commissioning").set_index("ref")
    assert stored.loc["1.1", "status"] == "Complete" and stored.loc["1.1", "progress"] == "Agreed with the PCT"
    batch = int(history.list_batches(engine).iloc[0]["id"])
    history.undo(engine, batch, "Officer")
    assert action_views.items(engine, "Commissioning").set_index("ref").loc["1.1", "status"] is None


def test_a_write_from_outside_the_app_shows_on_the_next_rerun(app, store_url):
    """The command line (or another server on the same store) writes; the page must not show a cached store."""
    from lib import cli
    from lib.areas import actions as action_views

    app.switch_page("pages/actions.py").run()
    assert {m.label: m.value for m in app.metric}["Overdue (Red)"] == "2"
    engine = db.get_engine(store_url)
    overdue = action_views.with_rag(action_views.items(engine), dt.date(2008, 4, 21))
    first = int(overdue[overdue["rag"] == "Red"]["id"].iloc[0])
    action_views.set_fields(engine, {first: {"status": "Complete"}}, "someone at the command line")
    app.run()
    assert {m.label: m.value for m in app.metric}["Overdue (Red)"] == "1"
    assert cli.main(["undo", str(int(history.list_batches(engine).iloc[0]["id"])), "--who", "cli"]) == 0
    app.run()
    assert {m.label: m.value for m in app.metric}["Overdue (Red)"] == "2"
