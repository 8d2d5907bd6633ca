"""The contract register: every contract held centrally, under the Local Government Transparency Code 2015's fields and
the commissioning team's own (type, sector, standing, monitoring, payment terms). Rows are matched by reference; a
blank cell leaves the stored value. A contract's status on a date comes from its dates; its annual value is the one
given, else worked out from the total.
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat
from typing import TYPE_CHECKING

import sqlmodel
from sqlalchemy.engine import Engine

from ..ingest.context import Context
from ..ingest.fields import AMOUNT, BOOL, DATE, Field, Kind
from ..vocab import (
    CONTRACT_TYPES,
    EXPIRED,
    LIVE,
    LIVE_STANDINGS,
    NOT_STARTED,
    PROVIDER_SECTORS,
    STANDINGS,
    contract_word,
)

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd


class Contract(sqlmodel.SQLModel, table=True):
    """One contract on the register (Transparency Code fields and the commissioning team's own)."""

    __tablename__ = "contract"
    id: int | None = sqlmodel.Field(default=None, primary_key=True)
    reference: str = sqlmodel.Field(index=True)
    title: str
    department: str | None = None
    description: str | None = None
    supplier: str
    supplier_details: str | None = None
    registration_number: str | None = None
    total_value: float | None = None
    annual_value: float | None = None
    irrecoverable_vat: float | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    review_date: dt.date | None = None
    procurement: str | None = None
    sme: bool | None = None
    vcse: bool | None = None
    service_type: str | None = None
    client_group: str | None = None
    contract_type: str | None = None
    provider_sector: str | None = None
    area: str | None = None
    payment_terms: str | None = None
    uplift_basis: str | None = None
    key_contact: str | None = None
    last_monitoring: dt.date | None = None
    quality_rating: str | None = None
    standing: str | None = None
    batch_id: int | None = None


CONTRACT = Contract.__table__


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def register(engine: Engine) -> pd.DataFrame:
    from ..store import reads
    return reads.rows(engine, CONTRACT, order_by=[CONTRACT.c.reference])


def status_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> str:
    if start is not None and day < start:
        return NOT_STARTED
    if end is not None and day > end:
        return EXPIRED
    return LIVE


def annual_value(total: float | None, annual: float | None, start: dt.date | None, end: dt.date | None):
    """As given; else the total over the contract's length in years. A contract of a year or less spends its whole
    total within a year (a seven-week contract of £16,425 is £16,425 a year, not £119,988)."""
    if annual is not None and annual == annual:
        return annual
    if total is None or total != total or start is None or end is None:
        return None
    years = ((end - start).days + 1) / 365.25
    if years <= 0:
        return None
    return round(total / years, 2) if years > 1 else round(total, 2)


def with_status(df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The register as seen on `day`: status from the dates, annual value, months to expiry, flags."""
    from ..store import reads
    out = df.copy()
    none = {c: None for c in out.columns}
    out = reads.as_objects(out) if not out.empty else out.assign(**none)
    out["status"] = [status_on(s, e, day) for s, e in zip(out["start_date"], out["end_date"])]
    out["annual_value_calc"] = [annual_value(t, a, s, e) for t, a, s, e in
                                zip(out["total_value"], out["annual_value"], out["start_date"], out["end_date"])]
    out["days_to_end"] = [(e - day).days if e is not None else None for e in out["end_date"]]
    out["past_end_still_live"] = [e is not None and e < day and (st in LIVE_STANDINGS)
                                  for e, st in zip(out["end_date"], out["standing"])]
    out["review_overdue"] = [r is not None and r < day and status != EXPIRED
                             for r, status in zip(out["review_date"], out["status"])]
    out["review_due_3m"] = [r is not None and day <= r <= add_months(day, 3) for r in out["review_date"]]
    year_ago = add_months(day, -12)
    out["never_monitored"] = [m is None for m in out["last_monitoring"]]
    out["monitoring_overdue"] = [(m is None or m < year_ago) and status == LIVE
                                 for m, status in zip(out["last_monitoring"], out["status"])]
    return out


EXPORT_COLUMNS = ("reference", "title", "supplier", "start_date", "end_date", "review_date", "total_value",
                  "annual_value", "status", "standing", "department", "description", "supplier_details",
                  "registration_number", "irrecoverable_vat", "procurement", "sme", "vcse", "service_type",
                  "client_group", "contract_type", "provider_sector", "area", "payment_terms", "uplift_basis",
                  "key_contact", "last_monitoring", "quality_rating", "monitoring_overdue", "review_overdue")


def export(engine: Engine, as_at: dt.date | None) -> pd.DataFrame:
    df = with_status(register(engine), as_at or dt.date.today())
    df["annual_value"] = df["annual_value_calc"]
    return df[list(EXPORT_COLUMNS)]


def finish(kind: Kind, ctx: Context):
    """Dates in order, no negative values, and the register's words for type, sector and standing."""
    records = ctx.records
    # the lines to look at, found a column at a time (a register of 50,000 contracts has few, if any)
    starts, ends = (list(map(dict.get, records, repeat(name))) for name in ("start_date", "end_date"))
    flagged = {i for i, (start, end) in enumerate(zip(starts, ends)) if start and end and end < start}
    for name in ("total_value", "annual_value", "irrecoverable_vat"):
        flagged.update(i for i, v in enumerate(map(dict.get, records, repeat(name))) if isinstance(v, float) and v < 0)
    for rec in map(records.__getitem__, sorted(flagged)):
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
        ctx.map_words(name, words, contract_word)
    return None


CONTRACTS = Kind(
    name="contracts",
    title="Contract register",
    description="The contract register: the Local Government Transparency Code 2015 fields and the commissioning "
                "fields the team keeps. Rows are matched by contract reference; a blank cell leaves the stored "
                "value as it is.",
    key=("reference",),
    fields=(
        Field("reference", "Reference", required=True,
              aliases=("contract reference", "contract ref", "contract number", "contract no", "contract id",
                       "reference number", "reference", "ref", "contract code", "notice id", "notice identifier",
                       "notice reference", "ocid", "releases 0 ocid", "awards 0 id"),
              avoid=("registration", "company", "charity", "supplier")),
        Field("title", "Title", required=True,
              aliases=("title of agreement", "contract title", "title", "contract name", "name of contract",
                       "agreement", "subject", "award title", "notice title", "awards 0 title", "tender title")),
        Field("department", "Department", aliases=("department", "directorate", "department responsible",
                                                   "commissioning department")),
        Field("description", "Description", aliases=("description of goods and services", "description of goods",
                                                     "description", "short description", "awards 0 description",
                                                     "contract description", "scope", "details of contract")),
        Field("supplier", "Supplier", required=True,
              aliases=("supplier name", "supplier", "provider name", "provider", "vendor", "vendor name",
                       "contractor", "name of supplier", "organisation name", "awarded supplier", "winning bidder",
                       "awards 0 suppliers 0 name"),
              avoid=("registration", "number", "details", "address", "sector", "type")),
        Field("supplier_details", "Supplier details", aliases=("supplier details", "supplier address",
                                                               "provider address", "address")),
        Field("registration_number", "Registration number",
              aliases=("registration number", "company registration number", "companies house number",
                       "charity number", "charity or company number", "company number", "registered number")),
        Field("total_value", "Total value £", AMOUNT,
              aliases=("sum to be paid over the length of the contract", "value of the agreement",
                       "value of agreement", "total contract value", "total value", "award value", "awarded value",
                       "contract award value", "current value", "awards 0 value amount",
                       "contract value", "value of contract", "whole life value", "total cost", "value"),
              avoid=("annual", "per annum", "vat", "year")),
        Field("annual_value", "Estimated annual spend £", AMOUNT,
              aliases=("estimated annual spend", "annual value", "annual spend", "annual contract value",
                       "estimated annual value", "value per annum", "annual cost", "per annum"), avoid=("vat",)),
        Field("irrecoverable_vat", "Irrecoverable VAT £", AMOUNT,
              aliases=("irrecoverable vat", "non recoverable vat", "vat that cannot be recovered", "vat")),
        Field("start_date", "Start date", DATE, aliases=("start date", "contract start date", "contract start",
                                                         "commencement date", "date of start", "start",
                                                         "awards 0 contract period start date")),
        Field("end_date", "End date", DATE, aliases=("end date", "contract end date", "contract end",
                                                     "current end date", "contract current end date",
                                                     "expiry date", "date of end", "expiry", "end",
                                                     "awards 0 contract period end date"),
              avoid=("maximum",)),
        Field("review_date", "Review date", DATE, aliases=("review date", "next review date", "next review",
                                                           "date of review", "review")),
        Field("procurement", "Invitation to quote or tender",
              aliases=("invitation to quote or tender", "invitation to tender", "procurement route",
                       "procurement method", "procurement", "tendered")),
        Field("sme", "SME", BOOL, aliases=("sme", "is sme", "sme status", "small or medium enterprise",
                                           "small medium enterprise")),
        Field("vcse", "VCSE", BOOL, aliases=("vcse", "is vcse", "vcse status",
                                             "voluntary community social enterprise", "voluntary or community")),
        Field("service_type", "Service type", aliases=("service type", "type of service", "service category",
                                                       "category", "service")),
        Field("client_group", "Client group", aliases=("client group", "service user group", "user group")),
        Field("contract_type", "Contract type", aliases=("contract type", "type of contract", "block or spot",
                                                         "block spot", "basis", "type")),
        Field("provider_sector", "Provider sector", aliases=("provider sector", "sector", "provider type",
                                                             "supplier type")),
        Field("area", "Zone or area", aliases=("zone", "area", "locality", "area assembly", "patch")),
        Field("payment_terms", "Payment terms", aliases=("payment terms", "payment arrangements", "payment")),
        Field("uplift_basis", "Uplift basis", aliases=("uplift basis", "inflation uplift", "uplift",
                                                       "price review")),
        Field("key_contact", "Budget holder / key contact",
              aliases=("budget holder", "key contact", "contract manager", "contract officer", "lead officer",
                       "contact")),
        Field("last_monitoring", "Last monitoring visit", DATE,
              aliases=("last monitoring visit", "date of last monitoring", "last monitored", "last visit",
                       "monitoring visit", "last monitoring")),
        Field("quality_rating", "Quality rating (QAF level)", aliases=("qaf level", "quality rating", "qaf",
                                                                      "quality", "rating", "grade")),
        Field("standing", "Standing", aliases=("standing", "contract standing", "contract status", "status"),
              help="Steady state, interim, expired or exempted."),
    ),
    model=Contract,
    finish=finish,
    export_columns=EXPORT_COLUMNS,
    export=export,
)

