"""The dashboard's entry point: page setup, navigation (the pages this person's role may use) and the shared sidebar.
No queries here. Everything runs inside faults.shown_safely: nobody sees a traceback.

Meeting mode (?mode=meeting, bookmarkable) shows only the meeting screens, with no sidebar or page navigation."""

import streamlit as st

from lib.ui import auth, faults, meeting, state, style

st.set_page_config(page_title="Adult social care commissioning", page_icon=":material/monitoring:", layout="wide")
pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/budget.py", title="Budget", icon=":material/payments:"),
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
    in_meeting = user is not None and meeting.is_on()
    if in_meeting:
        navigation = st.navigation([st.Page("pages/meeting.py", title="Meeting", icon=":material/co_present:",
                                            default=True)], position="hidden")
    else:
        navigation = st.navigation(shown := auth.pages_for(user, pages))
    st.session_state["_app_ran"] = True
    if goto := st.session_state.pop("_goto", None):
        target = "pages/meeting.py" if in_meeting else auth.page_for(goto, shown)
        if target:
            st.switch_page(target)
    style.projector_style()

    if not in_meeting:
        with st.sidebar:
            if user is not None:
                st.date_input("Looking as at", value=state.as_at(), key="as_at", format="DD/MM/YYYY",
                              min_value=state.EARLIEST_DATE, max_value=state.latest_date(),
                              help="The date the dashboard looks from: the latest report on or before it is shown.")
                state.keep_as_at()
                if st.toggle("Meeting mode", key="meeting_mode",
                             help="For the projector: large type, one headline and one chart or table a screen, the "
                                  "Left and Right keys to move on. Bookmark it as ?mode=meeting."):
                    meeting.enter()
                    st.rerun()
            auth.account(user)

    navigation.run()
