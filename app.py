"""The dashboard's entry point: page setup, navigation (the pages this person's role may use) and the shared sidebar.
No queries here. Everything runs inside faults.shown_safely: nobody sees a traceback."""

import streamlit as st

from lib.ui import auth, faults, state, style

st.set_page_config(page_title="Adult social care commissioning", page_icon=":material/monitoring:", layout="wide")
pages = [
    st.Page("pages/budget.py", title="Budget", icon=":material/payments:", default=True),
    st.Page("pages/homecare.py", title="Home care", icon=":material/home_health:"),
    st.Page("pages/weekly_check.py", title="Weekly check", icon=":material/fact_check:"),
    st.Page("pages/actions.py", title="Action plans", icon=":material/checklist:"),
    st.Page("pages/contracts.py", title="Contracts", icon=":material/contract:"),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
    st.Page("pages/roles.py", title="Roles", icon=":material/manage_accounts:"),
    st.Page("pages/audit.py", title="Audit log", icon=":material/policy:"),
]
with faults.shown_safely():
    user = auth.user()
    navigation = st.navigation(shown := auth.pages_for(user, pages))
    st.session_state["_app_ran"] = True
    if (goto := st.session_state.pop("_goto", None)) and auth.page_for(goto, shown):
        st.switch_page(auth.page_for(goto, shown))
    style.projector_style()

    with st.sidebar:
        if user is not None:
            st.date_input("Looking as at", value=state.meeting_date(), key="as_at", format="DD/MM/YYYY",
                          min_value=state.EARLIEST_DATE, max_value=state.latest_date(),
                          help="The date the dashboard looks from: the latest report on or before it is shown.")
        auth.account(user)

    navigation.run()
