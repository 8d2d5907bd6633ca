"""Capital programme monitoring: one report a reporting date, a line per scheme by client group (seed 004's Capital
Expenditure Monitoring 2007-8 is the reference layout), with the share spent and the slippage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import AMOUNT, NOTE_REF, RAG, Field, Kind
from ..ingest.review import lines_left_out

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class CapitalScheme(sqlmodel.SQLModel, table=True):
    __tablename__ = "capital_scheme"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    as_at: dt.date = sqlmodel.Field(index=True)
    line_no: int = 0
    client_group: str | None = None
    scheme_code: str | None = None
    scheme: str
    approved_budget: float
    actual_to_date: float
    projected_outturn: float
    rag: str | None = None
    note_ref: str | None = None
    comment: str | None = None
    batch_id: int | None = None


SCHEME = CapitalScheme.__table__


def reporting_dates(engine: Engine) -> list[dt.date]:
    from ..store import reads
    return reads.distinct(engine, SCHEME.c.as_at)


def report(engine: Engine, as_at: dt.date) -> pd.DataFrame:
    """The schemes of one report with the share of the approved programme spent and the slippage (approved minus
    projected: what is carried forward)."""
    from ..store import reads
    df = reads.rows(engine, SCHEME, SCHEME.c.as_at == as_at, order_by=[SCHEME.c.line_no])
    approved = df["approved_budget"].astype(float)
    df["pct_spent"] = (df["actual_to_date"] / approved.where(approved != 0)).astype(float)
    df["slippage"] = df["approved_budget"] - df["projected_outturn"]
    return df


EXPORT_COLUMNS = ("as_at", "client_group", "scheme_code", "scheme", "approved_budget", "actual_to_date",
                  "projected_outturn", "rag", "slippage", "pct_spent", "comment")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    import pandas as pd
    frames = [report(engine, d) for d in reporting_dates(engine) if as_at is None or d <= as_at]
    if not frames:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    return pd.concat(frames, ignore_index=True)[list(EXPORT_COLUMNS)]


def finish(kind: Kind, ctx: Context):
    return ctx.reporting_date()


CAPITAL = Kind(
    name="capital",
    title="Capital programme monitoring",
    description="Capital schemes by client group for one reporting date.",
    scope="as_at",
    key=("client_group", "scheme_code", "scheme"),
    section_field="client_group",
    code_field="scheme_code",
    note_ref_field="note_ref",
    note_targets={"default": "comment"},
    fields=(
        Field("client_group", "Client group",
              aliases=("client group", "service user group", "programme area", "service group", "client")),
        Field("scheme_code", "Scheme code",
              aliases=("expenditure code", "scheme code", "project code", "cost code", "scheme ref", "code",
                       "ref", "reference")),
        Field("scheme", "Scheme", required=True,
              aliases=("scheme description", "scheme name", "project name", "scheme", "project", "description")),
        Field("approved_budget", "Approved programme £", AMOUNT, required=True,
              aliases=("approved capital programme", "approved programme", "approved budget", "capital programme",
                       "approved", "budget", "programme"),
              avoid=("to date", "profiled")),
        Field("actual_to_date", "Actual expenditure to date £", AMOUNT, required=True,
              aliases=("actual expenditure", "actual to date", "actual spend", "spend to date",
                       "expenditure to date", "actual")),
        Field("projected_outturn", "Projected expenditure £", AMOUNT, required=True,
              aliases=("projected expenditure", "projected outturn", "forecast outturn", "forecast expenditure",
                       "projected spend", "forecast spend", "projected", "forecast", "outturn"),
              avoid=("variance",)),
        Field("rag", "RAG status", RAG, aliases=("rag status", "rag", "status")),
        Field("note_ref", "Note", NOTE_REF,
              aliases=("comment note number", "note number", "note no", "note ref", "note")),
        Field("comment", "Comment", aliases=("comments", "comment", "commentary", "notes")),
    ),
    model=CapitalScheme,
    finish=finish,
    review=lines_left_out,
    export_columns=EXPORT_COLUMNS,
    export=export,
)

