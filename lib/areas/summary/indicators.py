"""The performance indicators' summary: the latest figures on or before a date with their RAG against target, what
changed between two reporting dates, and their pages in the meeting pack (each indicator's trend across reports)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds import indicators
from ...vocab import AMBER, GREEN, HIGHER, RED, rag_text
from .. import indicators as indicator_view
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
    latest_on_or_before,
    nothing_to_compare,
    worst,
)

KEY, TITLE, PAGE = "indicators", "Performance indicators", "pages/budget.py"
_SEVERITY = {RED: 0, AMBER: 1, GREEN: 2}


def _report(engine: Engine, day: dt.date) -> tuple[dt.date | None, pd.DataFrame | None]:
    shown = latest_on_or_before(indicators.reporting_dates(engine), day)
    if shown is None:
        return None, None
    return shown, indicators.report(engine, shown, indicators.load_policy(engine))


def _name(row) -> str:
    return f"{row.code} {row.indicator}" if isinstance(row.code, str) and row.code else row.indicator


def _value(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _against(row) -> str:
    better = "higher" if row.polarity == HIGHER else "lower"
    return f"{_value(row.actual)} against a target of {_value(row.target)} ({better} is better)"


def headline(engine: Engine, as_at: dt.date) -> Headline:
    shown, df = _report(engine, as_at)
    if shown is None:
        return Headline(KEY, TITLE, None, f"No performance indicators on or before {fmt.day(as_at)}.")
    policy = indicators.load_policy(engine)
    off = df[df["rag"] != GREEN].assign(order=lambda d: d["rag"].map(_SEVERITY)).sort_values("order")
    if off.empty:
        sentence = f"All {len(df)} indicators on or better than target"
    else:
        first = next(off.itertuples())
        sentence = (f"{len(off)} of {len(df)} indicators off target: {_name(first)} {_value(first.actual)} against "
                    f"{_value(first.target)} ({first.rag})")
    figures = (Figure("Indicators off target", f"{len(off)} of {len(df)}", len(off)),
               *(Figure(_name(r), f"{_value(r.actual)} (target {_value(r.target)}) {rag_text(r.rag)}", r.actual)
                 for r in df.itertuples()))
    return Headline(KEY, TITLE, shown, sentence + ".", figures, worst(df["rag"]),
                    f"{policy.describe()} Basis: {policy.source}. The area shows the worst indicator's RAG.",
                    SourceIndex.of(engine, KEY).for_date(shown))


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if d1 is None or d0 == d1 or d0 is None:
        return []
    before = {(r.code or r.indicator): r for r in r0.itertuples()}
    out = []
    for row in r1.itertuples():
        old = before.get(row.code or row.indicator)
        if old is None:
            continue
        figures = (Figure(f"As at {fmt.day(d1)}", _value(row.actual), row.actual),
                   Figure(f"As at {fmt.day(d0)}", _value(old.actual), old.actual),
                   Figure("Target", _value(row.target), row.target), Figure("RAG", rag_text(row.rag)))
        change = row.actual - old.actual
        improved = change > 0 if row.polarity == HIGHER else change < 0
        threshold = abs(row.target) * materiality.indicator_pct / 100 or materiality.indicator_pct
        if row.rag != old.rag and row.rag in _SEVERITY and old.rag in _SEVERITY:
            direction = WORSE if _SEVERITY[row.rag] < _SEVERITY[old.rag] else BETTER
            out.append(Change(KEY, f"{_name(row)} went from {old.rag} to {row.rag}: {_against(row)}, was "
                                   f"{_value(old.actual)}.", figures,
                              importance(direction, change, threshold, boost=2 if row.rag == RED else 1), PAGE,
                              direction))
        elif abs(change) >= threshold:
            direction = BETTER if improved else WORSE
            out.append(Change(KEY, f"{_name(row)} {'improved' if improved else 'worsened'} from "
                                   f"{_value(old.actual)} to {_against(row)}; still {row.rag}.", figures,
                              importance(direction, change, threshold), PAGE, direction))
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    d1, r1 = _report(engine, as_at)
    d0, r0 = _report(engine, since)
    if (nothing := nothing_to_compare(d0, d1, "figures")) is not None:
        return nothing
    before = dict(zip([c or i for c, i in zip(r0["code"], r0["indicator"])], r0["rag"]))
    worse = better = 0
    for key, rag in zip([c or i for c, i in zip(r1["code"], r1["indicator"])], r1["rag"]):
        if key in before and before[key] != rag:
            if _SEVERITY.get(rag, 3) < _SEVERITY.get(before[key], 3):
                worse += 1
            else:
                better += 1
    if not worse and not better:
        return Movement("No change of RAG")
    parts = [f"{fmt.count(n, 'indicator')} {word}" for n, word in ((better, "better"), (worse, "worse")) if n]
    return Movement(f"{' and '.join(parts)}", WORSE if worse > better else BETTER
                    if better > worse else NEUTRAL)


def pack(engine: Engine, as_at: dt.date, rows: int | None = 8) -> PackContent | None:
    shown, df = _report(engine, as_at)
    if shown is None:
        return None
    policy = indicators.load_policy(engine)
    kept = df if rows is None else df.head(rows)
    table = pd.DataFrame({
        "Code": kept["code"].fillna(""), "Indicator": kept["indicator"], "Target": kept["target"],
        "Actual": kept["actual"], "Better": ["higher ▲" if p == HIGHER else "lower ▼" for p in kept["polarity"]],
        "RAG": [rag_text(r) for r in kept["rag"]],
    })
    trend = indicator_view.trend(indicators.history(engine, as_at, policy))
    described = "; ".join(f"{_name(r)}: {_against(r)}, {r.rag}" for r in df.itertuples())
    return PackContent(
        f"Performance indicators as at {fmt.day(shown)}", table,
        f"Each indicator at each report against its target (dashed), to {fmt.day(shown)}", trend,
        f"Small charts, one per indicator, of its value at each report against its target. Latest: {described}.",
        "" if len(kept) == len(df) else f"The first {len(kept)} of {len(df)} indicators.",
        {"Target": _value, "Actual": _value})
