"""What the pages share: the date the dashboard looks from and the range date pickers allow."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..store import settings
from .cache import read

EARLIEST_DATE = dt.date(2000, 1, 1)  # date pickers reach back to the papers the team still holds


def latest_date() -> dt.date:
    return dt.date(dt.date.today().year + 5, 12, 31)


def meeting_date() -> dt.date:
    return read(settings.meeting_date)


KEPT_AS_AT = "_as_at_kept"  # the sidebar's date, kept while meeting mode hides the sidebar (and so its widget)


def as_at() -> dt.date:
    """The date the dashboard looks from, chosen in the sidebar (the demo opens at its meeting)."""
    return st.session_state.get("as_at") or st.session_state.get(KEPT_AS_AT) or meeting_date()


def keep_as_at() -> None:
    if st.session_state.get("as_at"):
        st.session_state[KEPT_AS_AT] = st.session_state["as_at"]
