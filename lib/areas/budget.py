"""Budget status: the revenue and capital pictures for a reporting date as the pages show them (headline figures,
tables in £000 with RAG as shape and word, reasons, the trend). The reports themselves, the RAG policy and the
exports are the kinds' (lib/kinds/revenue.py, capital.py). Pure reads and calculations; no streamlit here.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..ingest import review
from ..kinds import capital, revenue
from ..kinds.revenue import RagPolicy
from ..store import reads
from ..vocab import RAG_ORDER, rag_text

LINE = revenue.LINE


def reporting_dates(engine: Engine, kind: str = "revenue") -> list[dt.date]:
    return capital.reporting_dates(engine) if kind == "capital" else revenue.reporting_dates(engine)


def revenue_report(engine: Engine, as_at: dt.date, policy: RagPolicy) -> pd.DataFrame:
    return revenue.report(engine, as_at, policy)


def capital_report(engine: Engine, as_at: dt.date) -> pd.DataFrame:
    return capital.report(engine, as_at)


def revenue_headline(df: pd.DataFrame) -> dict:
    rag_column = "rag" if "rag" in df else "rag_policy"
    counts = df[rag_column].fillna("Not stated").value_counts().to_dict() if not df.empty else {}
    return {
        "annual_budget": float(df["annual_budget"].sum()) if not df.empty else 0.0,
        "projected_outturn": float(df["projected_outturn"].sum()) if not df.empty else 0.0,
        "variance": float(df["variance"].sum()) if not df.empty else 0.0,
        "movement": float(df["movement"].sum()) if not df.empty and df["movement"].notna().any() else None,
        "lines": len(df),
        "rag_counts": {k: int(counts.get(k, 0)) for k in RAG_ORDER},
        "policy_rag_counts": {k: int((df["rag_policy"] == k).sum()) if not df.empty else 0 for k in RAG_ORDER},
        "disagreements": int(df["rag_differs"].sum()) if not df.empty else 0,
    }


def partial_report(engine: Engine, as_at: dt.date, kind: str = "revenue") -> str | None:
    """'Partial: 3 of the 10 lines of the previous report (as at 29 February 2008) ...' when the report as at `as_at`
    lacks lines the report before it had, for showing beside its totals; None for a whole report."""
    described = capital.CAPITAL if kind == "capital" else revenue.REVENUE
    table = described.table_obj
    lines = reads.as_objects(reads.rows(engine, table, table.c.as_at == as_at)).to_dict("records")
    found = review.compared_with_previous(engine, described, lines, as_at)
    if found is None:
        return None
    return (f"Partial: {found.kept} of the {found.previous_lines} lines of the previous report (as at "
            f"{found.previous_date:%d %B %Y}); not in this one: {found.names_text()}. Its totals are for those "
            "lines only.")


TREND_AREAS = 20  # more service areas than this: the rest are one line "Other N service areas (together)"


def variance_trend(engine: Engine, up_to: dt.date | None = None) -> pd.DataFrame:
    """Projected variance by reporting date: one row per date and service area, plus the total. With more than
    TREND_AREAS service areas (hundreds of small charts nobody can read), the TREND_AREAS - 1 furthest over budget
    at the latest report are kept and the others summed into one, so that totals are unchanged."""
    query = select(LINE.c.as_at, LINE.c.service_area, LINE.c.variance, LINE.c.annual_budget)
    if up_to:
        query = query.where(LINE.c.as_at <= up_to)
    df = reads.frame(engine, query)
    areas = df["service_area"].nunique()
    if areas > TREND_AREAS:
        latest = df[df["as_at"] == df["as_at"].max()].groupby("service_area")["variance"].sum()
        keep = set(latest.sort_values(ascending=False, kind="stable").index[: TREND_AREAS - 1])
        rest = df[~df["service_area"].isin(keep)]
        other = rest.groupby("as_at", as_index=False)[["variance", "annual_budget"]].sum()
        other["service_area"] = f"Other {areas - len(keep)} service areas (together)"
        df = pd.concat([df[df["service_area"].isin(keep)], other[df.columns]], ignore_index=True)
    return df.sort_values(["as_at", "service_area"]).reset_index(drop=True)


def total_variance_trend(trend: pd.DataFrame) -> pd.DataFrame:
    if trend.empty:
        return pd.DataFrame(columns=["as_at", "variance", "annual_budget"])
    return trend.groupby("as_at", as_index=False)[["variance", "annual_budget"]].sum()


def capital_headline(df: pd.DataFrame) -> dict:
    return {
        "schemes": len(df),
        "client_groups": int(df["client_group"].nunique()) if not df.empty else 0,
        "approved_budget": float(df["approved_budget"].sum()) if not df.empty else 0.0,
        "actual_to_date": float(df["actual_to_date"].sum()) if not df.empty else 0.0,
        "projected_outturn": float(df["projected_outturn"].sum()) if not df.empty else 0.0,
        "slippage": float(df["slippage"].sum()) if not df.empty else 0.0,
        "rag_counts": {k: int((df["rag"] == k).sum()) if not df.empty else 0 for k in RAG_ORDER},
    }


def revenue_table(df: pd.DataFrame) -> pd.DataFrame:
    """The service-area table as shown: each line's RAG (the report's, then the policy's, "⚠" where they differ)
    beside its name, then the variance and movement, then budget and outturn, in £000. Narrow enough to stay on a
    projector's screen beside the sidebar."""
    k = 1000
    return pd.DataFrame({
        "Service area": df["service_area"],
        "RAG (report)": [rag_text(v) for v in df["rag"]],
        "RAG (policy)": [("⚠ " if d else "") + rag_text(v) for v, d in zip(df["rag_policy"], df["rag_differs"])],
        "Variance £000": df["variance"] / k,
        "Movement £000": df["movement"] / k,
        "Budget £000": df["annual_budget"] / k,
        "Outturn £000": df["projected_outturn"] / k,
    })


def reasons(df: pd.DataFrame) -> list[dict]:
    """Lines with a reason or management action, worst variance first."""
    out = []
    for row in df.sort_values("variance", ascending=False).itertuples():
        if isinstance(row.reason, str) or isinstance(row.management_action, str):
            out.append({"service_area": row.service_area, "rag": row.rag, "variance": row.variance,
                        "reason": row.reason if isinstance(row.reason, str) else None,
                        "action": row.management_action if isinstance(row.management_action, str) else None})
    return out


def capital_table(df: pd.DataFrame) -> pd.DataFrame:
    """The scheme table as shown: code, scheme, RAG and % spent first, then approved, actual and projected £. The
    client group, slippage and comment of each scheme are in capital_notes, shown under the table."""
    return pd.DataFrame({
        "Code": df["scheme_code"],
        "Scheme": df["scheme"],
        "RAG": [rag_text(v) for v in df["rag"]],
        "% spent": df["pct_spent"] * 100,
        "Approved £": df["approved_budget"],
        "Actual £": df["actual_to_date"],
        "Projected £": df["projected_outturn"],
    })


def capital_notes(df: pd.DataFrame) -> list[dict]:
    """Each scheme's client group, slippage and comment, in the report's order: the detail behind the table."""
    out = []
    for row in df.itertuples():
        code = row.scheme_code if isinstance(row.scheme_code, str) and row.scheme_code.strip() else None
        out.append({"scheme": f"{code} {row.scheme}" if code else str(row.scheme),
                    "client_group": row.client_group if isinstance(row.client_group, str) else None,
                    "slippage": None if pd.isna(row.slippage) else float(row.slippage),
                    "comment": row.comment if isinstance(row.comment, str) and row.comment.strip() else None})
    return out


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def latest_on_or_before(dates: list[dt.date], day: dt.date) -> dt.date | None:
    eligible = [d for d in dates if d <= day]
    return eligible[-1] if eligible else (dates[-1] if dates else None)
