"""The app's store: one engine per store (an empty store gets the demo on first run), and the guard that sends a page
opened before app.py ran through app.py."""

from __future__ import annotations

import os

import streamlit as st
from sqlalchemy.engine import Engine

from ..store.engine import database_url, get_engine


def engine() -> Engine:
    return engine_for(database_url())


@st.cache_resource(show_spinner="Opening the store")
def engine_for(url: str) -> Engine:
    """One engine per store; an empty store gets the demo data on first run (unless DASHBOARD_NO_DEMO=1)."""
    eng = get_engine(url)
    if os.environ.get("DASHBOARD_NO_DEMO") != "1":
        from ..demo import load_demo, store_is_empty  # the demo's workbooks are made only for an empty store

        if store_is_empty(eng):
            load_demo(eng, who="demo (first run)")
    return eng


def entered_through_app(page_path: str) -> None:
    """Send a page opened before app.py ever ran (a bookmarked link right after the server starts, when
    Streamlit still runs pages/ files on their own) through app.py, so that navigation, styling and the
    shared sidebar are there; app.py then comes back to this page."""
    if not st.session_state.get("_app_ran"):
        st.session_state["_goto"] = page_path
        st.switch_page("app.py")
