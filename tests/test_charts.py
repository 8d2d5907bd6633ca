"""The charts as data (lib/charts.py is pure: a DataFrame in, a Vega-Lite spec out): every item a chart is about is
drawn and labelled, values beyond an axis are marked, overdue actions are drawn on top, colour never carries a
status alone, and charts keep their own height rather than being squeezed into Streamlit's."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import charts
from lib.vocab import STATUS_MARKS

DAY = dt.date(2008, 4, 21)


def spec(chart) -> dict:
    return chart.to_dict()


def rows(chart) -> list[dict]:
    """The records the chart draws (Altair keeps a chart's data once, in its datasets)."""
    datasets = spec(chart)["datasets"]
    return max(datasets.values(), key=len)


def layers(chart) -> list[dict]:
    found = spec(chart)
    return found.get("layer") or found.get("spec", {}).get("layer") or [found]


def filters(layer: dict) -> str:
    return " ".join(str(t.get("filter")) for t in layer.get("transform", []) if "filter" in t)


def capital() -> pd.DataFrame:
    return pd.DataFrame({
        "scheme_code": ["UXB149", "UXZ001", "UXZ005", "UXL135", "UXX001", None],
        "scheme": ["Modernisation", "Oaks Day Centre Alterations", "Phase 2", "LDDF", "Over a little", "No code"],
        "client_group": ["Older People"] * 6,
        "pct_spent": [0.79, 6.4856, 0.96, float("nan"), 1.10, 0.01],
        "rag": ["Amber", "Green", "Green", "Amber", "Red", None],
    })


def test_every_scheme_has_its_row_and_label_and_overspends_are_marked():
    chart = charts.capital_percent_spent(capital())
    data = {r["name"]: r for r in rows(chart)}
    assert len(data) == 6 and all(r["label"] for r in data.values())
    oaks = data["UXZ001 Oaks Day Centre Alterations"]
    assert oaks["bar"] == charts.AXIS_END and oaks["beyond"] and oaks["label"] == "649% ▶ Green"
    assert oaks["inside"] and oaks["ink"] == "#ffffff"  # white on the green bar's end
    near = data["UXZ005 Phase 2"]
    assert near["bar"] == pytest.approx(96) and not near["beyond"] and near["label"] == "96% Green"
    assert data["UXX001 Over a little"]["label"] == "110% Red" and data["UXX001 Over a little"]["inside"]
    assert data["UXL135 LDDF"]["label"] == "no approved budget · Amber"
    assert data["No code"]["label"] == "1% Not stated"
    assert spec(chart)["height"] == {"step": charts.ROW}
    assert spec(chart)["config"]["axisBand"]["labelOverlap"] is False  # no scheme's name is thinned out
    assert spec(chart)["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_bar_charts_give_every_category_a_row():
    by_type = pd.DataFrame({"contract_type": ["Block", "Spot", "SLA", "Grant"], "annual": [4.1e6, 2.1e6, 3.3e5, 6e4],
                            "share": [0.62, 0.32, 0.05, 0.01], "contracts": [4, 7, 5, 1]})
    chart = charts.value_bars(by_type, "contract_type", "Block, spot and other")
    assert [r["contract_type"] for r in rows(chart)] == ["Block", "Spot", "SLA", "Grant"]
    assert all(r["label"] for r in rows(chart))
    assert spec(chart)["height"] == {"step": charts.ROW}
    assert spec(chart)["config"]["axisBand"]["labelOverlap"] is False


def actions(rags_and_dates) -> pd.DataFrame:
    return pd.DataFrame([{"plan": "VS audit", "ref": ref, "action": f"Action {ref}", "status": status, "rag": rag,
                          "due_date": due, "is_action": True}
                         for ref, rag, status, due in rags_and_dates])


def test_overdue_actions_are_drawn_on_top_in_their_own_lane_with_their_reference():
    same_day = dt.date(2005, 6, 30)
    chart = charts.due_dates(actions([("1.1", "Complete", "Complete", same_day), ("2.1", "Red", "Delayed", same_day),
                                      ("3.1", "Complete", "Complete", same_day), ("4.1", "Green", "In progress",
                                                                                  dt.date(2008, 9, 30))]), DAY)
    drawn = rows(chart)
    assert [r["ref"] for r in drawn][-1] == "2.1"  # last in the data, as in the drawing order
    assert {r["ref"]: r["draw_order"] for r in drawn}["2.1"] == max(r["draw_order"] for r in drawn)
    points = [layer for layer in layers(chart) if layer["mark"]["type"] == "point"]
    assert "Red" in filters(points[-1]) and "!=" not in filters(points[-1])  # the overdue layer comes last
    assert "!=" in filters(points[0])
    assert points[-1]["encoding"]["yOffset"]["field"] == "rag_shown"  # a lane per RAG within the plan's row
    text = [layer for layer in layers(chart) if layer["mark"]["type"] == "text"]
    assert text and text[-1]["encoding"]["text"]["field"] == "overdue_label"
    assert {r["ref"]: r["overdue_label"] for r in drawn} == {"1.1": "", "2.1": "2.1", "3.1": "", "4.1": ""}


def test_progress_bars_label_each_segment_with_its_shape_and_count():
    counts = pd.DataFrame({"plan": ["P"] * 5, "objective": ["1. Carers"] * 3 + ["2. Direct payments"] * 2,
                           "status": ["Not started", "Complete", "In progress", "Delayed", "Complete"],
                           "actions": [1, 1, 5, 1, 19]})
    counts["share"] = counts["actions"] / counts.groupby("objective")["actions"].transform("sum")
    segments = charts.progress_segments(counts)
    carers = segments[segments["objective"] == "1. Carers"]
    assert list(carers["status"]) == ["Complete", "In progress", "Not started"]  # left to right
    assert list(carers["segment"]) == ["■ 1", "◐ 5 in progress", "○ 1"]
    assert carers["start"].iloc[0] == 0 and carers["end"].iloc[-1] == pytest.approx(1)
    assert list(carers["middle"]) == pytest.approx([1 / 14, 1 / 7 + 5 / 14, 6 / 7 + 1 / 14])
    payments = segments[segments["objective"] == "2. Direct payments"]
    assert list(payments["segment"]) == ["■ 19 complete", ""]  # 1 of 20 is too narrow for even a count
    chart = charts.progress_by_objective(counts)
    legend = next(layer for layer in layers(chart) if layer["mark"]["type"] == "bar")["encoding"]["color"]
    assert legend["scale"]["domain"] == [f"{STATUS_MARKS[s]} {s}" for s in charts.PROGRESS_ORDER]


def test_contract_timeline_says_each_status_in_words():
    df = pd.DataFrame({"reference": ["MH-01", "ADV-01", "NEW-1"], "supplier": ["Rotherham Mind", "Advocacy", None],
                       "title": ["t"] * 3, "standing": [None] * 3, "status": ["Expired", "Live", "Not started"],
                       "start_date": [dt.date(2006, 4, 1), dt.date(2006, 4, 1), dt.date(2008, 6, 1)],
                       "end_date": [dt.date(2008, 3, 31), dt.date(2009, 3, 31), dt.date(2009, 5, 31)]})
    names = [r["name"] for r in rows(charts.contract_timeline(df, DAY))]
    assert names == ["MH-01 Rotherham Mind · ▲ Expired", "ADV-01 Advocacy · ● Live", "NEW-1 · ○ Not started"]


def test_trend_by_service_area_is_a_small_chart_per_area_with_its_latest_figure():
    dates = [dt.date(2008, 1, 31), dt.date(2008, 2, 29), dt.date(2008, 3, 31)]
    trend = pd.DataFrame([{"as_at": d, "service_area": area, "variance": v * 1000, "annual_budget": 1e6}
                          for area, values in (("Learning Disabilities", (-100, -400, -657)),
                                               ("Older People's Services", (200, 355, 338)),
                                               ("Supporting People", (0, 0, 0)))
                          for d, v in zip(dates, values)])
    chart = charts.variance_trend_by_area(trend)
    found = spec(chart)
    assert found["facet"]["field"] == "service_area" and found["columns"] == 2
    assert found["facet"]["sort"] == ["Older People's Services", "Supporting People", "Learning Disabilities"]
    assert found["resolve"]["scale"]["y"] == "independent"  # a small area is not flattened by a large one
    latest = {r["service_area"]: r["latest"] for r in rows(chart) if r["latest"]}
    assert latest == {"Learning Disabilities": "-657k", "Older People's Services": "+338k", "Supporting People": "+0k"}
    # two small charts and their axes side by side fit the page beside the sidebar at 1280x720
    assert 2 * (charts.SMALL_WIDTH + 80) + found["spacing"]["column"] <= 890
    assert found["spec"]["height"] >= 120


def test_indicator_small_multiples_fit_three_across():
    trend = pd.DataFrame({"as_at": [dt.date(2007, 9, 30), dt.date(2008, 3, 31)] * 3,
                          "label": [n for n in ("C28 Intensive home care", "C51 Direct payments", "C72 Admissions")
                                    for _ in range(2)],
                          "actual": [14.8, 13.94, 139, 161, 97.2, 94.6], "target": [16, 16, 150, 150, 95, 95],
                          "rag": ["Red", "Red", "Red", "Green", "Amber", "Green"]})
    found = spec(charts.indicator_trend(trend))
    assert found["columns"] == 3 and 3 * (found["spec"]["width"] + 80) <= 890
