"""The dashboard's entry point: page setup, navigation and the shared sidebar. No queries here."""

import streamlit as st

from lib import ui

st.set_page_config(page_title="Adult social care commissioning", page_icon=":material/monitoring:", layout="wide")
ui.projector_style()

pages = [
    st.Page("pages/budget.py", title="Budget", icon=":material/payments:", default=True),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
]
navigation = st.navigation(pages)

with st.sidebar:
    st.date_input("Looking as at", value=ui.meeting_date(), key="as_at", format="DD/MM/YYYY",
                  min_value=ui.EARLIEST_DATE, max_value=ui.latest_date(),
                  help="The date the dashboard looks from: the latest report on or before it is shown.")

navigation.run()
