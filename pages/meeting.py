"""Meeting mode: the picture on a projector, one headline and one chart or table a screen, the areas in a fixed
order, next and previous by button or the Left and Right keys (opened with ?mode=meeting)."""

import streamlit as st

from lib import pack
from lib.areas import summary
from lib.ui import bootstrap, cache, meeting

bootstrap.entered_through_app("pages/meeting.py")
meeting.meeting_style()
as_at = meeting.as_at()
since = meeting.since(as_at)
heads = cache.read(summary.headlines, as_at)
contents = cache.read(summary.pack_contents, as_at)
changes = cache.read(summary.changes, since, as_at) if since else []
screens = meeting.screens(heads, contents, changes)
index = meeting.current_screen(len(screens))
screen = screens[index]

st.html(meeting.top_line(as_at, since))
note = ""
if screen.kind == "overview":
    st.html('<div class="m-headline">The picture at a glance</div>')
    meeting.tiles(heads, cache.read(summary.movements, since, as_at) if since else {}, as_at, link=False)
elif screen.kind == "changes":
    st.html(meeting.changes_screen(changes, screen.part, since))
else:
    head = next(h for h in heads if h.area == screen.area)
    content = contents.get(screen.area)
    st.html(meeting.area_header(head))
    if content is not None and screen.kind == "chart":
        with st.container(key="meeting_chart"):
            st.image(cache.read(pack.screen_chart, as_at, screen.area), alt=content.chart_description,
                     width="stretch")
    elif content is not None:
        st.html(meeting.table_html(content))
    note = meeting.source_line(head)
meeting.navigation(index, len(screens), note)
