"""Performance indicators with targets, as a budget report lists them beside the budget (seed 004's revenue report:
C72 admissions to residential and nursing care, target 95, predicted 94.6, lower is better; C28 intensive home care,
target 16, performance 13.94, higher is better; C51 direct payments, target 150, score 161, higher is better).

One row per indicator and reporting date: the date is a column of the sheet, or the report's date (its title, or
--as-at). RAG: on or better than target Green; worse by no more than the tolerance (5% of the target unless the team
sets another) Amber; otherwise Red. A sheet's own RAG column is kept beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import DATE, NUMBER, RAG, Field, Kind
from ..vocab import AMBER, GREEN, HIGHER, POLARITY_WORDS, RED, polarity_of

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class Indicator(sqlmodel.SQLModel, table=True):
    """One performance indicator's target and actual (or predicted) value as at a reporting date."""

    __tablename__ = "indicator"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    as_at: dt.date = sqlmodel.Field(index=True)
    line_no: int = 0
    code: str | None = None
    indicator: str
    period: str | None = None  # the period as the sheet writes it ("2007/08", "Q4")
    target: float
    actual: float
    polarity: str  # Higher is better / Lower is better
    source: str | None = None
    comment: str | None = None
    reported_rag: str | None = None  # the sheet's own RAG, kept beside the one worked out here
    batch_id: int | None = None


INDICATOR = Indicator.__table__


@dataclass(frozen=True)
class IndicatorPolicy:
    """How far worse than its target an indicator may be and still be Amber, as a % of the target."""

    tolerance_pct: float = 5.0
    source: str = "The dashboard's default: Amber within 5% of the target"

    def rag(self, target: float, actual: float, polarity: str) -> str:
        shortfall = (target - actual) if polarity == HIGHER else (actual - target)
        if shortfall <= 1e-9:
            return GREEN
        return AMBER if shortfall <= abs(target) * self.tolerance_pct / 100 + 1e-9 else RED

    def describe(self) -> str:
        return (f"Green: on or better than target. Amber: worse than target by no more than {self.tolerance_pct:g}% "
                "of the target. Red: worse than that.")


POLICY_SETTING = "indicator_policy"


def load_policy(engine: Engine) -> IndicatorPolicy:
    from ..store import settings

    stored = settings.get(engine, POLICY_SETTING)
    if not stored:
        return IndicatorPolicy()
    return IndicatorPolicy(**{k: v for k, v in stored.items() if k in IndicatorPolicy.__dataclass_fields__})


def save_policy(engine: Engine, policy: IndicatorPolicy, who: str) -> None:
    from ..store import settings

    settings.put(engine, POLICY_SETTING, asdict(policy), who, was=asdict(load_policy(engine)))


def reporting_dates(engine: Engine) -> list[dt.date]:
    from ..store import reads
    return reads.distinct(engine, INDICATOR.c.as_at)


def with_rag(df: pd.DataFrame, policy: IndicatorPolicy) -> pd.DataFrame:
    out = df.copy()
    out["rag"] = [policy.rag(t, a, p) for t, a, p in zip(out["target"], out["actual"], out["polarity"])]
    out["gap"] = [(a - t) for t, a in zip(out["target"], out["actual"])]
    return out


def report(engine: Engine, as_at: dt.date, policy: IndicatorPolicy) -> pd.DataFrame:
    """The indicators of one reporting date with their RAG."""
    from ..store import reads
    df = reads.rows(engine, INDICATOR, INDICATOR.c.as_at == as_at, order_by=[INDICATOR.c.line_no])
    return with_rag(df, policy)


def history(engine: Engine, up_to: dt.date | None, policy: IndicatorPolicy) -> pd.DataFrame:
    """Every reporting date's value of every indicator, up to a date, with its RAG: the trend across reports."""
    from ..store import reads
    where = [INDICATOR.c.as_at <= up_to] if up_to else []
    df = reads.rows(engine, INDICATOR, *where, order_by=[INDICATOR.c.as_at, INDICATOR.c.line_no])
    return with_rag(df, policy)


EXPORT_COLUMNS = ("as_at", "code", "indicator", "target", "actual", "polarity", "rag", "period", "source", "comment",
                  "reported_rag")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    import pandas as pd
    df = history(engine, as_at, load_policy(engine))
    if df.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    return df[list(EXPORT_COLUMNS)]


def finish(kind: Kind, ctx: Context):
    """Polarity words to Higher / Lower is better (an unknown word is refused with the list); the reporting date from
    the sheet's date column, else the report's date."""
    accepted = "; ".join(f"{p}: {', '.join(w for w in words if len(w) > 1)}" for p, words in POLARITY_WORDS.items())
    for rec in ctx.records:
        if rec.get("polarity"):
            polarity = polarity_of(rec["polarity"])
            if polarity is None:
                ctx.problem("", record=rec, field_name="polarity", value=rec["polarity"],
                            expected=f"whether higher or lower is better ({accepted})")
            else:
                rec["polarity"] = polarity
    if "as_at" in ctx.layout.columns:
        for rec in ctx.records:
            if rec.get("as_at") is None and ctx.options.as_at:
                rec["as_at"] = ctx.options.as_at
            elif rec.get("as_at") is None:
                ctx.problem("", record=rec, field_name="as_at", value="", expected="the date the figure is as at")
        return None
    return ctx.reporting_date()


INDICATORS = Kind(
    name="indicators",
    title="Performance indicators",
    description="Performance indicators with their targets, one row per indicator (and reporting date): code, "
                "indicator, target, actual or predicted value, whether higher or lower is better, source, comment.",
    scope="as_at",
    key=("code", "indicator"),
    code_field="code",
    fields=(
        Field("code", "Code", aliases=("indicator code", "pi code", "kpi code", "kpi ref", "pi ref", "measure code",
                                       "code", "ref", "reference", "pi", "ni", "no")),
        Field("indicator", "Indicator", required=True,
              aliases=("performance indicator", "indicator name", "indicator", "measure name", "measure",
                       "kpi name", "kpi", "description", "title", "name")),
        Field("as_at", "As at", DATE, aliases=("as at", "as of", "reporting date", "period ending", "period end",
                                               "month ending", "quarter ending", "date")),
        Field("period", "Period", aliases=("reporting period", "period", "year", "quarter")),
        Field("target", "Target", NUMBER, required=True,
              aliases=("target", "target value", "annual target", "goal", "standard"),
              avoid=("date",)),
        Field("actual", "Actual", NUMBER, required=True,
              aliases=("actual", "actual performance", "performance", "predicted", "forecast", "outturn", "value",
                       "result", "score", "current", "latest", "year to date", "ytd"),
              avoid=("target", "date", "previous", "last")),
        Field("polarity", "Polarity", required=True,
              aliases=("polarity", "good is", "good performance is", "direction", "direction of travel",
                       "higher or lower is better", "better"),
              help="Higher is better or Lower is better."),
        Field("source", "Source", aliases=("source", "data source", "source of data")),
        Field("comment", "Comment", aliases=("comment", "comments", "commentary", "notes", "narrative")),
        Field("reported_rag", "RAG (as reported)", RAG, aliases=("rag", "rag status", "rag rating", "status"),
              help="The sheet's own RAG, kept beside the one worked out here."),
    ),
    model=Indicator,
    finish=finish,
    export_columns=EXPORT_COLUMNS,
    export=export,
)
