"""Action plans, read as they are written (seeds 000, 002 and 004): objectives or findings in the first row of their
block and blank below (carried down), several actions under one reference kept in order, references made from the
objective's number where the plan has none, a KEY of initials under the plan, due dates as dates or words, status
words mapped to the small set. Several plans are kept side by side; rows are matched by plan, reference and order.

RAG for an action on a date: Complete and Cancelled are shown as such; an open action due before the date is Red
(overdue); an open action marked Delayed, or due within the next 30 days and not started, is Amber; otherwise Green.
A blank status is Not started. A plan's own RAG column is kept beside it (reported_rag).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import PARAGRAPHS, RAG, Field, Kind
from ..ingest.layout import normalise
from ..ingest.values import TIME_NOT_DATE, parse_due
from ..vocab import ACTION_STATUSES, AMBER, CLOSED, DELAYED, GREEN, NOT_STARTED, RED, action_status, rag_of

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class ActionItem(sqlmodel.SQLModel, table=True):
    """One action of a plan (or a finding with no action yet), with its due date as read and as written."""

    __tablename__ = "action_item"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    plan: str = sqlmodel.Field(index=True)
    ref: str
    seq: int = 1  # order within a reference shared by several actions
    theme: str | None = None
    objective: str | None = None
    action: str | None = None
    lead: str | None = None  # as written ("KH", "Vicky Brown Tim Gollins")
    lead_name: str | None = None  # initials expanded from the plan's KEY
    due_date: dt.date | None = None
    due_text: str | None = None  # the due date as written, when it is not a plain date
    status: str | None = None
    progress: str | None = None
    jsna: str | None = None
    risks: str | None = None
    cross_refs: str | None = None  # "1.6,4.1" from "Also refer to 1.6, 4.1"
    reported_rag: str | None = None  # the plan's own RAG column, kept beside the RAG the dashboard works out
    batch_id: int | None = None


ACTION = ActionItem.__table__
DUE_SOON_DAYS = 30
RAG_RULE = ("Complete and Cancelled actions are shown as such. An open action due before the as-at date is Red "
            "(overdue). An open action marked Delayed, or due within the next 30 days and not started, is Amber. "
            "Every other open action is Green. A blank status counts as Not started.")


def rag(status: str | None, due: dt.date | None, day: dt.date) -> str:
    status = status or NOT_STARTED
    if status in CLOSED:
        return status
    if due is not None and due < day:
        return RED
    if status == DELAYED or (status == NOT_STARTED and due is not None
                             and due <= day + dt.timedelta(days=DUE_SOON_DAYS)):
        return AMBER
    return GREEN


def items(engine: Engine, plan: str | None = None) -> pd.DataFrame:
    from ..store import reads
    where = [ACTION.c.plan == plan] if plan else []
    return reads.as_objects(reads.rows(engine, ACTION, *where, order_by=[ACTION.c.plan, ACTION.c.id]))


def with_rag(df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The actions as seen on `day`: status (blank is Not started), RAG, overdue, due soon, and whether a row is an
    action or a finding with no action yet."""
    out = df.copy()
    out["status"] = [s or NOT_STARTED for s in out["status"]] if not out.empty else []
    out["rag"] = [rag(s, d, day) for s, d in zip(out["status"], out["due_date"])] if not out.empty else []
    out["overdue"] = out["rag"] == RED
    out["due_soon"] = [s not in CLOSED and d is not None and day <= d <= day + dt.timedelta(days=DUE_SOON_DAYS)
                       for s, d in zip(out["status"], out["due_date"])] if not out.empty else []
    out["is_action"] = out["action"].notna() if not out.empty else []
    return out


EXPORT_COLUMNS = ("plan", "ref", "objective", "action", "lead", "due_date", "status", "rag", "overdue", "seq", "theme",
                  "lead_name", "due_text", "progress", "jsna", "risks", "cross_refs", "reported_rag")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    import pandas as pd
    df = with_rag(items(engine), as_at or dt.date.today())
    if df.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    return df[list(EXPORT_COLUMNS)]


_KEY_LINE = re.compile(r"^[\-•*]?\s*([A-Za-z][A-Za-z.&]{0,11})\s*(?:=|:|–|-)\s*(.+)$")
_BRACKET_AT_END = re.compile(r"\(([^()]{2,60})\)\s*\.?\s*$")
_CROSS_REF = re.compile(r"(?:also\s+)?(?:refer(?:ence)?\s+to|see(?:\s+also)?)\s+((?:\d+(?:\.\d+)*)"
                        r"(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)*)*)", re.IGNORECASE)
_OBJECTIVE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?\s+")
# "(TBC)" at the end of an action is its due date as written; "(to be agreed by Cabinet)" is part of the action
_TIME_ONLY = re.compile(r"^\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*$")
_UNDECIDED = re.compile(r"^\s*(tbc|tba|tbd|to be (confirmed|agreed|determined|decided|arranged))\s*\.?\s*$",
                        re.IGNORECASE)


def _is_heading(text: str) -> bool:
    """Written in capitals ("PERFORMANCE & QUALITY"), as a theme heading is."""
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 80 and len(letters) >= 4 and all(c.isupper() for c in letters)


def _heads_its_actions(rows: list[dict], i: int) -> bool:
    """An objective or finding with nothing else on its row, whose actions follow on rows with the reference and
    objective left blank: it is their heading, not a finding with no action yet."""
    rec = rows[i]
    if any(rec.get(n) for n in ("action", "lead", "due_text", "status", "progress")):
        return False
    following = rows[i + 1] if i + 1 < len(rows) else None
    return bool(following and following.get("action") and not (following.get("ref") or following.get("objective")))


def _theme_row(rows: list[dict], i: int, headers: set[str]) -> bool:
    """In a plan with a reference column, a row that only names a theme over the findings below it: "2 |
    EXEMPTION PROCESS" followed by 2.1, 2.2 ..., or a heading in capitals with no number followed by a numbered
    finding ("PERFORMANCE & QUALITY" over 10.1). A finding or objective with no action yet, in capitals or not,
    is not a theme: the row after it does not carry on its number."""
    rec = rows[i]
    r_ref, r_obj = rec.get("ref"), rec.get("objective")
    if not r_obj or any(rec.get(n) for n in ("action", "lead", "due_text", "status", "progress")):
        return False
    following = next((r["ref"] for r in rows[i + 1:] if r.get("ref")), None)
    if r_ref:
        return "." not in r_ref and following is not None and following.startswith(f"{r_ref}.")
    return (_is_heading(r_obj) and normalise(r_obj) not in headers and following is not None
            and "." in following)


def _lead_names(lead: str | None, key: dict[str, str]) -> str | None:
    if not lead or not key:
        return None
    tokens = [t for t in re.split(r"[\s/,&+]+|\band\b", lead) if t]
    names = [key.get(t.upper().rstrip(".")) for t in tokens]
    if not any(names):
        return None
    return " / ".join(n or t for n, t in zip(names, tokens))


def finish(kind: Kind, ctx: Context):
    """Read a plan as it is written: KEY of initials under it, theme rows, objectives or findings carried down
    to the actions below them, several actions under one reference kept in order, references made from the
    objective's number where the plan has no reference column, due dates from their column or from brackets at
    the end of the action, status words mapped to the small set."""
    columns = ctx.layout.columns
    has_ref = "ref" in columns
    plan = (ctx.options.plan_name or "").strip()
    if not plan:
        plan = ctx.title.split(" · ")[0] or ctx.file_name.rsplit(".", 1)[0]
        ctx.problem(f"no plan name given; the actions are kept under '{plan}' (give --plan NAME, or the plan "
                    "name on the upload page)", warning=True)
    key: dict[str, str] = {}
    rows, in_key = [], False
    for rec in ctx.records:
        texts = [str(rec[n]) for n in ("ref", "objective", "action", "lead", "due_text", "status", "progress",
                                        "jsna", "risks") if rec.get(n)]
        first = texts[0] if texts else ""
        if first.strip().upper().rstrip(":") == "KEY":
            in_key = True
            continue
        if in_key:
            for text in texts:
                if m := _KEY_LINE.match(text):
                    key[m.group(1).upper().rstrip(".")] = m.group(2).strip()
            continue
        rows.append(rec)

    accepted = "; ".join(f"{status}: {', '.join(words)}" for status, words in ACTION_STATUSES.items())
    out: list[dict] = []
    theme = objective = ref = None
    base, objectives, per_objective = None, 0, 0
    seq: dict[str, int] = {}
    headers = {normalise(c.leaf) for c in ctx.layout.all_columns}
    for i, rec in enumerate(rows):
        r_ref, r_obj, r_act = rec.get("ref"), rec.get("objective"), rec.get("action")
        r_lead, r_due = rec.get("lead"), rec.get("due_text")
        texts = [rec.get(n) for n in ("ref", "objective", "action", "lead", "due_text", "status", "progress")]
        if all(normalise(str(t)) in headers for t in texts if t):
            continue  # part of the header repeated at a page break ("STRATEGIC OBJECTIVE" on its own)
        if has_ref and _theme_row(rows, i, headers):
            theme = r_obj
            continue
        if r_lead and not (r_ref or r_obj or r_act or r_due) and out:
            out[-1]["lead"] = f"{out[-1]['lead']}, {r_lead}" if out[-1].get("lead") else r_lead
            continue  # a second responsible person on a row of their own
        if r_ref or r_obj:
            if r_obj:
                objective = r_obj
            elif has_ref:
                objective = None
            if has_ref and r_ref:
                ref = r_ref
            if not has_ref and r_obj:
                objectives += 1
                number = _OBJECTIVE_NUMBER.match(r_obj)
                base, per_objective = (number.group(1) if number else str(objectives)), 0
            if _heads_its_actions(rows, i):
                continue  # the objective or finding on a row of its own, its actions on the rows below
        elif not r_act:
            if r_due:
                ctx.problem("", record=rec, field_name="due_text", value=r_due,
                            expected="an action or finding beside a due date (this row has a date and no text)")
            continue
        if has_ref:
            current = ref or (base or "0")
        else:
            per_objective += 1
            current = f"{base or objectives}.{per_objective}"
        seq[current] = seq.get(current, 0) + 1
        item = {"_row": rec["_row"], "_key": rec.get("_key", []), "plan": plan, "ref": current, "seq": seq[current],
                "theme": theme,
                "objective": objective, "action": r_act, "lead": r_lead, "progress": rec.get("progress"),
                "jsna": rec.get("jsna"), "risks": rec.get("risks"), "reported_rag": rec.get("reported_rag"),
                "due_date": None, "due_text": None}
        due_source = r_due
        if not due_source and r_act and (m := _BRACKET_AT_END.search(r_act)):
            date, _words = parse_due(m.group(1))
            if date or _UNDECIDED.match(m.group(1)):
                due_source = m.group(1)
                item["action"] = r_act[: m.start()].rstrip()
        if r_due and _TIME_ONLY.match(r_due):  # a date cell holding 0, or a time typed where a date belongs
            ctx.problem("", record=rec, field_name="due_text", value=r_due, expected=TIME_NOT_DATE + "; the action "
                        "is kept with no due date", warning=True)
        elif due_source:
            date, words = parse_due(due_source)
            item["due_date"], item["due_text"] = date, words
            if date is None:
                ctx.problem(f"the due date '{due_source}' is not a date; it is kept as written with no date",
                            record=rec, field_name="due_text" if r_due else "action", warning=True)
        if rec.get("status"):
            status = action_status(str(rec["status"]))
            if status is None:
                rag_word = rag_of(str(rec["status"])) is not None
                ctx.problem("", record=rec, field_name="status", value=rec["status"],
                            expected=("a status, not a RAG colour: the dashboard works the RAG out from the status "
                                      f"and the due date ({accepted})") if rag_word
                            else f"a status word ({accepted})")
            item["status"] = status
        found = set()
        for text in (r_obj or objective, r_act, rec.get("progress")):
            for m in _CROSS_REF.finditer(text or ""):
                found.update(re.findall(r"\d+(?:\.\d+)*", m.group(1)))
        item["cross_refs"] = ",".join(sorted(found, key=lambda r: [int(p) for p in r.split(".")])) or None
        out.append(item)
    for item in out:  # after the loop: a second responsible person on a row of their own joins the lead above
        item["lead_name"] = _lead_names(item["lead"], key)
    ctx.records[:] = out
    return None



ACTIONS = Kind(
    name="actions",
    title="Action plan",
    description="An action plan as it is written: objectives or findings in the first row of their block, one or "
                "more actions under each, leads, due dates as dates or words, status and progress. Several plans "
                "are kept side by side; rows are matched by plan, reference and order.",
    key=("plan", "ref", "seq"),
    text_rows=True,
    one_of=(("objective", "ref"),),  # an action column alone is not a plan: a revenue sheet has one
    fields=(
        Field("ref", "Ref", aliases=("page ref", "page", "ref", "reference", "ref no", "no", "number", "item",
                                     "action ref", "recommendation no", "para"),
              avoid=("also refer",)),
        Field("objective", "Objective or finding", type=PARAGRAPHS,
              aliases=("strategic objective", "objective", "review findings", "review finding", "findings",
                       "finding", "recommendation", "recommendations", "issue", "theme", "area for improvement")),
        Field("action", "Action", required=True, blank_ok=True, type=PARAGRAPHS,
              aliases=("actions", "action", "action required", "actions required", "what we will do", "task",
                       "actions agreed")),
        Field("lead", "Lead", aliases=("lead", "responsibility", "responsible officer", "lead officer", "owner",
                                       "responsible", "who", "lead person")),
        Field("due_text", "Due date", aliases=("date", "due date", "target date", "deadline", "by when",
                                               "timescale", "completion date", "due", "target")),
        Field("status", "Status", aliases=("status", "progress status", "current status", "state"),
              help="Not started, In progress, Delayed, Complete or Cancelled (On track, Ongoing, Done, Behind ...)."),
        Field("progress", "Progress", type=PARAGRAPHS,
              aliases=("progress", "progress note", "progress to date", "update", "latest update", "comments",
                       "commentary", "progress update")),
        Field("reported_rag", "RAG (as reported)", type=RAG,
              aliases=("rag", "rag status", "rag rating", "red amber green", "rating"),
              help="The plan's own RAG, kept beside the one the dashboard works out from status and due date."),
        Field("jsna", "Links to JSNA", type=PARAGRAPHS, aliases=("links to jsna", "jsna", "jsna link", "evidence")),
        Field("risks", "Risks", type=PARAGRAPHS, aliases=("risks", "risk", "key risks")),
    ),
    model=ActionItem,
    finish=finish,
    export_columns=EXPORT_COLUMNS,
    export=export,
)
