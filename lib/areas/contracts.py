"""The contract register as the page shows it: what expires, reviews due, monitoring overdue, where the money goes,
the Transparency Code extract. The rows, a contract's status on a date and its annual value are the kind's
(lib/kinds/contracts.py). Pure reads and calculations; no streamlit here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from ..frames import matching
from ..kinds.contracts import CONTRACTS, add_months, annual_value, register, with_status
from ..store.batches import row_history
from ..vocab import EXPIRED, LIVE, NOT_STARTED, contract_status_text

__all__ = ["register", "with_status"]  # the kind's, for the page
SHOWN_ROWS = 200  # the most contracts a table or the detail picker shows at once (search and filters reach the rest)
VALUE_BARS = 20  # more categories than this (suppliers): the largest are drawn, the others summed in a caption
FILTERS = {"supplier": "Supplier", "service_type": "Service", "provider_sector": "Sector", "contract_type": "Type",
           "standing": "Standing", "area": "Zone or area"}
TRANSPARENCY_THRESHOLD = 5000.0
TRANSPARENCY_COLUMNS = {  # Local Government Transparency Code 2015, contracts over £5,000
    "reference": "Reference number",
    "title": "Title of agreement",
    "department": "Department responsible",
    "description": "Description of the goods and/or services",
    "supplier": "Supplier name",
    "supplier_details": "Supplier details",
    "registration_number": "Company or charity registration number",
    "total_value": "Value of the agreement (£)",
    "annual_value": "Estimated annual spend (£)",
    "irrecoverable_vat": "Irrecoverable VAT (£)",
    "start_date": "Start date",
    "end_date": "End date",
    "review_date": "Review date",
    "procurement": "Invitation to quote or tender",
    "sme": "SME",
    "vcse": "VCSE",
}


def expiring(df: pd.DataFrame, day: dt.date, months: int) -> pd.DataFrame:
    """Live contracts ending within `months` of the day."""
    limit = add_months(day, months)
    if "days_to_end" in df:  # with_status's days to the end date: one comparison of whole columns
        days = pd.to_numeric(df["days_to_end"], errors="coerce")
        mask = (df["status"] == LIVE) & (days >= 0) & (days <= (limit - day).days)
    else:
        mask = [(s == LIVE) and e is not None and day <= e <= limit for s, e in zip(df["status"], df["end_date"])]
    return df[mask].sort_values("end_date")


def headline(df: pd.DataFrame, day: dt.date) -> dict:
    live = df[df["status"] == LIVE]
    return {
        "contracts": len(df),
        "live": len(live),
        "annual_value_live": float(pd.to_numeric(live["annual_value_calc"], errors="coerce").sum()),
        "expiring_3": len(expiring(df, day, 3)),
        "expiring_6": len(expiring(df, day, 6)),
        "expiring_12": len(expiring(df, day, 12)),
        "past_end_still_live": int(df["past_end_still_live"].sum()),
        "review_overdue": int(df["review_overdue"].sum()),
        "review_due_3m": int(df["review_due_3m"].sum()),
        "monitoring_overdue": int(df["monitoring_overdue"].sum()),
        "never_monitored": int((df["never_monitored"] & (df["status"] == LIVE)).sum()),
    }


def filter_register(df: pd.DataFrame, text: str = "", **choices: list[str]) -> pd.DataFrame:
    """Free text over reference, title, supplier and description; each choice keeps rows whose value is listed."""
    out = matching(df, text, ["reference", "title", "supplier", "description"])
    for column, values in choices.items():
        if values:
            out = out[out[column].isin(values)]
    return out


def value_by(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Annual value of live contracts by a column (sector, supplier, service type, contract type)."""
    live = df[df["status"] == LIVE].copy()
    live["annual"] = pd.to_numeric(live["annual_value_calc"], errors="coerce").fillna(0.0)
    live[column] = live[column].fillna("(not given)")
    grouped = live.groupby(column, as_index=False).agg(contracts=("reference", "count"), annual=("annual", "sum"))
    total = grouped["annual"].sum()
    grouped["share"] = grouped["annual"] / total if total else 0.0
    return grouped.sort_values("annual", ascending=False).reset_index(drop=True)


def sme_vcse_share(df: pd.DataFrame) -> dict:
    live = df[df["status"] == LIVE]
    annual = pd.to_numeric(live["annual_value_calc"], errors="coerce").fillna(0.0)
    total = float(annual.sum())

    def share(column):
        flags = live[column].fillna(False).astype(bool)
        return {"contracts": int(flags.sum()), "value_share": float(annual[flags].sum() / total) if total else 0.0}

    return {"sme": share("sme"), "vcse": share("vcse"), "total": total}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    return start, add_months(start, 3) - dt.timedelta(days=1)


def transparency_extract(df: pd.DataFrame, year: int, quarter: int) -> pd.DataFrame:
    """The Code's fields for contracts over £5,000 that are in force at any time in the calendar quarter."""
    start, end = quarter_bounds(year, quarter)
    value = [t if t is not None and t == t else a for t, a in zip(df["total_value"], df["annual_value"])]
    mask = [(v is not None and v == v and v > TRANSPARENCY_THRESHOLD) and (s is None or s <= end)
            and (e is None or e >= start) for v, s, e in zip(value, df["start_date"], df["end_date"])]
    out = df[mask][list(TRANSPARENCY_COLUMNS)].copy()
    out["annual_value"] = [annual_value(t, a, s, e) for t, a, s, e in
                           zip(out["total_value"], out["annual_value"], out["start_date"], out["end_date"])]
    return out.rename(columns=TRANSPARENCY_COLUMNS).reset_index(drop=True)


def contract_history(engine: Engine, contract_id: int) -> pd.DataFrame:
    return row_history(engine, "contract", contract_id)


def register_table(df: pd.DataFrame, standing: bool = False) -> pd.DataFrame:
    """The register as shown: status (with its shape) first, then reference, title, supplier, end date, annual
    value and type (or, with `standing`, the register's own standing instead of the type). The other fields are in
    the contract's detail."""
    table = pd.DataFrame({
        "Status": [contract_status_text(s) for s in df["status"]],
        "Reference": df["reference"], "Title": df["title"], "Supplier": df["supplier"], "End": df["end_date"],
        "Annual £": pd.to_numeric(df["annual_value_calc"], errors="coerce"),
        "Type": df["contract_type"], "Standing": df["standing"],
    })
    return table.drop(columns="Type" if standing else "Standing")


def options(df: pd.DataFrame, column: str) -> list[str]:
    return sorted(v for v in df[column].dropna().unique() if str(v).strip())


def titles(df: pd.DataFrame) -> dict[str, str]:
    """Reference -> title, for labelling a picker (one lookup per option, not one search of the register)."""
    return {r: t or "" for r, t in zip(df["reference"], df["title"])}


TIMELINE_LIMIT = 60
TIMELINE_COLUMNS = ("reference", "title", "supplier", "start_date", "end_date", "status", "standing")  # it draws


def timeline_rows(df: pd.DataFrame, day: dt.date, limit: int = TIMELINE_LIMIT) -> pd.DataFrame:
    """The contracts a timeline can show legibly: live ones ending soonest, then those starting soonest, up to
    `limit` (a whole register of thousands would be a chart taller than any screen)."""
    dated = df.dropna(subset=["start_date", "end_date"])
    live = dated[dated["status"] == LIVE].sort_values("end_date")
    upcoming = dated[dated["status"] == NOT_STARTED].sort_values("start_date")
    ended = dated[dated["status"] == EXPIRED].sort_values("end_date", ascending=False)
    return pd.concat([live, upcoming, ended]).head(limit)


def quarter_label(year: int, quarter: int) -> str:
    start, end = quarter_bounds(year, quarter)
    return f"{start:%d %b} - {end:%d %b %Y}"


def review_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Review": ["▲ overdue" if o else "◆ due soon" for o in df["review_overdue"]],
                         "Reference": df["reference"], "Title": df["title"], "Supplier": df["supplier"],
                         "Review date": df["review_date"], "Contact": df["key_contact"]})


def monitoring_table(df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Live contracts with no monitoring visit in 12 months: never monitored, or how long since the last visit."""
    return pd.DataFrame({
        "Monitoring": ["▲ never monitored" if n or m is None else f"◆ {round((day - m).days / 30.44)} months ago"
                       for n, m in zip(df["never_monitored"], df["last_monitoring"])],
        "Reference": df["reference"], "Title": df["title"], "Supplier": df["supplier"],
        "Last visit": df["last_monitoring"], "Contact": df["key_contact"]})


def _shown(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def detail_table(row: pd.Series) -> pd.DataFrame:
    rows = [{"Field": f.label, "Value": _shown(row.get(f.name))} for f in CONTRACTS.fields]
    rows.append({"Field": "Status on the as-at date", "Value": contract_status_text(row["status"]) or ""})
    value = row["annual_value_calc"]
    rows.append({"Field": "Annual value used", "Value": "" if value is None else f"£{value:,.2f}"})
    return pd.DataFrame(rows)


def seen(engine: Engine, day: dt.date) -> pd.DataFrame:
    """The register as seen on `day` (with_status): the page's derived table, cached by the store's version."""
    return with_status(register(engine), day)


def choices(df: pd.DataFrame) -> dict[str, list[str]]:
    """The values each filter offers: {column: sorted values}."""
    return {column: options(df, column) for column in FILTERS}


def contract(df: pd.DataFrame, reference: str) -> pd.Series | None:
    """One contract's row of the register as seen, by reference (None when it is not there)."""
    found = df[df["reference"] == reference]
    return None if found.empty else found.iloc[0]


def by_relevance(df: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The register as seen on `day` (with_status's table) with live contracts ending soonest first, then those not
    started (starting soonest), then expired ones (the most recently ended first), each group's undated last; the
    register's own order (by reference) among equals."""
    status = df["status"]
    to_end = pd.to_numeric(df["days_to_end"], errors="coerce").astype(float)
    days = to_end.where(status != EXPIRED, -to_end)  # expired: days since the end
    starting = status == NOT_STARTED
    days[starting] = [(s - day).days if s is not None else float("nan") for s in df.loc[starting, "start_date"]]
    keys = pd.DataFrame({"group": status.map({LIVE: 0, NOT_STARTED: 1}).fillna(2), "days": days.fillna(float("inf"))})
    return df.loc[keys.sort_values(["group", "days"], kind="stable").index]


@dataclass(frozen=True)
class Shown:
    """A list as the page shows it: at most SHOWN_ROWS rows of `table`, of `count` in all, and a note when cut."""

    table: pd.DataFrame | dict
    count: int
    note: str | None


def bounded(df: pd.DataFrame, what: str, order: str | None = None, sort=None) -> tuple[pd.DataFrame, str | None]:
    """At most SHOWN_ROWS rows of `df`: the first in `sort(df)`'s order when there are more (`order` says which come
    first), with a note saying how many there are and how to reach the others."""
    if len(df) <= SHOWN_ROWS:
        return df, None
    return ((sort(df) if sort else df).head(SHOWN_ROWS),
            f"Showing {SHOWN_ROWS:,} of {len(df):,} {what}" + (f" ({order})" if order else "")
            + ": search or filter above to reach the others.")


def shown_list(df: pd.DataFrame, table, what: str, order: str | None = None, sort=None) -> Shown:
    """`table(rows)` of bounded(...)'s rows, the count and the note."""
    rows, note = bounded(df, what, order, sort)
    return Shown(table(rows), len(df), note)


@dataclass(frozen=True)
class ValueBars:
    """The annual value of live contracts by a category as the page draws it: at most VALUE_BARS bars (the largest),
    and what the categories left out hold together."""

    title: str
    noun: str  # what a category is called: "suppliers"
    bars: pd.DataFrame  # value_by's rows drawn
    categories: int  # with live contracts, in all
    other_annual: float  # left out, together
    other_share: float


def value_bars(grouped: pd.DataFrame, title: str, noun: str, limit: int = VALUE_BARS) -> ValueBars:
    """value_by's table cut to its `limit` largest (a bar chart of a thousand suppliers is taller than any screen, and
    one bar of the others together would dwarf the rest), with the sum of the others for a caption."""
    rest = grouped.iloc[limit:]
    return ValueBars(title, noun, grouped.head(limit), len(grouped), float(rest["annual"].sum()),
                     float(rest["share"].sum()))


VALUE_VIEWS = (("provider_sector", "By sector", "sectors"), ("contract_type", "Block, spot and other", "types"),
               ("service_type", "By service", "services"), ("supplier", "By supplier", "suppliers"))


@dataclass(frozen=True)
class View:
    """What the contracts page shows for a search and filters, each list at most SHOWN_ROWS rows: worked out once
    for each store version, date, search and filters (cached), so that a rerun reads only this."""

    contracts: int  # on the register
    matching: int  # of them matching the search and filters
    register: Shown
    expiring: dict[int, Shown]  # months -> live contracts ending within them
    past_end: Shown
    reviews: Shown
    monitoring: Shown
    never_monitored: int  # of the contracts in `monitoring`
    shares: dict
    values: dict[str, ValueBars]  # column -> its bars
    timeline: pd.DataFrame
    picker: Shown  # its table a dict: reference -> title, for the detail picker


def view(df: pd.DataFrame, day: dt.date, text: str, filters: tuple[tuple[str, tuple[str, ...]], ...]) -> View:
    """The page's lists, counts and charts' data for the register as seen on `day`, searched and filtered."""
    shown = filter_register(df, text, **{column: list(values) for column, values in filters})
    first, cut = bounded(shown, "contracts", sort=lambda rows: by_relevance(rows, day))
    expiring_lists = {months: shown_list(expiring(shown, day, months), register_table, "contracts",
                                         "ending soonest first") for months in (3, 6, 12)}
    past = shown[shown["past_end_still_live"]]
    reviews = shown[shown["review_overdue"] | shown["review_due_3m"]]
    overdue = shown[shown["monitoring_overdue"]]
    values = {column: value_bars(value_by(shown, column), title, noun) for column, title, noun in VALUE_VIEWS}
    return View(
        contracts=len(df), matching=len(shown),
        register=Shown(register_table(first), len(shown), cut and (
            f"The table shows the first {len(first):,}: live ones ending soonest, then those not started, then the "
            "most recently ended. Search or filter above to reach the others.")),
        expiring=expiring_lists,
        past_end=shown_list(past, lambda rows: register_table(rows, standing=True), "contracts",
                            "longest past their end first", lambda rows: rows.sort_values("end_date", kind="stable")),
        reviews=shown_list(reviews, review_table, "contracts", "overdue first, then by review date",
                           lambda rows: rows.assign(_due=~rows["review_overdue"]).sort_values(
                               ["_due", "review_date"], kind="stable").drop(columns="_due")),
        monitoring=shown_list(overdue, lambda rows: monitoring_table(rows, day), "contracts",
                              "never monitored first, then the longest since a visit",
                              lambda rows: rows.assign(_seen=~rows["never_monitored"]).sort_values(
                                  ["_seen", "last_monitoring"], kind="stable").drop(columns="_seen")),
        never_monitored=int(overdue["never_monitored"].sum()),
        shares=sme_vcse_share(shown),
        values=values,
        timeline=timeline_rows(shown[list(TIMELINE_COLUMNS)], day),
        picker=Shown(titles(first), len(shown),  # the register table's contracts
                     cut and f"The list offers the register table's {len(first):,} of {len(shown):,} contracts: "
                         "search or filter above to reach the others."),
    )
