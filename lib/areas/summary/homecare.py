"""Home care's summary: the in-house share in the latest week on or before a date against the plan and the target,
with the forecast; how the share moved between two dates (overall and by area); and its pages in the meeting pack."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds.homecare import weekly
from ...vocab import AMBER, GREEN, RED
from .. import homecare
from .base import (
    BETTER,
    WORSE,
    Change,
    Figure,
    Headline,
    Materiality,
    Movement,
    PackContent,
    SourceIndex,
    importance,
    whole,
)

KEY, TITLE, PAGE = "homecare", "Home care balance", "pages/homecare.py"
FORECAST_WEEKS = 8  # the Home care page's default window
_FORECAST_RAG = {"on course": GREEN, "target met": GREEN, "not on course": AMBER, "flat or rising": RED}


def _week(weeks: pd.DataFrame) -> pd.Series | None:
    return None if weeks.empty else weeks.iloc[-1]


def rag_basis(target: homecare.Target) -> str:
    return (f"From the forecast at the pace of the last {FORECAST_WEEKS} weeks: Green when the in-house share reaches "
            f"the target of {target.target_share:.0%} by {fmt.day(target.target_date)}, Amber when it reaches it "
            "later, Red when the share is not falling; none with fewer than 4 weeks.")


def _verdict(fc: homecare.Forecast, target: homecare.Target) -> str:
    goal = f"{target.target_share:.0%}"
    if fc.status == "on course":
        return f"on course for {goal} by {fmt.day(target.target_date)}"
    if fc.status == "target met":
        return f"the target of {goal} is met"
    if fc.status == "not on course":
        return (f"not on course for {goal} by {fmt.short_day(target.target_date)} (at this pace about "
                f"{fc.date:%B %Y})")
    if fc.status == "flat or rising":
        return "not on course: the share is not falling"
    return "too few weeks yet for a forecast"


def headline(engine: Engine, as_at: dt.date) -> Headline:
    weeks = weekly(engine, as_at)
    if weeks.empty:
        return Headline(KEY, TITLE, None, f"No weekly home care hours on or before {fmt.day(as_at)}.")
    target = homecare.load_target(engine)
    pos = homecare.position(weeks, target)
    fc = homecare.forecast(weeks, target, FORECAST_WEEKS)
    behind = pos["behind_plan"]
    plan = (f"{abs(behind) * 100:.1f} points {'behind' if behind > 0 else 'ahead of'} plan"
            if round(behind * 100, 1) else "on plan")
    sentence = (f"{fmt.share(pos['share'])} of hours in-house (week to {fmt.short_day(pos['week_ending'])}), "
                f"{plan}; {_verdict(fc, target)}")
    figures = (
        Figure("In-house share", fmt.share(pos["share"]), pos["share"]),
        Figure("Planned by now", fmt.share(pos["planned_share"]), pos["planned_share"]),
        Figure("Change on last week", _points_or_none(pos["change"]), pos["change"]),
        Figure("Hours a week still to move", f"{pos['hours_to_transfer']:,.0f}", pos["hours_to_transfer"]),
        Figure("Savings run-rate a year", fmt.money(pos["savings_run_rate"]), pos["savings_run_rate"]),
    )
    return Headline(KEY, TITLE, pos["week_ending"], sentence + ".", figures, _FORECAST_RAG.get(fc.status),
                    rag_basis(target), SourceIndex.of(engine, KEY).for_date(pos["week_ending"]))


def _points_or_none(change: float | None) -> str:
    return "no change" if not fmt.missing(change) and round(change * 100, 1) == 0 else fmt.points(change)


def _share_words(change: float) -> str:
    return f"{'rose' if change > 0 else 'fell'} {abs(change) * 100:.1f} points"


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    now, then = weekly(engine, as_at), weekly(engine, since)
    w1, w0 = _week(now), _week(then)
    if w1 is None or w0 is None or w1["week_ending"] == w0["week_ending"]:
        return []
    target = homecare.load_target(engine)
    out = []
    change = float(w1["in_house_share"] - w0["in_house_share"])
    weeks_words = f"week ending {fmt.day(w1['week_ending'])} against {fmt.day(w0['week_ending'])}"
    figures = (Figure(f"Week ending {fmt.day(w1['week_ending'])}", fmt.share(w1["in_house_share"]),
                      float(w1["in_house_share"])),
               Figure(f"Week ending {fmt.day(w0['week_ending'])}", fmt.share(w0["in_house_share"]),
                      float(w0["in_house_share"])),
               Figure("Change", fmt.points(change), change))
    if abs(change) >= materiality.share_points:
        moved = float(w1["independent_hours"] - w0["independent_hours"])
        direction = BETTER if change < 0 else WORSE  # the aim is a smaller in-house share
        hours = (f"; independent providers deliver {abs(moved):,.0f} hours a week {'more' if moved > 0 else 'fewer'}"
                 if abs(moved) >= 1 else "")
        out.append(Change(KEY, f"The in-house share of home care {_share_words(change)} to "
                               f"{fmt.share(w1['in_house_share'])} ({weeks_words}){hours}.", figures,
                          importance(direction, change, materiality.share_points, boost=1), PAGE, direction))
    fc1 = homecare.forecast(now, target, FORECAST_WEEKS)
    fc0 = homecare.forecast(then, target, FORECAST_WEEKS)
    rag1, rag0 = _FORECAST_RAG.get(fc1.status), _FORECAST_RAG.get(fc0.status)
    if rag1 != rag0 and rag1 and rag0:
        direction = WORSE if [RED, AMBER, GREEN].index(rag1) < [RED, AMBER, GREEN].index(rag0) else BETTER
        out.append(Change(KEY, f"Home care is now {_verdict(fc1, target)} (it was {_verdict(fc0, target)}).",
                          (Figure("Forecast now", fc1.status), Figure("Forecast before", fc0.status)),
                          importance(direction, 0, 1, boost=2), PAGE, direction))
    out.extend(_areas(engine, since, as_at, w0["week_ending"], w1["week_ending"], materiality))
    return out


def _areas(engine: Engine, since: dt.date, as_at: dt.date, week0: dt.date, week1: dt.date,
           materiality: Materiality) -> list[Change]:
    """Areas where the in-house share rose (work went back to the in-house service): the hot spots."""
    by_area = homecare.weekly_by_area(engine, as_at)
    now = by_area[by_area["week_ending"] == week1].set_index("area")["in_house_share"]
    then = by_area[by_area["week_ending"] == week0].set_index("area")["in_house_share"]
    out = []
    for area, share in now.items():
        if area not in then or pd.isna(then[area]) or pd.isna(share):
            continue
        change = float(share - then[area])
        if change >= materiality.share_points:
            out.append(Change(KEY, f"In {area} the in-house share {_share_words(change)} to {fmt.share(share)}, "
                                   "against the direction of the plan.",
                              (Figure(f"{area} now", fmt.share(share), float(share)),
                               Figure(f"{area} before", fmt.share(then[area]), float(then[area])),
                               Figure("Change", fmt.points(change), change)),
                              importance(WORSE, change, materiality.share_points), PAGE, WORSE))
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    w1, w0 = _week(weekly(engine, as_at)), _week(weekly(engine, since))
    if w1 is None:
        return Movement("No weekly hours yet")
    if w0 is None:
        return Movement(f"First weeks, to {fmt.short_day(w1['week_ending'])}")
    if w1["week_ending"] == w0["week_ending"]:
        return Movement("No new week")
    change = float(w1["in_house_share"] - w0["in_house_share"])
    if round(change * 100, 1) == 0:
        return Movement("Share unchanged")
    return Movement(f"Share {fmt.points(change)}", BETTER if change < 0 else WORSE)


def pack(engine: Engine, as_at: dt.date, rows: int | None = 6) -> PackContent | None:
    weeks = weekly(engine, as_at)
    if weeks.empty:
        return None
    target = homecare.load_target(engine)
    kept = weeks if rows is None else weeks.tail(rows)
    table = pd.DataFrame({
        "Week ending": kept["week_ending"],
        "In-house hours": kept["in_house_hours"],
        "Independent hours": kept["independent_hours"],
        "In-house share": kept["in_house_share"],
        "Planned share": [target.planned_share(d) for d in kept["week_ending"]],
    })
    last = weeks.iloc[-1]
    return PackContent(
        f"Home care hours, the last {len(kept)} weeks to {fmt.day(last['week_ending'])}", table,
        f"In-house share of home care hours against the plan and the {target.target_share:.0%} target",
        homecare.trajectory(weeks, target),
        f"Line chart of the weekly in-house share of home care hours from {fmt.day(weeks['week_ending'].iloc[0])} "
        f"({fmt.share(weeks['in_house_share'].iloc[0])}) to {fmt.day(last['week_ending'])} "
        f"({fmt.share(last['in_house_share'])}), beside the planned straight line from "
        f"{target.baseline_share:.0%} to {target.target_share:.0%} by {fmt.day(target.target_date)} and the target.",
        "" if len(kept) == len(weeks) else f"The last {len(kept)} of {len(weeks)} weeks.",
        {"Week ending": fmt.short_day, "In-house hours": whole, "Independent hours": whole,
         "In-house share": fmt.share, "Planned share": fmt.share})
