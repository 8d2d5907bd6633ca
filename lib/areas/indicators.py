"""Performance indicators as the Budget page shows them: the indicators of a reporting date with their RAG and its
basis, counts by RAG, and each indicator's trend across reports. The rows and the RAG rule are the kind's
(lib/kinds/indicators.py). Pure reads and calculations; no streamlit here."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from ..kinds.indicators import IndicatorPolicy, history, load_policy, report, reporting_dates
from ..vocab import HIGHER, RAG_ORDER, rag_text

__all__ = ["history", "load_policy", "report", "reporting_dates"]  # the kind's, for the page


def latest_on_or_before(engine: Engine, day: dt.date) -> dt.date | None:
    earlier = [d for d in reporting_dates(engine) if d <= day]
    return earlier[-1] if earlier else None


def headline(df: pd.DataFrame) -> dict:
    return {"indicators": len(df), "rag_counts": {k: int((df["rag"] == k).sum()) if not df.empty else 0
                                                  for k in RAG_ORDER}}


def _figure(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def table(df: pd.DataFrame, policy: IndicatorPolicy) -> pd.DataFrame:
    """The indicators as shown: code, name, RAG as shape and word, actual, target, which way is better. Comments
    are listed under the table (comments)."""
    return pd.DataFrame({
        "Code": df["code"],
        "Indicator": df["indicator"],
        "RAG": [rag_text(r) for r in df["rag"]],
        "Actual": [_figure(a) for a in df["actual"]],
        "Target": [_figure(t) for t in df["target"]],
        "Better": ["higher ▲" if p == HIGHER else "lower ▼" for p in df["polarity"]],
    })


def comments(df: pd.DataFrame) -> list[tuple[str, str]]:
    """(code or indicator, comment) for the indicators that carry a comment."""
    return [(c if isinstance(c, str) and c.strip() else i, m) for c, i, m in zip(df["code"], df["indicator"],
                                                                                df["comment"])
            if isinstance(m, str) and m.strip()]


def trend(history_df: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's actual against its target at each reporting date, for the chart."""
    if history_df.empty:
        return pd.DataFrame(columns=["as_at", "label", "actual", "target", "rag"])
    label = [f"{c} {i}" if isinstance(c, str) and c else i for c, i in zip(history_df["code"], history_df["indicator"])]
    return pd.DataFrame({"as_at": history_df["as_at"], "label": label, "actual": history_df["actual"],
                         "target": history_df["target"], "rag": history_df["rag"]})
