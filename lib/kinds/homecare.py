"""Home care hours by sector: a week's hours delivered in-house and by independent providers, by area and provider
when the sheet has them. Read from either layout the weekly impact group keeps: one row per week with in-house and
independent columns, or one row per week, area and provider with a sector column. Published comparators (the
market analyser's % in-house) are kept beside the hours, each with its source and date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import DATE, NUMBER, SHARE, Field, Kind
from ..vocab import IN_HOUSE, INDEPENDENT, SECTOR_WORDS, sector_of

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class HomecareHours(sqlmodel.SQLModel, table=True):
    """Hours of home care delivered in one week, by sector (In-house or Independent), area and provider."""

    __tablename__ = "homecare_hours"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    week_ending: dt.date = sqlmodel.Field(index=True)
    line_no: int = 0
    area: str | None = None
    provider: str | None = None
    sector: str
    hours: float
    batch_id: int | None = None


class HomecareComparator(sqlmodel.SQLModel, table=True):
    """A published % of home care hours provided in-house, kept with its source and date (not reconciled)."""

    __tablename__ = "homecare_comparator"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    source: str
    comparator: str  # Rotherham, IPF comparator group, Met Districts, England ...
    period: str  # as published, e.g. "September 2003"
    period_date: dt.date | None = None
    in_house_share: float
    batch_id: int | None = None


HOURS = HomecareHours.__table__
COMPARATOR = HomecareComparator.__table__


def hours(engine: Engine, up_to: dt.date | None = None) -> pd.DataFrame:
    from ..store import reads
    query = select(HOURS.c.week_ending, HOURS.c.area, HOURS.c.provider, HOURS.c.sector, HOURS.c.hours)
    if up_to:
        query = query.where(HOURS.c.week_ending <= up_to)
    return reads.frame(engine, query)


def by_sector(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Hours as in-house, independent and total columns with the in-house share (0-1), grouped by `by`."""
    import pandas as pd
    columns = [*by, "in_house_hours", "independent_hours", "total_hours", "in_house_share"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    wide = df.pivot_table(index=by, columns="sector", values="hours", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=[IN_HOUSE, INDEPENDENT], fill_value=0.0).reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={IN_HOUSE: "in_house_hours", INDEPENDENT: "independent_hours"})
    wide["total_hours"] = wide["in_house_hours"] + wide["independent_hours"]
    wide["in_house_share"] = wide["in_house_hours"] / wide["total_hours"].where(wide["total_hours"] > 0)
    return wide[columns]


def sector_sums(engine: Engine, by: list[str], up_to: dt.date | None = None, blank_area: str | None = None
                ) -> pd.DataFrame:
    """Hours summed in the store by `by` and sector (a row per week, not per provider and area, reaches pandas).
    `blank_area`: what a row with no area is grouped as."""
    from ..store import reads
    columns = [func.coalesce(HOURS.c.area, blank_area).label("area") if name == "area" and blank_area is not None
               else HOURS.c[name] for name in by]
    query = select(*columns, HOURS.c.sector, func.sum(HOURS.c.hours).label("hours"))
    if up_to:
        query = query.where(HOURS.c.week_ending <= up_to)
    keys = [*columns, HOURS.c.sector]
    return reads.frame(engine, query.group_by(*keys).order_by(*keys))


def weekly(engine: Engine, up_to: dt.date | None = None) -> pd.DataFrame:
    """One row per week: in-house, independent and total hours and the in-house share (0-1)."""
    return by_sector(sector_sums(engine, ["week_ending"], up_to), ["week_ending"]).sort_values(
        "week_ending").reset_index(drop=True)


EXPORT_COLUMNS = ("week_ending", "in_house_hours", "independent_hours", "total_hours", "in_house_share")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    return weekly(engine, as_at)[list(EXPORT_COLUMNS)]


def finish(kind: Kind, ctx: Context):
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
        base = {k: rec.get(k) for k in ("_row", "_key", "week_ending", "area", "provider")}
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


_HOURS_NOT = ("in house", "inhouse", "independent", "external", "internal", "private", "voluntary", "council",
              "total", "percent", "share")

HOMECARE = Kind(
    name="homecare",
    title="Home care hours by sector",
    description="Weekly hours of home care delivered in-house and by independent providers, by area and provider "
                "when the sheet has them: one row per week with in-house and independent columns, or one row per "
                "week, area and provider with a sector column.",
    scope="week_ending",
    key=("week_ending", "area", "provider", "sector"),
    one_of=(("hours", "in_house_hours"),),
    fields=(
        Field("week_ending", "Week ending", DATE, required=True,
              aliases=("week ending", "week ending date", "w e", "we", "week end", "week", "period ending",
                       "date")),
        Field("area", "Area", aliases=("area assembly", "area", "zone", "locality", "patch", "district",
                                       "neighbourhood")),
        Field("provider", "Provider", aliases=("provider name", "provider", "agency", "supplier", "organisation",
                                               "service provider")),
        Field("sector", "Sector", aliases=("sector", "provider type", "provider sector", "type", "in house or "
                                           "independent"),
              help="In-house (in house, council, LA, local authority, internal) or independent (private, "
                   "voluntary, external, third sector)."),
        Field("hours", "Hours", NUMBER, aliases=("hours delivered", "hours of care", "weekly hours",
                                                 "actual hours", "hours", "care hours"),
              avoid=_HOURS_NOT, help="Hours delivered that week (with a Sector column)."),
        Field("in_house_hours", "In-house hours", NUMBER,
              aliases=("in house hours", "in house", "inhouse", "council hours", "la hours", "internal hours",
                       "local authority hours", "in house service"),
              avoid=("percent", "share", "total")),
        Field("independent_hours", "Independent hours", NUMBER,
              aliases=("independent hours", "independent sector hours", "independent sector", "independent",
                       "external hours", "external", "private and voluntary", "private voluntary"),
              avoid=("percent", "share", "total")),
        Field("total_hours", "Total hours", NUMBER, aliases=("total hours", "total"), avoid=("percent", "share")),
        Field("in_house_share", "% in-house", SHARE,
              aliases=("percent in house", "in house percent", "in house share", "share in house",
                       "percentage in house", "in house percentage")),
    ),
    model=HomecareHours,
    extra_tables=(HomecareComparator,),
    finish=finish,
    export_columns=EXPORT_COLUMNS,
    export=export,
)

