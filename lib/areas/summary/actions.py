"""The action plans' summary: actions as seen on a date (complete, overdue, due soon), what changed between two dates
(actions that fell overdue; actions marked complete, from the store's own history of updates), and their pages in the
meeting pack."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from ... import fmt
from ...kinds.actions import RAG_RULE, items, with_rag
from ...store.batches import BATCH, CHANGE, from_json
from ...vocab import ACTION_RAGS, CLOSED, COMPLETE, RED, rag_text
from .. import actions as action_view
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
    worst,
)

KEY, TITLE, PAGE = "actions", "Action plans", "pages/actions.py"
LISTED = 3  # more actions than this falling overdue together are written as one sentence


def first_line(text: str | None, limit: int) -> str:
    """An action's first line without its bullet, cut to `limit` characters."""
    line = (text or "").strip().splitlines()[0].lstrip("•-* ").strip() if (text or "").strip() else ""
    return line if len(line) <= limit else line[:limit - 3].rstrip() + "..."


def _name(row) -> str:
    return f"{row.plan} {row.ref} ({first_line(row.action or row.objective, 70)})"


def _lead(row) -> str:
    return row.lead_name or row.lead or "no lead named"


def headline(engine: Engine, as_at: dt.date) -> Headline:
    df = with_rag(items(engine), as_at)
    acts = df[df["is_action"]] if not df.empty else df
    if acts.empty:
        return Headline(KEY, TITLE, None, "No action plans in the store yet.")
    head = action_view.headline(df)
    open_rags = acts.loc[~acts["status"].isin(CLOSED), "rag"]
    sentence = (f"{head['complete']} of {head['actions']} actions complete; {fmt.count(head['overdue'], 'action')} "
                f"overdue and {head['due_soon']} due in the next 30 days")
    figures = (
        Figure("Actions", f"{head['actions']:,}", head["actions"]),
        Figure("Complete", f"{head['complete']:,}", head["complete"]),
        Figure("Overdue", f"{head['overdue']:,}", head["overdue"]),
        Figure("Due in the next 30 days", f"{head['due_soon']:,}", head["due_soon"]),
        Figure("Plans", f"{df['plan'].nunique():,}", df["plan"].nunique()),
    )
    return Headline(KEY, TITLE, as_at, sentence + ".", figures, worst(open_rags),
                    f"{RAG_RULE} The area shows the worst open action's RAG.",
                    SourceIndex.of(engine, KEY).for_batches(df["batch_id"]), key=2)


def fell_overdue(df: pd.DataFrame, since: dt.date, as_at: dt.date) -> pd.DataFrame:
    """Open actions due on or after `since` and before `as_at`: not overdue then, overdue now."""
    mask = [a is not None and s not in CLOSED and d is not None and since <= d < as_at
            for a, s, d in zip(df["action"], df["status"], df["due_date"])]
    return df[mask].sort_values("due_date")


def marked_complete(engine: Engine, since: dt.date, as_at: dt.date) -> list[dict]:
    """Actions whose status became Complete in an update or import made between the two dates (from the history of
    batches; an undone batch does not count). Each: the action row as it became, and when."""
    start = dt.datetime.combine(since, dt.time.min, dt.UTC)
    end = dt.datetime.combine(as_at, dt.time.min, dt.UTC) + dt.timedelta(days=1)
    query = (select(CHANGE.c.before, CHANGE.c.after, BATCH.c.created_at)
             .join(BATCH, BATCH.c.id == CHANGE.c.batch_id)
             .where(and_(CHANGE.c.table_name == "action_item", CHANGE.c.op == "change", BATCH.c.undone_by.is_(None),
                         BATCH.c.action != "undo", BATCH.c.created_at >= start, BATCH.c.created_at < end))
             .order_by(CHANGE.c.batch_id))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    done = {}
    for before, after, when in rows:
        old, new = from_json("action_item", before) or {}, from_json("action_item", after) or {}
        if new.get("status") == COMPLETE and old.get("status") != COMPLETE:
            done[new["id"]] = {**new, "when": when}
        elif new.get("id") in done and new.get("status") != COMPLETE:
            done.pop(new["id"])  # reopened later in the same period
    return list(done.values())


def changes(engine: Engine, since: dt.date, as_at: dt.date, materiality: Materiality) -> list[Change]:
    df = with_rag(items(engine), as_at)
    if df.empty:
        return []
    out = []
    late = fell_overdue(df, since, as_at)
    if 0 < len(late) <= LISTED:
        for row in late.itertuples():
            out.append(Change(KEY, f"Action {_name(row)} fell overdue: it was due on {fmt.day(row.due_date)} and is "
                                   f"{row.status.lower()} (lead: {_lead(row)}).",
                              (Figure("Due", fmt.day(row.due_date)), Figure("Status", row.status),
                               Figure("Lead", _lead(row))), importance(WORSE, 1, 1, boost=1), PAGE, WORSE))
    elif len(late) > LISTED:
        named = ", ".join(f"{r.plan} {r.ref}" for r in late.head(LISTED).itertuples())
        out.append(Change(KEY, f"{len(late)} actions fell overdue, due between {fmt.day(late['due_date'].iloc[0])} "
                               f"and {fmt.day(late['due_date'].iloc[-1])}: {named} and "
                               f"{fmt.count(len(late) - LISTED, 'other')}.",
                          (Figure("Fell overdue", f"{len(late):,}", len(late)),),
                          importance(WORSE, len(late), 1, boost=1), PAGE, WORSE))
    done = marked_complete(engine, since, as_at)
    if done:
        names = "; ".join(f"{d['plan']} {d['ref']}" for d in done[:LISTED])
        more = f" and {fmt.count(len(done) - LISTED, 'other')}" if len(done) > LISTED else ""
        out.append(Change(KEY, f"{fmt.count(len(done), 'action')} marked complete: {names}{more}.",
                          (Figure("Marked complete", f"{len(done):,}", len(done)),),
                          importance(BETTER, len(done), 1), PAGE, BETTER))
    return out


def movement(engine: Engine, since: dt.date, as_at: dt.date) -> Movement:
    df = with_rag(items(engine), as_at)
    if df.empty:
        return Movement("No plans yet")
    late = len(fell_overdue(df, since, as_at))
    if late:
        return Movement(f"{fmt.count(late, 'action')} fell overdue", WORSE)
    return Movement("None fell overdue", NEUTRAL)


def pack(engine: Engine, as_at: dt.date, rows: int | None = 8) -> PackContent | None:
    df = with_rag(items(engine), as_at)
    acts = df[df["is_action"]] if not df.empty else df
    if acts.empty:
        return None
    attention = acts[acts["overdue"] | acts["due_soon"]].sort_values("due_date")
    kept = attention if rows is None else attention.head(rows)
    table = pd.DataFrame({
        "Plan": kept["plan"], "Ref": kept["ref"],
        "Action": [first_line(a, 60) for a in kept["action"]],
        "Lead": [r.lead_name or r.lead or "" for r in kept.itertuples()],
        "Due": kept["due_date"],
        "RAG": [rag_text(r) for r in kept["rag"]],
    })
    counts = (acts.groupby(["plan", "rag"]).size().rename("actions").reset_index())
    counts = counts[counts["rag"].isin(ACTION_RAGS)]
    by_plan = "; ".join(f"{plan}: " + ", ".join(f"{n} {rag}" for rag, n in zip(g["rag"], g["actions"]))
                        for plan, g in counts.groupby("plan"))
    note = ("No action is overdue or due in the next 30 days." if attention.empty else
            "" if len(kept) == len(attention) else f"The first {len(kept)} of {len(attention)}, by due date.")
    return PackContent(f"Actions overdue or due in the next 30 days, as at {fmt.day(as_at)}", table,
                       f"Actions by RAG in each plan, as at {fmt.day(as_at)}", counts,
                       f"Bar chart of the actions in each plan by RAG, as at {fmt.day(as_at)}. {by_plan}. "
                       f"{int((acts['rag'] == RED).sum())} overdue in all.", note, {"Due": fmt.short_day})
