"""Action plans: RAG on a date, what is overdue or due soon, progress by objective and lead, in-app updates
kept as undoable batches. Pure reads and calculations; no streamlit here.

RAG for an action on a date: Complete and Cancelled are shown as such; an open action due before the date is
Red (overdue); an open action marked Delayed, or due within the next 30 days and not started, is Amber;
otherwise Green. A blank status is Not started. A plan's own RAG column is kept beside it (reported_rag), and
open actions where the two differ are counted, as the budget view does with a report's RAG and the policy's.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from . import db
from .history import BatchInfo, RowWrite, write_batch
from .models import ActionItem

ACTION = ActionItem.__table__
STATUSES = ["Not started", "In progress", "Delayed", "Complete", "Cancelled"]
CLOSED = {"Complete", "Cancelled"}
DUE_SOON_DAYS = 30
RAG_RULE = ("Complete and Cancelled actions are shown as such. An open action due before the as-at date is Red "
            "(overdue). An open action marked Delayed, or due within the next 30 days and not started, is Amber. "
            "Every other open action is Green. A blank status counts as Not started.")
EDITABLE = ("status", "progress", "due_date")


def plans(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(ACTION.c.plan).distinct().order_by(ACTION.c.plan))]


def items(engine: Engine, plan: str | None = None) -> pd.DataFrame:
    query = select(ACTION).order_by(ACTION.c.plan, ACTION.c.id)
    if plan:
        query = query.where(ACTION.c.plan == plan)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    df = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in ACTION.columns])
    return df.astype(object).where(df.notna(), None) if not df.empty else df


def rag(status: str | None, due: dt.date | None, day: dt.date) -> str:
    status = status or "Not started"
    if status in CLOSED:
        return status
    if due is not None and due < day:
        return "Red"
    if status == "Delayed" or (status == "Not started" and due is not None
                               and due <= day + dt.timedelta(days=DUE_SOON_DAYS)):
        return "Amber"
    return "Green"


def with_rag(df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    out = df.copy()
    out["status"] = [s or "Not started" for s in out["status"]] if not out.empty else []
    out["rag"] = [rag(s, d, day) for s, d in zip(out["status"], out["due_date"])] if not out.empty else []
    out["overdue"] = out["rag"] == "Red"
    out["due_soon"] = [s not in CLOSED and d is not None and day <= d <= day + dt.timedelta(days=DUE_SOON_DAYS)
                       for s, d in zip(out["status"], out["due_date"])] if not out.empty else []
    out["is_action"] = out["action"].notna() if not out.empty else []
    return out


def headline(df: pd.DataFrame) -> dict:
    acts = df[df["is_action"]]
    return {
        "actions": len(acts),
        "findings_without_action": int((~df["is_action"]).sum()),
        "complete": int((acts["status"] == "Complete").sum()),
        "overdue": int(acts["overdue"].sum()),
        "due_soon": int(acts["due_soon"].sum()),
        "rag": {k: int((acts["rag"] == k).sum()) for k in ("Red", "Amber", "Green", "Complete", "Cancelled")},
        "rag_differs": int(differs_from_plan(acts).sum()),
    }


def differs_from_plan(df: pd.DataFrame) -> pd.Series:
    """Open actions whose RAG, worked out from status and due date, is not the RAG the plan itself reports."""
    if df.empty or "reported_rag" not in df:
        return pd.Series(False, index=df.index, dtype=bool)
    reported = df["reported_rag"]
    return reported.notna() & df["rag"].isin(["Red", "Amber", "Green"]) & (reported != df["rag"])


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
    for column in ("Red", "Amber", "Green", "Complete", "Cancelled"):
        if column not in table:
            table[column] = 0
    table = table[["Red", "Amber", "Green", "Complete", "Cancelled"]]
    table["Total"] = table.sum(axis=1)
    return table.sort_values(["Red", "Amber", "Total"], ascending=False).reset_index().rename(
        columns={"who": "Lead"})


def recently_completed(df: pd.DataFrame, day: dt.date, days: int = 60) -> pd.DataFrame:
    """Complete actions due within the last `days` (plans rarely record when an action was finished)."""
    since = day - dt.timedelta(days=days)
    mask = [s == "Complete" and d is not None and since <= d <= day for s, d in zip(df["status"], df["due_date"])]
    return df[mask]


def filter_items(df: pd.DataFrame, text: str = "", leads: list[str] | None = None,
                 rags: list[str] | None = None) -> pd.DataFrame:
    out = df
    if text.strip():
        needle = text.strip().lower()
        hay = (out["ref"].fillna("") + " " + out["objective"].fillna("") + " " + out["action"].fillna("")
               + " " + out["progress"].fillna("")).str.lower()
        out = out[hay.str.contains(needle, regex=False)]
    if leads:
        out = out[[(n or lead) in leads for n, lead in zip(out["lead_name"], out["lead"])]]
    if rags:
        out = out[out["rag"].isin(rags)]
    return out


def lead_options(df: pd.DataFrame) -> list[str]:
    return sorted({n or lead for n, lead in zip(df["lead_name"], df["lead"]) if (n or lead)})


def editor_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table officers update: the three editable columns beside what identifies the action."""
    return pd.DataFrame({
        "id": df["id"], "Ref": df["ref"], "Action": df["action"].fillna("(finding, no action)"),
        "Status": df["status"], "Due": df["due_date"], "Progress": df["progress"], "RAG": df["rag"],
        "RAG (plan)": df["reported_rag"],
        "Lead": [n or lead for n, lead in zip(df["lead_name"], df["lead"])], "Due as written": df["due_text"],
        "Plan": df["plan"],
    }).reset_index(drop=True)


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
            raise ValueError(f"'{updates['status']}' is not a status: expected one of {', '.join(STATUSES)}")
    return set_fields(engine, changed, who), len(changed)


def set_fields(engine: Engine, changes: dict[int, dict], who: str, action: str = "edit",
               source: str = "in-app update") -> int:
    """Write {action id: {column: value}} as one batch that undo reverses."""
    with db.write(engine) as conn:
        rows = {r["id"]: dict(r) for r in conn.execute(select(ACTION).where(ACTION.c.id.in_(list(changes))))
                .mappings()}
        writes = [RowWrite("action_item", rows[i], {**rows[i], **updates}) for i, updates in changes.items()]
        return write_batch(conn, BatchInfo(kind="actions", action=action, who=who, file_name=source), writes)


def detail(df: pd.DataFrame, item_id: int) -> dict:
    row = df[df["id"] == item_id].iloc[0].to_dict()
    refs = [r for r in (row.get("cross_refs") or "").split(",") if r]
    linked = df[(df["plan"] == row["plan"]) & df["ref"].isin(refs)]
    return {"row": row, "linked": linked}


def export_frame(engine: Engine, day: dt.date) -> pd.DataFrame:
    df = with_rag(items(engine), day)
    columns = ["plan", "ref", "objective", "action", "lead", "due_date", "status", "rag", "overdue", "seq", "theme",
               "lead_name", "due_text", "progress", "jsna", "risks", "cross_refs", "reported_rag"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    return df[columns]


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
    def shown(value) -> str:
        if value is None:
            return ""
        return f"{value.day} {value:%B %Y}" if isinstance(value, dt.date) else str(value)
    return pd.DataFrame([{"Field": label_, "Value": shown(row.get(k))} for label_, k in fields])
