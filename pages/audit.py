"""The audit log: everything done or tried, by whom and when, filtered and exported. Only ever added to."""

from functools import partial

import streamlit as st

from lib import xlsx
from lib.store import audit
from lib.ui import auth, bootstrap, state

bootstrap.entered_through_app("pages/audit.py")
auth.require_page("audit", "Audit log")

st.title("Audit log")
engine = bootstrap.engine()
st.caption("Imports, edits, undos, setting and role changes, sign-ins, pack downloads and refused attempts. Nothing "
           "in it is ever changed or removed. Times are UTC.")
people, actions = audit.people_and_actions(engine)
c1, c2, c3, c4, c5 = st.columns([1, 1, 2, 2, 2])
since = c1.date_input("From", value=None, key="audit_since", format="DD/MM/YYYY", min_value=state.EARLIEST_DATE,
                      max_value=state.latest_date())
until = c2.date_input("To", value=None, key="audit_until", format="DD/MM/YYYY", min_value=state.EARLIEST_DATE,
                      max_value=state.latest_date())
who = c3.selectbox("Who", people, index=None, placeholder="Everyone", key="audit_who")
chosen = c4.multiselect("What", actions, placeholder="Everything", key="audit_actions")
text = c5.text_input("Containing", key="audit_text")

table = audit.table(audit.events(engine, since, until, who, chosen, text))
st.caption(f"{len(table)} event{'s' if len(table) != 1 else ''}.")
st.dataframe(table, hide_index=True, width="stretch", placeholder="–")
d1, d2, _ = st.columns([1, 1, 3])
# made when clicked, not on every rerun of the page
d1.download_button("Download CSV", partial(xlsx.csv_bytes, table), file_name="audit_log.csv", mime="text/csv",
                   key="audit_csv")
d2.download_button("Download Excel", partial(xlsx.xlsx_bytes, table, "Audit log"), file_name="audit_log.xlsx",
                   key="audit_xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
