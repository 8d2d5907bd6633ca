"""Revenue budget monitoring: one report a reporting date, a line per service area (seed 004's Revenue Budget
Monitoring Summary is the reference layout), the RAG policy that judges each line beside the report's own RAG, and
the report as the dashboard and the export show it (movement since the last report).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import AMOUNT, NOTE_REF, RAG, Field, Kind
from ..ingest.review import lines_left_out
from ..vocab import AMBER, GREEN, RED

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class RevenueLine(sqlmodel.SQLModel, table=True):
    __tablename__ = "revenue_line"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    as_at: dt.date = sqlmodel.Field(index=True)
    line_no: int = 0
    section: str | None = None
    service_area: str
    annual_budget: float
    projected_outturn: float
    variance: float
    last_variance: float | None = None
    rag_current: str | None = None
    rag_revised: str | None = None
    management_action_impact: float | None = None
    revised_variance: float | None = None
    gross_budget: float | None = None
    note_ref: str | None = None
    reason: str | None = None
    management_action: str | None = None
    batch_id: int | None = None


LINE = RevenueLine.__table__


@dataclass(frozen=True)
class RagPolicy:
    """When a projected overspend makes a budget line Red or Amber. Thresholds are compared with the
    overspend (variance > 0) as a % of the line's budget and/or in pounds; None means not used."""

    name: str = "Any projected overspend is Red"
    basis: str = "net"  # net: the annual (net) budget; gross: the gross expenditure budget where given
    red_over_pct: float | None = 0.0
    red_over_pounds: float | None = None
    amber_over_pct: float | None = None
    amber_over_pounds: float | None = None
    combine: str = "either"  # either threshold is enough, or both must be passed
    source: str = "Rotherham adult services budget monitoring, April 2008: any overspend Red, on or under Green"

    def __post_init__(self):
        for name in ("red_over_pct", "red_over_pounds", "amber_over_pct", "amber_over_pounds"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, float(value))

    def describe(self) -> str:
        def rule(pct, pounds):
            parts = []
            if pct is not None:
                parts.append("any overspend" if pct == 0 else f"an overspend over {pct:g}% of {self.basis} budget")
            if pounds is not None:
                parts.append("any overspend" if pounds == 0 else f"an overspend over £{pounds:,.0f}")
            return f" {'or' if self.combine == 'either' else 'and'} ".join(parts)
        text = f"Red: {rule(self.red_over_pct, self.red_over_pounds)}."
        amber = rule(self.amber_over_pct, self.amber_over_pounds)
        text += f" Amber: {amber} below Red." if amber else " No Amber."
        return text + " Green: on or under budget."

    def rag(self, variance: float, budget: float, gross_budget: float | None = None) -> str:
        base = gross_budget if self.basis == "gross" and gross_budget else budget
        if self._passes(variance, base, self.red_over_pct, self.red_over_pounds):
            return RED
        if self._passes(variance, base, self.amber_over_pct, self.amber_over_pounds):
            return AMBER
        return GREEN

    def _passes(self, variance: float, base: float, pct: float | None, pounds: float | None) -> bool:
        if variance is None or variance <= 0.005:
            return False
        tests = []
        if pct is not None:
            tests.append(variance > abs(base or 0) * pct / 100)
        if pounds is not None:
            tests.append(variance > pounds)
        if not tests:
            return False
        return any(tests) if self.combine == "either" else all(tests)


PRESETS = {
    "seed": RagPolicy(),
    "percent_or_pounds": RagPolicy(
        name="Red at 5% or £100k overspend, Amber for any smaller overspend", red_over_pct=5,
        red_over_pounds=100_000, amber_over_pct=0, source="A common council practice"),
}
POLICY_SETTING = "rag_policy"


def load_policy(engine: Engine) -> RagPolicy:
    """The stored policy; else the RAG_POLICY environment variable (a preset name or JSON); else the default."""
    from ..store import settings

    stored = settings.get(engine, POLICY_SETTING)
    if stored:
        return _policy_from(stored)
    raw = os.environ.get("RAG_POLICY", "").strip()
    if not raw:
        return PRESETS["seed"]
    if raw in PRESETS:
        return PRESETS[raw]
    return _policy_from(json.loads(raw))


def _policy_from(values: dict) -> RagPolicy:
    return RagPolicy(**{k: v for k, v in values.items() if k in RagPolicy.__dataclass_fields__})


def save_policy(engine: Engine, policy: RagPolicy, who: str) -> None:
    from ..store import settings

    settings.put(engine, POLICY_SETTING, asdict(policy), who, was=asdict(load_policy(engine)))


def custom_policy(basis: str, red_pct, red_pounds, amber_pct, amber_pounds, combine: str) -> RagPolicy:
    policy = RagPolicy(name="Team thresholds", basis=basis, red_over_pct=red_pct, red_over_pounds=red_pounds,
                       amber_over_pct=amber_pct, amber_over_pounds=amber_pounds, combine=combine,
                       source="Set by the team on the Budget page")
    return replace(policy, name=f"Team thresholds: {policy.describe()}")


def reporting_dates(engine: Engine) -> list[dt.date]:
    from ..store import reads
    return reads.distinct(engine, LINE.c.as_at)


def report(engine: Engine, as_at: dt.date, policy: RagPolicy) -> pd.DataFrame:
    """The lines of one report with the report's RAG, the policy's RAG and the movement since the last report.

    Movement is this variance minus the previous one: the report's own "last variance" column where it
    gives one, else the same line in the previous stored report."""
    import pandas as pd

    from ..store import reads
    df = reads.rows(engine, LINE, LINE.c.as_at == as_at, order_by=[LINE.c.line_no])
    if df.empty:
        return df.assign(rag=[], rag_policy=[], rag_differs=[], previous_variance=[], movement=[])
    earlier = [d for d in reporting_dates(engine) if d < as_at]
    previous = None
    if earlier:
        prev = reads.rows(engine, LINE, LINE.c.as_at == earlier[-1])
        previous = {(r.section or "", r.service_area): r.variance for r in prev.itertuples()}
    df["rag"] = df["rag_revised"].where(df["rag_revised"].notna(), df["rag_current"])
    df["rag_policy"] = [policy.rag(v, b, g if pd.notna(g) else None)
                        for v, b, g in zip(df["variance"], df["annual_budget"], df["gross_budget"])]
    df["rag_differs"] = df["rag"].notna() & (df["rag"] != df["rag_policy"])
    stored_previous = [previous.get((s or "", a)) if previous else None
                       for s, a in zip(df["section"], df["service_area"])]
    df["previous_variance"] = [lv if pd.notna(lv) else sp for lv, sp in zip(df["last_variance"], stored_previous)]
    df["previous_variance"] = pd.to_numeric(df["previous_variance"], errors="coerce")
    df["movement"] = df["variance"] - df["previous_variance"]
    return df


EXPORT_COLUMNS = ("as_at", "section", "service_area", "annual_budget", "projected_outturn", "variance", "rag",
                  "rag_policy", "previous_variance", "movement", "rag_current", "rag_revised",
                  "management_action_impact", "revised_variance", "reason", "management_action")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    import pandas as pd
    policy = load_policy(engine)
    frames = [report(engine, d, policy) for d in reporting_dates(engine) if as_at is None or d <= as_at]
    if not frames:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[list(EXPORT_COLUMNS)]


def finish(kind: Kind, ctx: Context):
    """The reporting date; the outturn from the variance or the variance from the outturn, whichever is missing; a
    stated variance that is not the outturn minus the budget is kept, with a warning."""
    as_at = ctx.reporting_date()
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


_NOT_YEAR = ("to date", "ytd", "profiled", "profile", "last", "previous", "prior")

REVENUE = Kind(
    name="revenue",
    title="Revenue budget monitoring",
    description="Revenue budget monitoring by service area for one reporting date.",
    scope="as_at",
    key=("section", "service_area"),
    section_field="section",
    one_of=(("projected_outturn", "variance"),),
    note_ref_field="note_ref",
    note_targets={"reason": "reason", "action": "management_action", "default": "reason"},
    fields=(
        Field("section", "Section", aliases=("section", "directorate", "division", "service group", "group")),
        Field(
            "service_area", "Service area", required=True,
            aliases=("service area", "directorate service area", "service", "budget area", "budget heading",
                     "cost centre", "service line", "area", "description", "budget line"),
            avoid=("code",),
        ),
        Field(
            "annual_budget", "Annual budget £", AMOUNT, required=True,
            aliases=("annual budget", "full year budget", "revised budget", "current budget", "approved budget",
                     "latest budget", "net budget", "annual net budget", "budget"),
            avoid=_NOT_YEAR + ("gross", "management", "variance"),
        ),
        Field(
            "projected_outturn", "Projected outturn £", AMOUNT,
            aliases=("projected outturn", "forecast outturn", "outturn", "projected spend", "forecast spend",
                     "year end forecast", "projected", "forecast", "projection"),
            avoid=_NOT_YEAR + ("variance", "budget", "management"),
            help="The forecast spend for the whole year. Give this or the variance.",
        ),
        Field(
            "variance", "Projected variance £", AMOUNT,
            aliases=("projected variance", "forecast variance", "variance", "over under spend",
                     "overspend underspend", "variation"),
            avoid=_NOT_YEAR + ("revised", "management", "recovered", "income"),
            prefer=("projected", "outturn", "forecast", "year end"),
            help="Projected outturn minus annual budget; + is an overspend. Give this or the outturn.",
        ),
        Field(
            "last_variance", "Last projected variance £", AMOUNT,
            aliases=("last net projected variance", "last projected variance", "last variance", "previous variance",
                     "previous month variance", "last month variance", "prior month variance",
                     "previous projected variance", "previous forecast variance"),
            help="The variance in the previous report, for the movement.",
        ),
        Field(
            "rag_current", "RAG status", RAG,
            aliases=("current financial rag status", "current rag status", "current rag", "financial rag status",
                     "rag status", "rag", "status"),
            avoid=("revised",),
        ),
        Field("rag_revised", "Revised RAG status", RAG,
              aliases=("revised financial rag status", "revised rag status", "revised rag")),
        Field("management_action_impact", "Financial impact of management action £", AMOUNT,
              aliases=("financial impact of management action", "impact of management action",
                       "management action impact")),
        Field("revised_variance", "Revised projected variance £", AMOUNT,
              aliases=("revised projected year end variance", "revised projected variance", "revised variance",
                       "variance after management action")),
        Field("gross_budget", "Gross budget £", AMOUNT,
              aliases=("gross budget", "annual gross budget", "gross expenditure budget")),
        Field("note_ref", "Note", NOTE_REF,
              aliases=("note", "notes ref", "note number", "note no", "note ref", "comment note number")),
        Field("reason", "Reason for variance",
              aliases=("reason for variance", "reasons for variance", "reasons", "reason", "commentary",
                       "comments", "comment", "explanation", "narrative")),
        Field("management_action", "Management action",
              aliases=("proposed actions", "management actions", "management action", "actions proposed",
                       "actions", "action")),
    ),
    model=RevenueLine,
    finish=finish,
    review=lines_left_out,
    export_columns=EXPORT_COLUMNS,
    export=export,
)

