"""The capital programme's summary: the latest report on or before a date (approved, spent, projected, slippage, the
schemes' own RAG), what changed between two reports, and its pages in the meeting pack."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds import capital
from ...vocab import AMBER, GREEN, RAG_ORDER, RED, rag_text
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
    whole_percent,
    worst,
)

KEY, TITLE, PAGE = "capital", "Capital programme", "pages/budget.py"
RAG_BASIS = "The report's own RAG for each scheme; the programme shows the worst of them."
_SEVERITY = {RED: 0, AMBER: 1, GREEN: 2}


def _report(engine: Engine, day: dt.date) -> tuple[dt.date | None, pd.DataFrame | None]:
    shown = latest_on_or_before(capital.reporting_dates(engine), day)
    return (None, None) if shown is None else (shown, capital.report(engine, shown))


def _name(code, scheme) -> str:
    return f"{code} {scheme}" if isinstance(code, str) and code else scheme


def headline(engine: Engine, as_at: dt.date) -> Headline:
    shown, df = _report(engine, as_at)
    if shown is None:
        return Headline(KEY, TITLE, None, f"No capital monitoring report on or before {fmt.day(as_at)}.")
    approved, actual = float(df["approved_budget"].sum()), float(df["actual_to_date"].sum())
    projected, slippage = float(df["projected_outturn"].sum()), float(df["slippage"].sum())
    spent = actual / approved if approved else None
    counts = {r: int((df["rag"] == r).sum()) for r in RAG_ORDER}
    sentence = (f"{fmt.money(actual)} ({fmt.share(spent, 0)}) of the {fmt.money(approved)} approved programme spent "
                f"so far, {fmt.money(projected)} projected")
    flagged = [f"{counts[r]} of {len(df)} schemes {r}" for r in (RED, AMBER) if counts[r]]
    if flagged:
        sentence += "; " + " and ".join(flagged)
    figures = (
        Figure("Approved programme", fmt.money(approved), approved),
        Figure("Actual to date", fmt.money(actual), actual),
        Figure("Projected", fmt.money(projected), projected),
        Figure("Slippage", fmt.money(slippage), slippage),
        Figure("Schemes Red or Amber", f"{counts[RED] + counts[AMBER]} of {len(df)}", counts[RED] + counts[AMBER]),
    )
    return Headline(KEY, TITLE, shown, sentence + ".", figures, worst(df["rag"]), RAG_BASIS,
                    SourceIndex.of(engine, KEY).for_date(shown), key=1)


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if d1 is None or d0 == d1:
        return []
    if d0 is None:
        projected = float(r1["projected_outturn"].sum())
        return [Change(KEY, f"The first capital monitoring report is in, as at {fmt.day(d1)}: "
                            f"{fmt.money(projected)} projected.", (Figure("Projected", fmt.money(projected),
                                                                         projected),),
                       importance(NEUTRAL, 0, materiality.money), PAGE)]
    out = []
    for column, words in (("projected_outturn", "projected spend"), ("slippage", "slippage")):
        v0, v1 = float(r0[column].sum()), float(r1[column].sum())
        if abs(v1 - v0) >= materiality.money:
            figures = (Figure(f"As at {fmt.day(d1)}", fmt.money(v1), v1), Figure(f"As at {fmt.day(d0)}",
                                                                                 fmt.money(v0), v0),
                       Figure("Change", fmt.signed_money(v1 - v0), v1 - v0))
            direction = (WORSE if v1 > v0 else BETTER) if column == "slippage" else NEUTRAL
            out.append(Change(KEY, f"The capital programme's {words} {'rose' if v1 > v0 else 'fell'} by "
                                   f"{fmt.money(abs(v1 - v0))} to {fmt.money(v1)}.", figures,
                              importance(direction, v1 - v0, materiality.money), PAGE, direction))
    before = {(g or "", c or "", s): row for g, c, s, row in
              zip(r0["client_group"], r0["scheme_code"], r0["scheme"], r0.itertuples())}
    for row in r1.itertuples():
        old = before.get((row.client_group or "", row.scheme_code or "", row.scheme))
        if old is None or old.rag == row.rag or row.rag not in _SEVERITY or old.rag not in _SEVERITY:
            continue
        direction = WORSE if _SEVERITY[row.rag] < _SEVERITY[old.rag] else BETTER
        figures = (Figure("RAG now", rag_text(row.rag)), Figure("RAG before", rag_text(old.rag)),
                   Figure("Projected", fmt.money(row.projected_outturn), row.projected_outturn))
        out.append(Change(KEY, f"Capital scheme {_name(row.scheme_code, row.scheme)} went from {old.rag} to "
                               f"{row.rag} ({fmt.money(row.projected_outturn)} projected of "
                               f"{fmt.money(row.approved_budget)} approved).", figures,
                          importance(direction, 0, materiality.money, boost=2 if row.rag == RED else 1), PAGE,
                          direction))
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if (nothing := nothing_to_compare(d0, d1)) is not None:
        return nothing
    change = float(r1["actual_to_date"].sum()) - float(r0["actual_to_date"].sum())
    return Movement(f"{fmt.money(change)} spent")


def pack(engine: Engine, as_at: dt.date, rows: int | None = 8) -> PackContent | None:
    shown, df = _report(engine, as_at)
    if shown is None:
        return None
    ordered = df.assign(order=[_SEVERITY.get(r, 3) for r in df["rag"]]).sort_values(
        ["order", "approved_budget"], ascending=[True, False])
    kept = ordered if rows is None else ordered.head(rows)
    k = 1000
    table = pd.DataFrame({
        "Scheme": [_name(c, s) for c, s in zip(kept["scheme_code"], kept["scheme"])],
        "Approved £000": kept["approved_budget"] / k,
        "Actual £000": kept["actual_to_date"] / k,
        "Projected £000": kept["projected_outturn"] / k,
        "% spent": kept["pct_spent"],
        "RAG": [rag_text(r) for r in kept["rag"]],
    })
    approved = df["approved_budget"].sum()
    total = {"Scheme": "Total", "Approved £000": approved / k, "Actual £000": df["actual_to_date"].sum() / k,
             "Projected £000": df["projected_outturn"].sum() / k,
             "% spent": df["actual_to_date"].sum() / approved if approved else None, "RAG": ""}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    note = "" if len(kept) == len(df) else (f"The {len(kept)} schemes with the worst RAG and largest programme of "
                                            f"{len(df)}; the total is the whole programme's.")
    flagged = df[df["rag"].isin([RED, AMBER])]
    return PackContent(
        f"Capital schemes, as at {fmt.day(shown)} (£000)", table,
        f"Actual spend as % of the approved programme, as at {fmt.day(shown)}",
        df[["client_group", "scheme_code", "scheme", "pct_spent", "rag"]],
        f"Bar chart of actual spend as a percentage of the approved programme for {len(df)} capital schemes, as at "
        f"{fmt.day(shown)}. " + (f"{len(flagged)} schemes Red or Amber: "
                                 + "; ".join(f"{_name(r.scheme_code, r.scheme)} {fmt.share(r.pct_spent, 0)} spent "
                                             f"({r.rag})" for r in flagged.itertuples()) + "."
                                 if len(flagged) else "Every scheme is Green."),
        note, {"Approved £000": in_thousands, "Actual £000": in_thousands, "Projected £000": in_thousands,
               "% spent": whole_percent})
