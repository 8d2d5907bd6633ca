"""Small DataFrame helpers the areas share."""

from __future__ import annotations

import pandas as pd


def matching(df: pd.DataFrame, text: str, columns: list[str]) -> pd.DataFrame:
    """The rows where any of `columns` contains `text`, case aside (all rows when `text` is blank)."""
    needle = text.strip().lower()
    if not needle:
        return df
    hay = df[columns[0]].fillna("").astype(str)
    for column in columns[1:]:
        hay = hay + " " + df[column].fillna("").astype(str)
    return df[hay.str.lower().str.contains(needle, regex=False)]
