"""The contract register's summary: live contracts and their value on a date, what ends soon and what runs past its
end; which contracts ended, started or came within three months of their end between two dates; and its pages in the
meeting pack."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds.contracts import add_months, register, with_status
from ...vocab import AMBER, GREEN, LIVE, RED
from .. import contracts as contract_view
from .base import (
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
)

KEY, TITLE, PAGE = "contracts", "Contract register", "pages/contracts.py"
LISTED = 3
RAG_BASIS = ("Red when a contract is past its end date but the register still marks it running (a service with no "
             "contract in force); Amber when a live contract ends within 6 months or has not been monitored for 12 "
             "months; Green otherwise.")


def _register(engine: Engine, day: dt.date) -> pd.DataFrame:
    return with_status(register(engine), day)


def _value(value) -> str:
    return "value not given" if fmt.missing(value) else f"{fmt.money(value)} a year"


def _name(row) -> str:
    return f"{row.reference} {row.title} ({row.supplier}, {_value(row.annual_value_calc)})"


def headline(engine: Engine, as_at: dt.date) -> Headline:
    df = _register(engine, as_at)
    if df.empty:
        return Headline(KEY, TITLE, None, "No contracts in the register yet.")
    head = contract_view.headline(df, as_at)
    rag = (RED if head["past_end_still_live"] else AMBER if head["expiring_6"] or head["monitoring_overdue"]
           else GREEN)
    sentence = (f"{head['live']} live contracts worth {fmt.money(head['annual_value_live'])} a year; "
                f"{head['expiring_6']} end within 6 months")
    if head["past_end_still_live"]:
        sentence += f" and {head['past_end_still_live']} are past their end date but still marked running"
    figures = (
        Figure("Live contracts", f"{head['live']:,}", head["live"]),
        Figure("Annual value of live contracts", fmt.money(head["annual_value_live"]), head["annual_value_live"]),
        Figure("Ending within 6 months", f"{head['expiring_6']:,}", head["expiring_6"]),
        Figure("Past their end, still marked running", f"{head['past_end_still_live']:,}",
               head["past_end_still_live"]),
        Figure("Not monitored for 12 months", f"{head['monitoring_overdue']:,}", head["monitoring_overdue"]),
    )
    return Headline(KEY, TITLE, as_at, sentence + ".", figures, rag, RAG_BASIS,
                    SourceIndex.of(engine, KEY).for_batches(df["batch_id"]), key=2)


def _material(df: pd.DataFrame, materiality: Materiality) -> pd.DataFrame:
    keep = [fmt.missing(v) or v >= materiality.contract_value for v in df["annual_value_calc"]]
    return df[keep]


def _written(rows: pd.DataFrame, one: str, many: str, day_column: str, direction: str) -> list[Change]:
    """A sentence per contract ("Contract X ended on 31 March 2008"), or one for them all when there are more than
    LISTED ("4 contracts worth £1,200k a year ended between ...")."""
    if rows.empty:
        return []
    if len(rows) <= LISTED:
        return [Change(KEY, f"Contract {_name(r)} {one} {fmt.day(getattr(r, day_column))}"
                            + (f"; the register still marks it {r.standing}" if r.past_end_still_live else "") + ".",
                       (Figure("Date", fmt.day(getattr(r, day_column))),
                        Figure("Annual value", _value(r.annual_value_calc), r.annual_value_calc),
                        Figure("Supplier", r.supplier)),
                       importance(direction, r.annual_value_calc or 0, 1_000_000), PAGE, direction)
                for r in rows.itertuples()]
    total = float(pd.to_numeric(rows["annual_value_calc"], errors="coerce").sum())
    first, last = rows[day_column].iloc[0], rows[day_column].iloc[-1]
    named = ", ".join(rows["reference"].head(LISTED))
    when = f"on {fmt.day(first)}" if first == last else f"between {fmt.day(first)} and {fmt.day(last)}"
    return [Change(KEY, f"{len(rows)} contracts worth {fmt.money(total)} a year {many} {when}: {named} and "
                        f"{fmt.count(len(rows) - LISTED, 'other')}.",
                   (Figure("Contracts", f"{len(rows):,}", len(rows)), Figure("Annual value", fmt.money(total), total)),
                   importance(direction, total, 1_000_000), PAGE, direction)]


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    df = _material(_register(engine, as_at), materiality)
    if df.empty or since >= as_at:
        return []
    ended = df[[e is not None and since <= e < as_at for e in df["end_date"]]].sort_values("end_date")
    started = df[[s is not None and since < s <= as_at for s in df["start_date"]]].sort_values("start_date")
    soon_now, soon_then = add_months(as_at, 3), add_months(since, 3)
    ending_soon = df[[st == LIVE and e is not None and soon_then < e <= soon_now
                      for st, e in zip(df["status"], df["end_date"])]].sort_values("end_date")
    out = _written(ended, "ended on", "ended", "end_date", WORSE)
    out += _written(ending_soon, "now ends within 3 months, on", "now end within 3 months,", "end_date", WORSE)
    out += _written(started, "started on", "started", "start_date", NEUTRAL)
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    df = _register(engine, as_at)
    if df.empty:
        return Movement("No contracts yet")
    ended = sum(e is not None and since <= e < as_at for e in df["end_date"])
    started = sum(s is not None and since < s <= as_at for s in df["start_date"])
    if not ended and not started:
        return Movement("None ended or started")
    parts = [f"{n} {word}" for n, word in ((ended, "ended"), (started, "started")) if n]
    return Movement(f"{' and '.join(parts)}", WORSE if ended else NEUTRAL)


def pack(engine: Engine, as_at: dt.date, rows: int | None = 8) -> PackContent | None:
    df = _register(engine, as_at)
    if df.empty:
        return None
    ending = contract_view.expiring(df, as_at, 12)
    past = df[df["past_end_still_live"]].sort_values("end_date")
    attention = pd.concat([past, ending])
    kept = attention if rows is None else attention.head(rows)
    table = pd.DataFrame({
        "Ref": kept["reference"],
        "Title": [t if len(t) <= 45 else t[:42].rstrip() + "..." for t in kept["title"]],
        "Supplier": kept["supplier"],
        "Ends": kept["end_date"],
        "£ a year": pd.to_numeric(kept["annual_value_calc"], errors="coerce"),
        "": ["▲ past its end, still running" if p else "◆ ends within 3 months"
             if e <= add_months(as_at, 3) else "ends within 12 months"
             for p, e in zip(kept["past_end_still_live"], kept["end_date"])],
    })
    by_sector = contract_view.value_by(df, "provider_sector")
    described = "; ".join(f"{s} {fmt.money(a)} ({v:.0%})" for s, a, v in
                          zip(by_sector["provider_sector"], by_sector["annual"], by_sector["share"]))
    note = ("No live contract ends within 12 months." if attention.empty else
            "" if len(kept) == len(attention) else f"The first {len(kept)} of {len(attention)}.")
    return PackContent(f"Contracts past their end or ending within 12 months of {fmt.day(as_at)}", table,
                       f"Annual value of live contracts by provider sector, as at {fmt.day(as_at)}", by_sector,
                       f"Bar chart of the annual value of live contracts by provider sector: {described}.", note,
                       {"Ends": fmt.short_day, "£ a year": fmt.money})
