"""Overview: one tile per area with its movement since the last meeting, then what changed in plain words; the date
compared with and the meeting pack (one click) in the sidebar."""

import streamlit as st

from lib import fmt
from lib.areas import summary
from lib.ui import bootstrap, cache, meeting

bootstrap.entered_through_app("pages/overview.py")
meeting.overview_style()

as_at = meeting.as_at()
with st.sidebar:
    since = meeting.since_picker(as_at)
    meeting.pack_download(as_at, since)

st.title(meeting.title(as_at))
st.html(meeting.compared_line(since))
heads = cache.read(summary.headlines, as_at)
moves = cache.read(summary.movements, since, as_at) if since else {}
changes = cache.read(summary.changes, since, as_at) if since else []
meeting.tiles(heads, moves, as_at)

shown = meeting.fitting(changes)
heading_column, more_column = st.columns([4, 1], vertical_alignment="center")
heading_column.subheader(f"Since {fmt.day(since)}" if since else "Since the last meeting")
if len(changes) > len(shown):
    with more_column.popover(f"All {len(changes)}", icon=":material/list:"):
        st.html(meeting.sentences_html(changes, ""))
st.html(meeting.sentences_html(shown, meeting.nothing_changed(since)))
