"""Action plans as the page shows them: what is overdue or due soon, progress by objective and lead, an action's
detail, and in-app updates kept as undoable batches. The RAG rule and the rows are the kind's (lib/kinds/actions.py).
Open actions where the plan's own RAG differs from the one worked out here are counted, as the budget view does with
a report's RAG and the policy's. Pure reads and calculations; no streamlit here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import EditRefused
from ..frames import matching
from ..kinds.actions import ACTION, RAG_RULE, items, with_rag
from ..store import reads
from ..store.access import require
from ..store.batches import BatchInfo, RowWrite, write_batch
from ..store.engine import write
from ..vocab import ACTION_RAGS, AMBER, COMPLETE, RAG_ORDER, RED, STATUSES, rag_text

__all__ = ["RAG_RULE", "items", "with_rag"]  # the kind's, for the page
EDITABLE = ("status", "progress", "due_date")
EDITOR_ROWS = 200  # the most actions the table editor, the lists and the detail picker show at once
CHARTED_PLANS = 3  # more plans than this in view: progress is one bar per plan (choose a plan for its objectives)
CHARTED_POINTS = 400  # more dated actions than this: due dates are counted by month rather than drawn one by one


def seen(engine: Engine, plan: str | None, day: dt.date) -> pd.DataFrame:
    """The actions (of one plan, or all) as seen on `day`: the page's derived table, cached by the store's version."""
    return with_rag(items(engine, plan), day)


def labels(df: pd.DataFrame) -> dict[int, str]:
    """label() for every row at once (the detail picker's options)."""
    return {int(i): f"{p} {r}: {(a or o or '')[:80]}"
            for i, p, r, a, o in zip(df["id"], df["plan"], df["ref"], df["action"], df["objective"])}


def bounded(df: pd.DataFrame, limit: int = EDITOR_ROWS) -> tuple[pd.DataFrame, str | None]:
    """At most `limit` rows, overdue and soonest due first when cut, and a note saying so."""
    if len(df) <= limit:
        return df, None
    order = df.assign(_late=~df["overdue"], _due=pd.to_datetime(df["due_date"])).sort_values(
        ["_late", "_due"], kind="stable", na_position="last")
    return (order.drop(columns=["_late", "_due"]).head(limit),
            f"Showing {limit:,} of {len(df):,} actions (overdue first, then by due date): choose a plan, search, or "
            "filter by lead or RAG to reach the others.")


def by_plan(df: pd.DataFrame) -> pd.DataFrame:
    """by_objective's counts with each plan as one bar (several plans in view)."""
    acts = df[df["is_action"]]
    if acts.empty:
        return pd.DataFrame(columns=["plan", "objective", "status", "actions", "share"])
    counts = acts.groupby(["plan", "status"], sort=True).size().rename("actions").reset_index()
    counts["objective"] = counts["plan"]
    counts["share"] = counts["actions"] / counts.groupby("plan")["actions"].transform("sum")
    return counts[["plan", "objective", "status", "actions", "share"]]


def due_by_month(df: pd.DataFrame) -> pd.DataFrame:
    """Dated actions counted by the month they are due and their RAG (the due-date chart over many actions)."""
    data = df[df["due_date"].notna() & df["is_action"]]
    months = pd.to_datetime(data["due_date"]).dt.to_period("M").dt.to_timestamp()
    return (data.assign(month=months).groupby(["month", "rag"]).size().rename("actions").reset_index())


def plans(engine: Engine) -> list[str]:
    return reads.distinct(engine, ACTION.c.plan)


def headline(df: pd.DataFrame) -> dict:
    acts = df[df["is_action"]]
    return {
        "actions": len(acts),
        "findings_without_action": int((~df["is_action"]).sum()),
        "complete": int((acts["status"] == "Complete").sum()),
        "overdue": int(acts["overdue"].sum()),
        "due_soon": int(acts["due_soon"].sum()),
        "rag": {k: int((acts["rag"] == k).sum()) for k in ACTION_RAGS},
        "rag_differs": int(differs_from_plan(acts).sum()),
    }


def differs_from_plan(df: pd.DataFrame) -> pd.Series:
    """Open actions whose RAG, worked out from status and due date, is not the RAG the plan itself reports."""
    if df.empty or "reported_rag" not in df:
        return pd.Series(False, index=df.index, dtype=bool)
    reported = df["reported_rag"]
    return reported.notna() & df["rag"].isin(RAG_ORDER) & (reported != df["rag"])


def by_objective(df: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares by status for each objective, in plan order. A plan written as themes over findings
    (seed 000) is counted by theme, since a finding usually has one or two actions."""
    acts = df[df["is_action"]].copy()
    if acts.empty:
        return pd.DataFrame(columns=["plan", "objective", "status", "actions", "share"])
    acts["objective"] = [t or o or "(no objective)" for t, o in zip(acts["theme"], acts["objective"])]
    order = list(dict.fromkeys(acts["objective"]))
    counts = acts.groupby(["plan", "objective", "status"], sort=False).size().rename("actions").reset_index()
    totals = counts.groupby(["plan", "objective"])["actions"].transform("sum")
    counts["share"] = counts["actions"] / totals
    counts["order"] = counts["objective"].map({o: i for i, o in enumerate(order)})
    return counts.sort_values(["order", "status"]).drop(columns="order").reset_index(drop=True)


def progress_table(counts: pd.DataFrame) -> pd.DataFrame:
    """by_objective's counts as a table: one row per plan and objective (two plans may share an objective's
    name), a column per status, the total and % complete."""
    if counts.empty:
        return pd.DataFrame(columns=["Plan", "Objective", *STATUSES, "Total", "% complete"])
    table = counts.pivot_table(index=["plan", "objective"], columns="status", values="actions", aggfunc="sum",
                               fill_value=0, sort=False)
    table = table.reindex(columns=STATUSES, fill_value=0)
    table["Total"] = table.sum(axis=1)
    table["% complete"] = (100 * table["Complete"] / table["Total"]).round().astype(int)
    return table.reset_index().rename(columns={"plan": "Plan", "objective": "Objective"})


def by_lead(df: pd.DataFrame) -> pd.DataFrame:
    acts = df[df["is_action"]].copy()
    acts["who"] = [n or lead or "(no lead)" for n, lead in zip(acts["lead_name"], acts["lead"])]
    table = acts.pivot_table(index="who", columns="rag", values="ref", aggfunc="count", fill_value=0)
    table = table.reindex(columns=list(ACTION_RAGS), fill_value=0)
    table["Total"] = table.sum(axis=1)
    return table.sort_values([RED, AMBER, "Total"], ascending=False).reset_index().rename(
        columns={"who": "Lead"})


def recently_completed(df: pd.DataFrame, day: dt.date, days: int = 60) -> pd.DataFrame:
    """Complete actions due within the last `days` (plans rarely record when an action was finished)."""
    since = day - dt.timedelta(days=days)
    mask = [s == COMPLETE and d is not None and since <= d <= day for s, d in zip(df["status"], df["due_date"])]
    return df[mask]


def filter_items(df: pd.DataFrame, text: str = "", leads: list[str] | None = None,
                 rags: list[str] | None = None) -> pd.DataFrame:
    out = matching(df, text, ["ref", "objective", "action", "progress"])
    if leads:
        out = out[[(n or lead) in leads for n, lead in zip(out["lead_name"], out["lead"])]]
    if rags:
        out = out[out["rag"].isin(rags)]
    return out


def lead_options(df: pd.DataFrame) -> list[str]:
    return sorted({n or lead for n, lead in zip(df["lead_name"], df["lead"]) if (n or lead)})


def editor_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table officers update: the three editable columns beside what identifies the action (the RAG with its
    shape, so that it reads without colour)."""
    return pd.DataFrame({
        "id": df["id"], "Ref": df["ref"], "Action": df["action"].fillna("(finding, no action)"),
        "Status": df["status"], "Due": df["due_date"], "Progress": df["progress"],
        "RAG": [rag_text(r, None) for r in df["rag"]], "RAG (plan)": df["reported_rag"],
        "Lead": [n or lead for n, lead in zip(df["lead_name"], df["lead"])], "Due as written": df["due_text"],
        "Plan": df["plan"],
    }).reset_index(drop=True)


def list_table(df: pd.DataFrame) -> pd.DataFrame:
    """A list of actions as shown (overdue, due soon, cross-references): RAG with its shape first, then reference,
    action, due date, status and lead, and the plan when the list spans more than one. Progress notes, the due date
    as written and the plan's own RAG are in the action's detail."""
    table = pd.DataFrame({
        "RAG": [rag_text(r, None) for r in df["rag"]],
        "Ref": df["ref"],
        "Action": df["action"].fillna("(finding, no action)"),
        "Due": df["due_date"],
        "Status": df["status"],
        "Lead": [n or lead or None for n, lead in zip(df["lead_name"], df["lead"])],
        "Plan": df["plan"],
    }).reset_index(drop=True)
    return table if df["plan"].nunique() > 1 else table.drop(columns="Plan")


def apply_edits(engine: Engine, before: pd.DataFrame, after: pd.DataFrame, who: str) -> tuple[int | None, int]:
    """Save the rows an officer changed in the editor as one batch (undoable like an import).
    Returns (batch number or None when nothing changed, rows changed)."""
    columns = {"Status": "status", "Progress": "progress", "Due": "due_date"}
    old = before.set_index("id")
    changed: dict[int, dict] = {}
    for row in after.itertuples(index=False):
        values = row._asdict()
        for label, column in columns.items():
            new, was = values[label], old.at[values["id"], label]
            new = None if new is None or (isinstance(new, float) and new != new) or new == "" else new
            was = None if was is None or (isinstance(was, float) and was != was) else was
            if isinstance(new, pd.Timestamp):
                new = new.date()
            if new != was:
                changed.setdefault(int(values["id"]), {})[column] = new
    if not changed:
        return None, 0
    for updates in changed.values():
        if updates.get("status") is not None and updates["status"] not in STATUSES:
            raise EditRefused(f"'{updates['status']}' is not a status: expected one of {', '.join(STATUSES)}")
    return set_fields(engine, changed, who), len(changed)


def set_fields(engine: Engine, changes: dict[int, dict], who: str, action: str = "edit",
               source: str = "in-app update") -> int:
    """Write {action id: {column: value}} as one batch that undo reverses."""
    who = require(engine, who, "demo" if action == "demo" else "edit", f"change {len(changes)} action(s)").who
    with write(engine) as conn:
        rows = {r["id"]: dict(r) for r in conn.execute(select(ACTION).where(ACTION.c.id.in_(list(changes))))
                .mappings()}
        writes = [RowWrite("action_item", rows[i], {**rows[i], **updates}) for i, updates in changes.items()]
        return write_batch(conn, BatchInfo(kind="actions", action=action, who=who, file_name=source), writes)


def detail(df: pd.DataFrame, item_id: int) -> dict:
    row = df[df["id"] == item_id].iloc[0].to_dict()
    refs = [r for r in (row.get("cross_refs") or "").split(",") if r]
    linked = df[(df["plan"] == row["plan"]) & df["ref"].isin(refs)]
    return {"row": row, "linked": linked}


def label(df: pd.DataFrame, item_id: int) -> str:
    row = df[df["id"] == item_id].iloc[0]
    text = row["action"] or row["objective"] or ""
    return f"{row['plan']} {row['ref']}: {text[:80]}"


def detail_table(row: dict) -> pd.DataFrame:
    fields = [("Plan", "plan"), ("Reference", "ref"), ("Order under the reference", "seq"), ("Theme", "theme"),
              ("Objective or finding", "objective"), ("Action", "action"), ("Lead (as written)", "lead"),
              ("Lead", "lead_name"), ("Due", "due_date"), ("Due as written", "due_text"), ("Status", "status"),
              ("RAG", "rag"), ("RAG as the plan reports it", "reported_rag"), ("Progress", "progress"),
              ("Links to JSNA", "jsna"), ("Risks", "risks"), ("Cross-references", "cross_refs")]
    def shown(key: str, value) -> str:
        if value is None:
            return ""
        if key in ("rag", "reported_rag"):
            return rag_text(value, str(value))  # with its shape, so that it reads without colour
        return f"{value.day} {value:%B %Y}" if isinstance(value, dt.date) else str(value)
    return pd.DataFrame([{"Field": label_, "Value": shown(k, row.get(k))} for label_, k in fields])
