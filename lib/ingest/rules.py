"""The rules of each kind beyond reading cells: the reporting date, derived figures, sector words, checks
across rows. A finisher gets the read records and the problems so far, may reshape the records, adds
problems, and returns the scope value (the reporting date) or None when each record carries its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import store
from .kinds import Kind
from .layout import Layout, normalise, title_text
from .problems import Problem
from .reader import Sheet
from .values import BadValue, find_reporting_date, parse_due, parse_rag

if TYPE_CHECKING:
    from .pipeline import Options


Finisher = Callable[[Kind, "Context"], object]


@dataclass
class Context:
    file_name: str
    sheet: Sheet
    layout: Layout
    records: list[dict]
    problems: list[Problem]
    options: Options
    title: str = ""  # the text above the table

    def problem(self, message: str, *, record: dict | None = None, field_name: str | None = None,
                value: object = None, expected: str | None = None, warning: bool = False,
                code: str | None = None) -> None:
        col = self.layout.columns.get(field_name) if field_name else None
        self.problems.append(Problem(
            self.file_name, message, sheet=self.sheet.name, row=record.get("_row") if record else None,
            column=col.leaf if col else None, column_index=col.index if col else None,
            value=value, expected=expected, warning=warning, code=code))


def _reporting_date(kind: Kind, ctx: Context) -> dt.date | None:
    found = None
    for text in title_text(ctx.sheet.rows, ctx.layout):
        found = find_reporting_date(text)
        if found:
            break
    given = ctx.options.as_at
    if given and found and given != found:
        ctx.problem(f"the sheet's title says {found:%d %B %Y} but --as-at {given:%Y-%m-%d} was given; "
                    f"using {given:%d %B %Y}", warning=True)
    if given or found:
        return given or found
    ctx.problem("no reporting date: the title rows do not say \"As at <date>\"; give the date the report "
                "is as at (--as-at YYYY-MM-DD, or the date box on the upload page)", code="needs_as_at")
    return None


def _finish_budget(kind: Kind, ctx: Context):
    as_at = _reporting_date(kind, ctx)
    if kind.name == "revenue":
        for rec in ctx.records:
            budget, outturn, variance = rec.get("annual_budget"), rec.get("projected_outturn"), rec.get("variance")
            if budget is None:
                continue
            if outturn is None and variance is not None:
                rec["projected_outturn"] = round(budget + variance, 2)
            elif variance is None and outturn is not None:
                rec["variance"] = round(outturn - budget, 2)
            elif outturn is not None and variance is not None:
                unit = ctx.layout.units.get("variance", 1)
                if abs(outturn - budget - variance) > unit:
                    ctx.problem(f"the variance {variance:,.0f} is not the outturn minus the budget "
                                f"({outturn - budget:,.0f}); the stated variance is kept", record=rec,
                                field_name="variance", warning=True)
    return as_at


def check_duplicate_keys(kind: Kind, ctx: Context) -> None:
    """The same line twice: refused when the figures differ, dropped with a warning when they are the same."""
    seen: dict[tuple, dict] = {}
    kept = []
    for rec in ctx.records:
        key = store.row_key(kind, rec)
        if not any(key):
            kept.append(rec)
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = rec
            kept.append(rec)
            continue
        label = " / ".join(str(rec.get(k)) for k in kind.key if rec.get(k))
        same = {k: v for k, v in first.items() if not k.startswith("_")} == {
            k: v for k, v in rec.items() if not k.startswith("_")}
        if same:
            ctx.problem(f"'{label}' is given twice with the same figures (rows {first['_row']} and {rec['_row']}); "
                        "it was read once", record=rec, warning=True)
        else:
            ctx.problem(f"'{label}' appears twice with different figures (rows {first['_row']} and "
                        f"{rec['_row']}); each line must be given once", record=rec)
    ctx.records[:] = kept


IN_HOUSE, INDEPENDENT = "In-house", "Independent"
SECTOR_WORDS = {
    IN_HOUSE: ("in-house", "in house", "inhouse", "council", "la", "local authority", "internal"),
    INDEPENDENT: ("independent", "independent sector", "private", "voluntary", "private and voluntary",
                  "external", "third sector", "3rd sector"),
}
_SECTOR_LOOKUP = {" ".join(w.replace("-", " ").split()): sector for sector, words in SECTOR_WORDS.items()
                  for w in words}


def sector_of(word: str) -> str | None:
    return _SECTOR_LOOKUP.get(" ".join(word.lower().replace("-", " ").split()))


def _finish_homecare(kind: Kind, ctx: Context):
    """Both layouts become one record per week, area, provider and sector: a sector column is mapped to
    In-house / Independent; in-house and independent columns become two records, their total and % checked."""
    columns = ctx.layout.columns
    wide = "in_house_hours" in columns
    if wide and "independent_hours" not in columns:
        ctx.problem("missing required column 'Independent hours' (the sheet has in-house hours; give the "
                    "independent sector's hours beside them)")
        return None
    if not wide and "sector" not in columns:
        ctx.problem("missing required column 'Sector' (in-house or independent) beside 'Hours'")
        return None
    accepted = "; ".join(f"{sector}: {', '.join(words)}" for sector, words in SECTOR_WORDS.items())
    out = []
    for rec in ctx.records:
        for name in ("hours", "in_house_hours", "independent_hours", "total_hours"):
            if isinstance(rec.get(name), float) and rec[name] < 0:
                ctx.problem("", record=rec, field_name=name, value=f"{rec[name]:g}",
                            expected="hours of zero or more")
        base = {k: rec.get(k) for k in ("_row", "week_ending", "area", "provider")}
        if not wide:
            if rec.get("hours") is None:
                continue  # a blank required cell is already a problem
            sector = sector_of(str(rec.get("sector") or ""))
            if sector is None:
                ctx.problem("", record=rec, field_name="sector", value=rec.get("sector") or "",
                            expected=f"a sector word ({accepted})")
                continue
            out.append({**base, "sector": sector, "hours": rec["hours"]})
            continue
        in_house, independent = rec.get("in_house_hours"), rec.get("independent_hours")
        if in_house is None or independent is None:
            if independent is None and in_house is not None:
                ctx.problem("", record=rec, field_name="independent_hours", value="",
                            expected="hours (a blank cell is not a zero)")
            continue
        total = in_house + independent
        if rec.get("total_hours") is not None and abs(rec["total_hours"] - total) > 0.5:
            ctx.problem("", record=rec, field_name="total_hours", value=f"{rec['total_hours']:g}",
                        expected=f"the in-house plus independent hours, {total:g}")
        share = rec.get("in_house_share")
        if share is not None and total and abs(share - in_house / total) > 0.005:
            ctx.problem("", record=rec, field_name="in_house_share", value=f"{share:.1%}",
                        expected=f"the in-house share of the hours, {in_house / total:.1%}")
        out.append({**base, "sector": IN_HOUSE, "hours": in_house})
        out.append({**base, "sector": INDEPENDENT, "hours": independent})
    ctx.records[:] = out
    return None


CONTRACT_TYPES = {"block": "Block", "spot": "Spot", "framework": "Framework", "sla": "SLA",
                  "service level agreement": "SLA", "grant": "Grant", "cost and volume": "Cost and volume",
                  "block and spot": "Block and spot", "spot purchase": "Spot", "block contract": "Block"}
PROVIDER_SECTORS = {"in house": "In-house", "council": "In-house", "la": "In-house", "local authority": "In-house",
                    "internal": "In-house", "private": "Private", "independent": "Private", "for profit": "Private",
                    "voluntary": "Voluntary", "third sector": "Voluntary", "3rd sector": "Voluntary",
                    "charity": "Voluntary", "vcse": "Voluntary", "not for profit": "Voluntary", "nhs": "NHS",
                    "health": "NHS"}
STANDINGS = {"steady state": "Steady state", "interim": "Interim", "expired": "Expired", "exempted": "Exempted",
             "exempt": "Exempted", "exemption": "Exempted", "live": "Steady state", "current": "Steady state",
             "active": "Steady state"}


def _word(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("/", " ").split())


def _finish_contracts(kind: Kind, ctx: Context):
    """Dates in order, no negative values, and the register's words for type, sector and standing."""
    for rec in ctx.records:
        start, end = rec.get("start_date"), rec.get("end_date")
        if start and end and end < start:
            ctx.problem("", record=rec, field_name="end_date", value=f"{end:%d/%m/%Y}",
                        expected=f"an end date on or after the start date ({start:%d/%m/%Y})")
        for name in ("total_value", "annual_value", "irrecoverable_vat"):
            if isinstance(rec.get(name), float) and rec[name] < 0:
                ctx.problem("", record=rec, field_name=name, value=f"{rec[name]:,.2f}",
                            expected="an amount of zero or more")
        for name, words in (("contract_type", CONTRACT_TYPES), ("provider_sector", PROVIDER_SECTORS),
                            ("standing", STANDINGS)):
            if rec.get(name):
                known = words.get(_word(rec[name]))
                if known:
                    rec[name] = known
                else:
                    usual = ", ".join(sorted(set(words.values())))
                    ctx.problem(f"'{rec[name]}' is not one of the usual words ({usual}); kept as written",
                                record=rec, field_name=name, warning=True)
    return None


FINISHERS: dict[str, Finisher] = {"revenue": _finish_budget, "capital": _finish_budget, "homecare": _finish_homecare,
                                  "contracts": _finish_contracts}


ACTION_STATUSES = {
    "Not started": ("not started", "not yet started", "to start", "planned", "pending", "new", "not begun"),
    "In progress": ("in progress", "on track", "ongoing", "on going", "started", "underway", "under way",
                    "progressing", "in hand", "partially complete", "partly complete"),
    "Delayed": ("delayed", "behind", "behind schedule", "slipped", "slipping", "at risk", "late", "overdue"),
    "Complete": ("complete", "completed", "done", "achieved", "closed", "finished", "met", "implemented"),
    "Cancelled": ("cancelled", "canceled", "withdrawn", "dropped", "no longer required", "superseded"),
}
_STATUS_LOOKUP = {w: status for status, words in ACTION_STATUSES.items() for w in words}
_KEY_LINE = re.compile(r"^[\-•*]?\s*([A-Za-z][A-Za-z.&]{0,11})\s*(?:=|:|–|-)\s*(.+)$")
_BRACKET_AT_END = re.compile(r"\(([^()]{2,60})\)\s*\.?\s*$")
_CROSS_REF = re.compile(r"(?:also\s+)?(?:refer(?:ence)?\s+to|see(?:\s+also)?)\s+((?:\d+(?:\.\d+)*)"
                        r"(?:\s*(?:,|and|&)\s*\d+(?:\.\d+)*)*)", re.IGNORECASE)
_OBJECTIVE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)[.)]?\s+")
# "(TBC)" at the end of an action is its due date as written; "(to be agreed by Cabinet)" is part of the action
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


def _rag_or_none(word: object) -> str | None:
    try:
        return parse_rag(word)
    except BadValue:
        return None


def action_status(word: str) -> str | None:
    return _STATUS_LOOKUP.get(" ".join(word.lower().replace("-", " ").split()).rstrip("."))


def _lead_names(lead: str | None, key: dict[str, str]) -> str | None:
    if not lead or not key:
        return None
    tokens = [t for t in re.split(r"[\s/,&+]+|\band\b", lead) if t]
    names = [key.get(t.upper().rstrip(".")) for t in tokens]
    if not any(names):
        return None
    return " / ".join(n or t for n, t in zip(names, tokens))


def _finish_actions(kind: Kind, ctx: Context):
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
        item = {"_row": rec["_row"], "plan": plan, "ref": current, "seq": seq[current], "theme": theme,
                "objective": objective, "action": r_act, "lead": r_lead, "progress": rec.get("progress"),
                "jsna": rec.get("jsna"), "risks": rec.get("risks"), "reported_rag": rec.get("reported_rag"),
                "due_date": None, "due_text": None}
        due_source = r_due
        if not due_source and r_act and (m := _BRACKET_AT_END.search(r_act)):
            date, _words = parse_due(m.group(1))
            if date or _UNDECIDED.match(m.group(1)):
                due_source = m.group(1)
                item["action"] = r_act[: m.start()].rstrip()
        if due_source:
            date, words = parse_due(due_source)
            item["due_date"], item["due_text"] = date, words
            if date is None:
                ctx.problem(f"the due date '{due_source}' is not a date; it is kept as written with no date",
                            record=rec, field_name="due_text" if r_due else "action", warning=True)
        if rec.get("status"):
            status = action_status(str(rec["status"]))
            if status is None:
                rag_word = _rag_or_none(rec["status"]) is not None
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


FINISHERS["actions"] = _finish_actions
