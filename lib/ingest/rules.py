"""The rules of each kind beyond reading cells: the reporting date, derived figures, sector words, checks
across rows. A finisher gets the read records and the problems so far, may reshape the records, adds
problems, and returns the scope value (the reporting date) or None when each record carries its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import store
from .kinds import Kind
from .layout import Layout, title_text
from .problems import Problem
from .reader import Sheet
from .values import find_reporting_date

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
