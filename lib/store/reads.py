"""Reads named for what they return, so that areas ask for rows and get a DataFrame without writing the conversion
each time."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select


def frame(engine: Engine, query: Select) -> pd.DataFrame:
    """The rows of a query as a DataFrame with the query's column names (empty, with those columns, for no rows)."""
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def rows(engine: Engine, table: Table, *where, order_by=()) -> pd.DataFrame:
    """Every column of the rows of `table` that meet `where`, in `order_by` order."""
    return frame(engine, select(table).where(*where).order_by(*order_by))


def distinct(engine: Engine, column, *where) -> list:
    """The distinct values of a column, in order."""
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(column).distinct().where(*where).order_by(column))]


def as_objects(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None rather than NaN or NaT, for row-by-row logic over dates and text."""
    return df.astype(object).where(df.notna(), None) if not df.empty else df
