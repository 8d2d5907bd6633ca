"""The tables the ordinary pages show, as data: each fits the main column beside the sidebar at 1280x720 (its columns
laid out in lib/ui/style.py sum to no more than TABLE_WIDTH), has its RAG or status near the left, and leaves an
empty cell empty (shown as "–"), never the words "None" or "nan"."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import demo
from lib.areas import actions, budget, contracts, homecare, indicators
from lib.kinds import KINDS
from lib.kinds.homecare import weekly
from lib.store import engine as db
from lib.ui import style

DAY = dt.date(2008, 4, 21)
REPORT = dt.date(2008, 3, 31)


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory):
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('tables') / 'store.db'}")
    demo.load_demo(engine)
    yield engine
    engine.dispose()


def revenue(engine):
    from lib.kinds import revenue as kind

    return budget.revenue_table(budget.revenue_report(engine, REPORT, kind.load_policy(engine)))


def capital(engine):
    return budget.capital_table(budget.capital_report(engine, REPORT))


def indicator_table(engine):
    policy = indicators.load_policy(engine)
    return indicators.table(indicators.report(engine, REPORT, policy), policy)


def hot_spots(engine):
    weeks = weekly(engine)
    return homecare.hot_spot_table(homecare.hot_spots(homecare.weekly_by_area(engine), weeks["week_ending"].iloc[-1]))


def week_table(engine):
    return homecare.this_and_last_week_table(homecare.weekly_comparison(weekly(engine), homecare.Target()))


def action_items(engine):
    return actions.with_rag(actions.items(engine), DAY)


def register(engine):
    return contracts.with_status(contracts.register(engine), DAY)


TABLES = {
    "revenue": (revenue, style.REVENUE_TABLE, "RAG (report)"),
    "capital": (capital, style.CAPITAL_TABLE, "RAG"),
    "indicators": (indicator_table, style.INDICATOR_TABLE, "RAG"),
    "this and last week": (week_table, style.WEEK_TABLE, None),
    "hot spots": (hot_spots, style.HOT_SPOT_TABLE, "Hot spot"),
    "comparators": (lambda e: homecare.comparator_table(homecare.comparators(e)), style.COMPARATOR_TABLE, None),
    "overdue and due soon": (lambda e: actions.list_table(action_items(e)), style.ACTION_TABLE, "RAG"),
    "actions by lead": (lambda e: actions.by_lead(action_items(e)), style.LEAD_TABLE, "Red"),
    "counts by objective": (lambda e: actions.progress_table(actions.by_objective(action_items(e))),
                            style.PROGRESS_TABLE, None),
    "register": (lambda e: contracts.register_table(register(e)), style.CONTRACT_TABLE, "Status"),
    "past their end": (lambda e: contracts.register_table(register(e), standing=True), style.CONTRACT_TABLE,
                       "Status"),
    "reviews": (lambda e: contracts.review_table(register(e)), style.REVIEW_TABLE, "Review"),
    "monitoring": (lambda e: contracts.monitoring_table(register(e), DAY), style.MONITORING_TABLE, "Monitoring"),
    "transparency": (lambda e: contracts.transparency_extract(register(e), 2008, 2), style.TRANSPARENCY_TABLE, None),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_each_table_fits_beside_the_sidebar_with_its_rag_on_the_left(demo_engine, name):
    build, spec, rag = TABLES[name]
    table = build(demo_engine)
    shown = [c for c in spec if c in table.columns]
    assert shown, f"{name}: none of its columns are laid out"
    if name != "transparency":  # the extract keeps every Code field for the download; the page shows a few
        assert set(table.columns) <= set(spec), f"{name}: columns with no width: {set(table.columns) - set(spec)}"
    assert style.table_width(spec, shown) <= style.TABLE_WIDTH
    if rag:
        assert shown.index(rag) <= 2, f"{name}: {rag} is column {shown.index(rag) + 1}"


@pytest.mark.parametrize("name", list(TABLES))
def test_no_table_says_none_or_nan(demo_engine, name):
    build, spec, _ = TABLES[name]
    shown = style.blank_as_missing(build(demo_engine)[[c for c in spec if c in build(demo_engine).columns]])
    for column in shown.columns:
        for value in shown[column]:
            assert not (isinstance(value, str) and value.strip().lower() in ("none", "nan", "nat", "")), \
                f"{name}, {column}: {value!r}"


def test_every_layout_fits_whatever_optional_columns_it_shows():
    for name in dir(style):
        spec = getattr(style, name)
        if name.endswith("_TABLE") and isinstance(spec, dict):
            optional = {"CONTRACT_TABLE": 70, "PROGRESS_TABLE": 0, "ACTION_TABLE": 0}.get(name, 0)
            assert sum(c.width for c in spec.values()) - optional <= style.TABLE_WIDTH, name
    assert sum(c.width for c in style.ACTION_EDITOR.values()) <= style.TABLE_WIDTH


def test_blank_text_is_shown_as_an_empty_cell():
    df = pd.DataFrame({"text": ["a", "", "  ", None], "number": [1.0, 2.0, float("nan"), 4.0]})
    out = style.blank_as_missing(df)
    assert list(out["text"])[:1] == ["a"] and all(pd.isna(v) for v in list(out["text"])[1:])
    assert list(out["number"])[:2] == [1.0, 2.0]
    assert list(df["text"])[:3] == ["a", "", "  "]  # the caller's frame is left alone


def test_revenue_marks_where_the_policy_differs_and_keeps_the_figures(demo_engine):
    from lib.kinds import revenue as kind

    df = budget.revenue_report(demo_engine, REPORT, kind.PRESETS["percent_or_pounds"])
    table = budget.revenue_table(df).set_index("Service area")
    assert table.loc["Adult Services Business Unit", "RAG (policy)"] == "⚠ ◆ Amber"
    assert table.loc["Older People's Services", "RAG (policy)"] == "▲ Red"  # the report says Red too
    assert table.loc["Older People's Services", "Movement £000"] == -17
    assert table.loc["Older People's Services", "Variance £000"] == 338


def test_capital_keeps_client_group_slippage_and_comment_as_notes(demo_engine):
    df = budget.capital_report(demo_engine, REPORT)
    notes = {n["scheme"]: n for n in budget.capital_notes(df)}
    assert len(notes) == len(df)
    oaks = notes["UXZ001 Oaks Day Centre Alterations"]
    assert oaks["client_group"] == "Strategic Maintenance Investment Programme"
    assert oaks["slippage"] == -4561 and oaks["comment"].startswith("Final costs on scheme")
    assert budget.capital_table(df).set_index("Code").loc["UXZ001", "% spent"] == pytest.approx(648.56, abs=0.01)


def test_actions_list_keeps_detail_for_the_detail_view(demo_engine):
    items = action_items(demo_engine)
    overdue = actions.list_table(items[items["overdue"]])
    assert list(overdue["RAG"]) == ["▲ Red", "▲ Red"] and list(overdue["Ref"]) == ["2.1", "6.1"]
    assert "Plan" not in overdue.columns  # both in one plan: its name would only take room
    assert "Plan" in actions.list_table(items).columns
    assert set(actions.editor_frame(items)["RAG"]) <= {"▲ Red", "◆ Amber", "● Green", "■ Complete", "✕ Cancelled"}


def test_contract_status_and_monitoring_read_without_colour(demo_engine):
    df = register(demo_engine)
    table = contracts.register_table(df).set_index("Reference")
    assert table.loc["MH-01", "Status"] == "▲ Expired" and table.loc["ADV-01", "Status"] == "● Live"
    monitoring = contracts.monitoring_table(df[df["monitoring_overdue"]], DAY).set_index("Reference")
    assert monitoring.loc["CAR-01", "Monitoring"] == "▲ never monitored"
    assert monitoring.loc["RES-002", "Monitoring"] == "◆ 26 months ago"  # last visited 3 March 2006


def test_the_first_week_has_no_change_rather_than_blank_text():
    weeks = pd.DataFrame({"week_ending": [dt.date(2008, 1, 4)], "in_house_hours": [8640.0],
                          "independent_hours": [5760.0], "total_hours": [14400.0], "in_house_share": [0.6]})
    table = homecare.this_and_last_week_table(homecare.weekly_comparison(weeks, homecare.Target()))
    assert table["Last week"].isna().all() and table["Change"].isna().all()
    by_area = pd.DataFrame({"week_ending": [dt.date(2008, 1, 4)], "area": ["North"], "in_house_share": [0.6],
                            "in_house_hours": [60.0], "independent_hours": [40.0]})
    spots = homecare.hot_spot_table(homecare.hot_spots(by_area, dt.date(2008, 1, 4)))
    assert spots[["Hot spot", "Change", "New independent hours"]].isna().all().all()


def test_rows_read_on_upload_show_the_key_and_the_rag_first():
    kind = KINDS["revenue"]
    labels = {f.name: f.label for f in kind.fields}
    records = pd.DataFrame(columns=["Row", labels["section"], labels["annual_budget"], labels["reason"],
                                    labels["rag_current"], labels["service_area"], labels["rag_revised"]])
    order = style.records_order(kind, records)
    assert order[:5] == ["Row", labels["section"], labels["service_area"], labels["rag_current"],
                         labels["rag_revised"]]
    assert sorted(order) == sorted(records.columns)
    actions_kind = KINDS["actions"]  # its key has the plan, which is not a column of the file
    plan_labels = {f.name: f.label for f in actions_kind.fields}
    plan_rows = pd.DataFrame(columns=["Row", plan_labels["action"], plan_labels["status"], plan_labels["ref"]])
    assert style.records_order(actions_kind, plan_rows)[:3] == ["Row", plan_labels["ref"], plan_labels["status"]]


def test_the_upload_pages_problem_table_shows_every_column_it_is_given():
    """The line's key (its reference, service area, week) is how a person finds a row in a long sheet: the upload
    page must show it as the command line does."""
    from lib.ingest.present import problems_table
    from lib.ingest.problems import Problem

    shown = problems_table([Problem("bad.csv", "", sheet="S", row=3, value="n/a", expected="an amount",
                                    line="service area 'Older People'")])
    assert list(shown.columns) == list(style.PROBLEMS_TABLE)
    assert shown.iloc[0]["Line"] == "service area 'Older People'"
