"""The revenue budget's summary: the latest report on or before a date, what changed between two reports, and its
pages in the meeting pack. A date with no new report since the other date has nothing to say."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds import revenue
from ...vocab import RED, rag_text
from .base import (
    BETTER,
    NEUTRAL,
    WORSE,
    Change,
    Figure,
    Headline,
    Materiality,
    Movement,
    PackContent,
    SourceIndex,
    importance,
    in_thousands,
    latest_on_or_before,
    nothing_to_compare,
    signed_thousands,
)

KEY, TITLE, PAGE = "revenue", "Revenue budget", "pages/budget.py"


def over_under(variance: float) -> str:
    """'£338k over budget', '£107k under budget', 'on budget'."""
    word = fmt.variance_word(variance)
    if word == "on budget":
        return word
    return f"{fmt.money(abs(variance))} {'over' if variance > 0 else 'under'} budget"


def _report(engine: Engine, day: dt.date) -> tuple[dt.date | None, pd.DataFrame | None]:
    shown = latest_on_or_before(revenue.reporting_dates(engine), day)
    if shown is None:
        return None, None
    df = revenue.report(engine, shown, revenue.load_policy(engine))
    df["rag_shown"] = df["rag"].where(df["rag"].notna(), df["rag_policy"])  # the report's own, else the policy's
    return shown, df


def headline(engine: Engine, as_at: dt.date) -> Headline:
    shown, df = _report(engine, as_at)
    if shown is None:
        return Headline(KEY, TITLE, None, f"No revenue budget report on or before {fmt.day(as_at)}.")
    policy = revenue.load_policy(engine)
    budget, outturn = float(df["annual_budget"].sum()), float(df["projected_outturn"].sum())
    variance = float(df["variance"].sum())
    movement = float(df["movement"].sum()) if df["movement"].notna().any() else None
    over = df[df["variance"] > 0.5].sort_values("variance", ascending=False)
    sentence = f"Forecast {over_under(variance)} overall"
    if len(over):
        worst = over.iloc[0]
        sentence += (f", {'but' if variance <= 0 else 'and'} {len(over)} of {len(df)} service areas overspend: "
                     f"{worst['service_area']} most ({fmt.money(worst['variance'])})")
    reds = int((df["rag_shown"] == RED).sum())
    figures = (
        Figure("Annual budget", fmt.money(budget), budget),
        Figure("Projected outturn", fmt.money(outturn), outturn),
        Figure(f"Variance ({fmt.variance_word(variance)})", fmt.signed_money(variance), variance),
        Figure("Movement since the last report", fmt.signed_money(movement), movement),
        Figure("Service areas Red", f"{reds} of {len(df)}", reds),
    )
    return Headline(KEY, TITLE, shown, sentence + ".", figures, policy.rag(variance, budget),
                    f"The whole budget judged by the RAG policy in force ({policy.name}): {policy.describe()} "
                    "Each line keeps the report's own RAG.",
                    SourceIndex.of(engine, KEY).for_date(shown), key=2)


def _line_figures(d0: dt.date, v0: float, d1: dt.date, v1: float) -> tuple[Figure, ...]:
    return (Figure(f"Variance as at {fmt.day(d1)}", fmt.signed_money(v1), v1),
            Figure(f"Variance as at {fmt.day(d0)}", fmt.signed_money(v0), v0),
            Figure("Change", fmt.signed_money(v1 - v0), v1 - v0))


def _moved(name: str, v0: float, v1: float) -> str:
    """How a variance moved, in words: "Older People's Services' overspend fell by £82k to £338k", "Mental Health
    moved from £20k under budget to £60k over budget"."""
    if abs(v0) > 0.5 and abs(v1) > 0.5 and (v0 > 0) == (v1 > 0):
        word = "overspend" if v1 > 0 else "underspend"
        owner = f"{name}'" if name.endswith("s") else f"{name}'s"
        return (f"{owner} forecast {word} {'grew' if abs(v1) > abs(v0) else 'fell'} by {fmt.money(abs(v1 - v0))} "
                f"to {fmt.money(abs(v1))}")
    return f"{name} moved from {over_under(v0)} to {over_under(v1)}"


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if d1 is None or d0 == d1:
        return []
    if d0 is None:
        variance = float(r1["variance"].sum())
        return [Change(KEY, f"The first revenue budget report is in, as at {fmt.day(d1)}: forecast "
                            f"{over_under(variance)} overall.", (Figure("Variance", fmt.signed_money(variance),
                                                                         variance),),
                       importance(NEUTRAL, variance, materiality.money), PAGE)]
    out = []
    total0, total1 = float(r0["variance"].sum()), float(r1["variance"].sum())
    if abs(total1 - total0) >= materiality.money:
        direction = WORSE if total1 > total0 else BETTER
        out.append(Change(KEY, f"{_moved('The whole budget', total0, total1)} (report as at {fmt.day(d1)} against "
                               f"{fmt.day(d0)}).",
                          _line_figures(d0, total0, d1, total1), importance(direction, total1 - total0,
                                                                             materiality.money, boost=1), PAGE,
                          direction))
    before = {(s or "", a): row for s, a, row in zip(r0["section"], r0["service_area"], r0.itertuples())}
    for row in r1.itertuples():
        old = before.get((row.section or "", row.service_area))
        if old is None:
            continue
        v0, v1 = float(old.variance), float(row.variance)
        figures = _line_figures(d0, v0, d1, v1)
        if row.rag_shown == RED and old.rag_shown != RED:
            out.append(Change(KEY, f"{row.service_area} turned Red: now {over_under(v1)} (was {over_under(v0)}, "
                                   f"{old.rag_shown or 'no RAG'}).", figures,
                              importance(WORSE, v1 - v0, materiality.money, boost=2), PAGE, WORSE))
        elif old.rag_shown == RED and row.rag_shown != RED:
            out.append(Change(KEY, f"{row.service_area} is no longer Red: now {row.rag_shown or 'without a RAG'}, "
                                   f"{over_under(v1)} (was {over_under(v0)}).", figures,
                              importance(BETTER, v1 - v0, materiality.money, boost=2), PAGE, BETTER))
        elif abs(v1 - v0) >= materiality.money:
            direction = WORSE if v1 > v0 else BETTER
            out.append(Change(KEY, f"{_moved(row.service_area, v0, v1)}.", figures,
                              importance(direction, v1 - v0, materiality.money), PAGE, direction))
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if (nothing := nothing_to_compare(d0, d1)) is not None:
        return nothing
    change = float(r1["variance"].sum()) - float(r0["variance"].sum())
    if abs(change) < 500:
        return Movement("Forecast unchanged")
    direction = WORSE if change > 0 else BETTER
    return Movement(f"Forecast {fmt.money(abs(change))} {'worse' if direction == WORSE else 'better'}", direction)


def pack(engine: Engine, as_at: dt.date, rows: int | None = 8) -> PackContent | None:
    shown, df = _report(engine, as_at)
    if shown is None:
        return None
    ordered = df.sort_values("variance", ascending=False)
    kept = ordered if rows is None else ordered.head(rows)
    k = 1000
    table = pd.DataFrame({
        "Service area": kept["service_area"],
        "Budget £000": kept["annual_budget"] / k,
        "Outturn £000": kept["projected_outturn"] / k,
        "Variance £000": kept["variance"] / k,
        "Movement £000": kept["movement"] / k,
        "RAG": [rag_text(r) for r in kept["rag_shown"]],
    })
    total = {"Service area": "Total", "Budget £000": df["annual_budget"].sum() / k,
             "Outturn £000": df["projected_outturn"].sum() / k, "Variance £000": df["variance"].sum() / k,
             "Movement £000": df["movement"].sum() / k if df["movement"].notna().any() else None, "RAG": ""}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    note = "" if len(kept) == len(df) else (f"The {len(kept)} service areas with the largest variance of {len(df)}; "
                                            "the total is the whole report's. Every line is on the Budget page.")
    over = ordered[ordered["variance"] > 0.5]
    described = "; ".join(f"{r.service_area} {over_under(r.variance)} ({r.rag_shown})" for r in over.itertuples())
    return PackContent(
        f"Revenue budget by service area, as at {fmt.day(shown)} (£000; movement since the last report)", table,
        f"Projected variance by service area, as at {fmt.day(shown)}",
        df[["service_area", "variance", "rag_shown"]].rename(columns={"rag_shown": "rag"}),
        f"Bar chart of the projected variance of {len(df)} service areas, as at {fmt.day(shown)}. "
        + (f"Overspending: {described}." if described else "No service area is forecast to overspend."),
        note, {"Budget £000": in_thousands, "Outturn £000": in_thousands, "Variance £000": signed_thousands,
               "Movement £000": signed_thousands})
