"""The dashboard's entry point: page setup, navigation and the shared sidebar. No queries here."""

import streamlit as st

from lib.ui import state, style

st.set_page_config(page_title="Adult social care commissioning", page_icon=":material/monitoring:", layout="wide")
pages = [
    st.Page("pages/budget.py", title="Budget", icon=":material/payments:", default=True),
    st.Page("pages/homecare.py", title="Home care", icon=":material/home_health:"),
    st.Page("pages/weekly_check.py", title="Weekly check", icon=":material/fact_check:"),
    st.Page("pages/actions.py", title="Action plans", icon=":material/checklist:"),
    st.Page("pages/contracts.py", title="Contracts", icon=":material/contract:"),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
]
navigation = st.navigation(pages)
st.session_state["_app_ran"] = True
if goto := st.session_state.pop("_goto", None):
    st.switch_page(goto)
style.projector_style()

with st.sidebar:
    st.date_input("Looking as at", value=state.meeting_date(), key="as_at", format="DD/MM/YYYY",
                  min_value=state.EARLIEST_DATE, max_value=state.latest_date(),
                  help="The date the dashboard looks from: the latest report on or before it is shown.")

navigation.run()
