"""Budget status: the RAG policy and the revenue and capital pictures for a reporting date.

Pure reads and calculations over DataFrames; no streamlit here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, replace

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from . import settings
from .models import CapitalScheme, ImportBatch, RevenueLine

REVENUE = RevenueLine.__table__
CAPITAL = CapitalScheme.__table__
RAG_ORDER = ["Red", "Amber", "Green"]
RAG_SYMBOL = {"Red": "▲ Red", "Amber": "◆ Amber", "Green": "● Green"}


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
            return "Red"
        if self._passes(variance, base, self.amber_over_pct, self.amber_over_pounds):
            return "Amber"
        return "Green"

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


def load_policy(engine: Engine) -> RagPolicy:
    """The stored policy; else the RAG_POLICY environment variable (a preset name or JSON); else the default."""
    stored = settings.get(engine, "rag_policy")
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
    settings.put(engine, "rag_policy", asdict(policy), who, was=asdict(load_policy(engine)))


def reporting_dates(engine: Engine, kind: str = "revenue") -> list[dt.date]:
    table = CAPITAL if kind == "capital" else REVENUE
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(table.c.as_at).distinct().order_by(table.c.as_at))]


def _frame(engine: Engine, query, table) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in table.columns])


def report_sources(engine: Engine, kind: str = "revenue") -> dict[str, dict]:
    """For each reporting date, the import that put it in the store: file, title rows, who and when, and
    whether its title marks it as illustrative (demo data)."""
    batch = ImportBatch.__table__
    query = (select(batch.c.id, batch.c.scope, batch.c.file_name, batch.c.title, batch.c.created_by,
                    batch.c.created_at)
             .where(batch.c.kind == kind, batch.c.undone_by.is_(None), batch.c.action.in_(("import", "demo")),
                    batch.c.title.is_not(None))  # file imports only: not edits, undos or comparator rows
             .order_by(batch.c.id))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    sources = {}
    for row in rows:  # kinds without a reporting date (contracts) are keyed by batch number
        sources[row["scope"] or f"batch {row['id']}"] = {
            **row, "illustrative": "illustrative" in (row["title"] or "").lower()}
    return sources


def revenue_report(engine: Engine, as_at: dt.date, policy: RagPolicy) -> pd.DataFrame:
    """The lines of one report with the report's RAG, the policy's RAG and the movement since the last report.

    Movement is this variance minus the previous one: the report's own "last variance" column where it
    gives one, else the same line in the previous stored report."""
    df = _frame(engine, select(REVENUE).where(REVENUE.c.as_at == as_at).order_by(REVENUE.c.line_no), REVENUE)
    if df.empty:
        return df.assign(rag=[], rag_policy=[], rag_differs=[], previous_variance=[], movement=[])
    dates = [d for d in reporting_dates(engine) if d < as_at]
    previous = None
    if dates:
        prev = _frame(engine, select(REVENUE).where(REVENUE.c.as_at == dates[-1]), REVENUE)
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


def variance_trend(engine: Engine, up_to: dt.date | None = None) -> pd.DataFrame:
    """Projected variance by reporting date: one row per date and service area, plus the total."""
    query = select(REVENUE.c.as_at, REVENUE.c.service_area, REVENUE.c.variance, REVENUE.c.annual_budget)
    if up_to:
        query = query.where(REVENUE.c.as_at <= up_to)
    with engine.connect() as conn:
        df = pd.DataFrame(conn.execute(query).all(), columns=["as_at", "service_area", "variance", "annual_budget"])
    return df.sort_values(["as_at", "service_area"]).reset_index(drop=True)


def total_variance_trend(trend: pd.DataFrame) -> pd.DataFrame:
    if trend.empty:
        return pd.DataFrame(columns=["as_at", "variance", "annual_budget"])
    return trend.groupby("as_at", as_index=False)[["variance", "annual_budget"]].sum()


def capital_report(engine: Engine, as_at: dt.date) -> pd.DataFrame:
    df = _frame(engine, select(CAPITAL).where(CAPITAL.c.as_at == as_at).order_by(CAPITAL.c.line_no), CAPITAL)
    approved = df["approved_budget"].astype(float)
    df["pct_spent"] = (df["actual_to_date"] / approved.where(approved != 0)).astype(float)
    df["slippage"] = df["approved_budget"] - df["projected_outturn"]
    return df


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


def _rag_text(value) -> str:
    return RAG_SYMBOL.get(value, "not stated") if isinstance(value, str) else "not stated"


def revenue_table(df: pd.DataFrame) -> pd.DataFrame:
    """The service-area table as shown: £000, RAG as shape + word, the policy's RAG beside the report's."""
    k = 1000
    table = pd.DataFrame({
        "Service area": df["service_area"],
        "Budget £000": df["annual_budget"] / k,
        "Outturn £000": df["projected_outturn"] / k,
        "Variance £000": df["variance"] / k,
        "Movement £000": df["movement"] / k,
        "RAG (report)": [_rag_text(v) for v in df["rag"]],
        "RAG (policy)": [_rag_text(v) for v in df["rag_policy"]],
        "Differs": ["⚠ differs" if d else "" for d in df["rag_differs"]],
    })
    return table if df["rag_differs"].any() else table.drop(columns="Differs")


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
    return pd.DataFrame({
        "Client group": df["client_group"].fillna(""),
        "Code": df["scheme_code"].fillna(""),
        "Scheme": df["scheme"],
        "Approved £": df["approved_budget"],
        "Actual £": df["actual_to_date"],
        "Projected £": df["projected_outturn"],
        "% spent": df["pct_spent"] * 100,
        "Slippage £": df["slippage"],
        "RAG": [_rag_text(v) for v in df["rag"]],
        "Comment": df["comment"].fillna(""),
    })


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def latest_on_or_before(dates: list[dt.date], day: dt.date) -> dt.date | None:
    eligible = [d for d in dates if d <= day]
    return eligible[-1] if eligible else (dates[-1] if dates else None)


def custom_policy(basis: str, red_pct, red_pounds, amber_pct, amber_pounds, combine: str) -> RagPolicy:
    policy = RagPolicy(name="Team thresholds", basis=basis, red_over_pct=red_pct, red_over_pounds=red_pounds,
                       amber_over_pct=amber_pct, amber_over_pounds=amber_pounds, combine=combine,
                       source="Set by the team on the Budget page")
    return replace(policy, name=f"Team thresholds: {policy.describe()}")
