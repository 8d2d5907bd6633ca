"""Reads of the store, cached: `read(fn, *args)` calls `fn(engine, *args)` once for each store version. The version is
the store's newest batch and its settings (every write to the data is a batch), so a page never shows a store older
than the last write, whoever made it (the command line, another server on the same store), and two stores (tests, a
second team) never share an entry.

Tables worked out from a read, cached the same way: `derived(fn, of(g, *args), ...)` calls `fn(g's cached read,
...)` once for each store version and argument, so that a page can keep a large table (the register as seen on a
date) in the cache and take from it, on each rerun, only the little it shows.

Charts, cached: `chart(draw, *args)` shows `draw(*args)` (an Altair chart from lib/charts.py) as `st.altair_chart`
would, but makes its Vega-Lite spec once for each distinct input. Building and validating an Altair chart costs a
tenth of a second or more however little it draws, on every rerun; a page of five charts spent most of its time so."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from ..store.batches import store_version
from ..store.engine import database_url
from .bootstrap import engine_for

T = TypeVar("T")
_READERS: dict[str, Callable] = {}


@dataclass(frozen=True)
class Of:
    """A cached read named, not made: as an argument of `derived` it stands for `read(fn, *args)`."""

    name: str
    args: tuple


def _name(fn: Callable) -> str:
    name = f"{fn.__module__}.{fn.__qualname__}"
    _READERS[name] = fn
    return name


def read(fn: Callable[..., T], *args) -> T:
    """`fn(engine, *args)`, cached by the store's URL and version, the function and its arguments."""
    url = database_url()
    return _cached(url, store_version(engine_for(url)), _name(fn), args, True)


def of(fn: Callable, *args) -> Of:
    """`read(fn, *args)`, to be handed to `derived` (which reads it only when its own result is not cached)."""
    return Of(_name(fn), args)


def derived(fn: Callable[..., T], *args) -> T:
    """`fn(*args)`, each `of(...)` among the arguments replaced by that cached read; cached like a read."""
    url = database_url()
    return _cached(url, store_version(engine_for(url)), _name(fn), args, False)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _cached(url: str, version: tuple, name: str, args: tuple, with_engine: bool):
    args = tuple(_cached(url, version, a.name, a.args, True) if isinstance(a, Of) else a for a in args)
    return _READERS[name](engine_for(url), *args) if with_engine else _READERS[name](*args)


def after_write() -> None:
    """Forget every cached read (the version would tell anyway; this frees the memory at once)."""
    st.cache_data.clear()


_DRAWERS: dict[str, Callable] = {}


def chart(draw: Callable, *args, width: str | int = "stretch") -> None:
    """Show `draw(*args)`, an Altair chart, exactly as `st.altair_chart(draw(*args), width=width)` shows it (the same
    Vega-Lite spec, data and theme), its spec made once for each input: keyed by the function and a digest of the
    whole of each argument (every row of a DataFrame), so a chart can never show data other than what it is given."""
    name = f"{draw.__module__}.{draw.__qualname__}"
    _DRAWERS[name] = draw
    st.vega_lite_chart(_spec(name, digest(args), args), width=width)


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def _spec(name: str, key: str, _args: tuple) -> dict:
    # Streamlit's own conversion, the one st.altair_chart makes: theme "none" (Streamlit's theme is applied in the
    # browser), the data as named Arrow datasets. Returned as a copy on every hit (st.cache_data pickles), which
    # matters: st.vega_lite_chart moves the datasets out of the spec it is given.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _convert_altair_to_vega_lite_spec(_DRAWERS[name](*_args))


def digest(values) -> str:
    """A digest of a chart's arguments: every cell, the column names and types and the index of a DataFrame; the
    repr of anything else (dates, numbers, text, a policy)."""
    found = hashlib.blake2b(digest_size=20)
    for value in values:
        if isinstance(value, pd.DataFrame):
            found.update(repr((list(value.columns), [str(t) for t in value.dtypes], len(value))).encode())
            found.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        elif isinstance(value, pd.Series):
            found.update(repr((value.name, str(value.dtype), len(value))).encode())
            found.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        else:
            found.update(repr((type(value).__qualname__, value)).encode())
        found.update(b"\x00")
    return found.hexdigest()
