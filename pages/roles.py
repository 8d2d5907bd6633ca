"""Roles: who may do what. Admins give an e-mail the viewer, editor or admin role; each change goes in the audit log."""

import streamlit as st

from lib.errors import DashboardError
from lib.store import access
from lib.ui import auth, bootstrap, style
from lib.vocab import ROLE_CAN, ROLES

bootstrap.entered_through_app("pages/roles.py")
auth.require_page("role", "Roles")

st.title("Roles")
engine = bootstrap.engine()
st.markdown("  \n".join(f"**{role.capitalize()}s** {ROLE_CAN[role]}." for role in ROLES))
if not auth.configured():
    st.info("Sign-in is not set up, so these roles take effect only once it is (see the README). Until then the "
            "dashboard has one local user, who may do everything.")
st.caption("Someone signed in with no role given here has the highest role the sign-in provider names for them, "
           "or else is a viewer.")
if saved := st.session_state.pop("role_saved", None):
    st.success(saved)

roles = access.list_roles(engine)
if roles.empty:
    st.caption("No roles given yet.")
else:
    roles["updated_at"] = [f"{t:%d %b %Y %H:%M}" for t in roles["updated_at"]]
    st.dataframe(roles.rename(columns={"email": "E-mail", "role": "Role", "updated_at": "Given (UTC)",
                                       "updated_by": "By"}), hide_index=True, width="stretch")

with st.form("role_form"):
    st.markdown("**Give someone a role**")
    c1, c2 = st.columns([3, 1])
    email = c1.text_input("E-mail address (as they sign in)", key="role_email")
    role = c2.selectbox("Role", ROLES, format_func=str.capitalize, key="role_role")
    author = auth.author("role_who")
    if st.form_submit_button("Save the role", type="primary"):
        if not email.strip() or author is None:
            st.error("Give the e-mail address" + (" and your name." if author is None else "."))
        else:
            try:
                before = access.set_role(engine, email, role, author)
            except DashboardError as refused:
                st.error(f"Not saved: {style.plain(refused)}.")
            else:
                st.session_state["role_saved"] = (
                    f"{access.normal_email(email)} is {role}" + (f" (was {before})." if before else "."))
                st.rerun()
