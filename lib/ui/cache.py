"""Reads of the store, cached: `read(fn, *args)` calls `fn(engine, *args)` once for each store version. The version is
the store's newest batch and its settings (every write to the data is a batch), so a page never shows a store older
than the last write, whoever made it (the command line, another server on the same store), and two stores (tests, a
second team) never share an entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ..store.batches import store_version
from ..store.engine import database_url
from .bootstrap import engine_for

T = TypeVar("T")
_READERS: dict[str, Callable] = {}


def read(fn: Callable[..., T], *args) -> T:
    """`fn(engine, *args)`, cached by the store's URL and version, the function and its arguments."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _READERS[name] = fn
    url = database_url()
    return _cached(url, store_version(engine_for(url)), name, args)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _cached(url: str, version: tuple, name: str, args: tuple):
    return _READERS[name](engine_for(url), *args)


def after_write() -> None:
    """Forget every cached read (the version would tell anyway; this frees the memory at once)."""
    st.cache_data.clear()
