"""Action plans: progress by objective, overdue and due soon, by lead, due dates, an action's detail and history,
and updates by officers in a table editor (kept as undoable batches)."""

import streamlit as st

from lib import charts
from lib.areas import actions
from lib.errors import Refused
from lib.store import batches
from lib.ui import auth, bootstrap, cache, state, style
from lib.vocab import ACTION_RAGS, RAG_ORDER, STATUSES

bootstrap.entered_through_app("pages/actions.py")

st.title("Action plans")
day = state.as_at()
plan_names = cache.read(actions.plans)
if not plan_names:
    st.info("No action plans in the store yet. Upload one on the **Upload** page (with the plan's name).")
    st.stop()

c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
plan = c1.selectbox("Plan", ["All plans", *plan_names], key="actions_plan")
df = cache.read(actions.seen, None if plan == "All plans" else plan, day)
text = c2.text_input("Search", key="actions_text")
leads = c3.multiselect("Lead", actions.lead_options(df), key="actions_leads")
rags = c4.multiselect("RAG", list(ACTION_RAGS), key="actions_rags")
shown = actions.filter_items(df, text, leads, rags)

head = actions.headline(shown)
cols = st.columns(5)
cols[0].metric("Actions", head["actions"], help=f"{head['findings_without_action']} findings have no action yet")
cols[1].metric("Complete", head["complete"])
cols[2].metric("Overdue (Red)", head["overdue"])
cols[3].metric("Due in 30 days", head["due_soon"])
cols[4].metric("Amber", head["rag"]["Amber"])
st.html(style.rag_summary({k: head["rag"][k] for k in RAG_ORDER},
                       extra=f"as at {day:%d %B %Y} · {head['rag']['Complete']} complete · "
                             f"{head['rag']['Cancelled']} cancelled"))
if head["rag_differs"]:
    st.caption(f"⚠ On {head['rag_differs']} open action(s) the plan's own RAG differs from the one worked out "
               "here (see the 'RAG (plan)' column).")
with st.expander("How the RAG is worked out"):
    st.markdown(actions.RAG_RULE)

tabs = st.tabs(["Progress", "Overdue and due soon", "By lead", "Due dates", "Update", "Action detail"])
with tabs[0]:
    counts = actions.by_objective(shown)
    if counts["plan"].nunique() > actions.CHARTED_PLANS:
        by_plan = actions.by_plan(shown)
        first = by_plan["plan"].drop_duplicates().head(actions.EDITOR_ROWS // 10)
        st.caption(f"{counts['plan'].nunique():,} plans: one bar per plan"
                   + (f" (the first {len(first)} by name)" if len(first) < by_plan["plan"].nunique() else "")
                   + "; choose a plan above to see its objectives.")
        st.altair_chart(charts.progress_by_objective(by_plan[by_plan["plan"].isin(first)]), width="stretch")
    else:
        for plan_name, part in counts.groupby("plan", sort=False):
            if counts["plan"].nunique() > 1:
                st.markdown(f"**{style.plain(plan_name)}**")
            st.altair_chart(charts.progress_by_objective(part), width="stretch")
    with st.expander("Counts by objective"):
        table = actions.progress_table(counts)
        if len(table) > actions.EDITOR_ROWS:
            st.caption(f"The first {actions.EDITOR_ROWS} of {len(table):,} objectives; choose a plan for the rest.")
        style.table(table.head(actions.EDITOR_ROWS), style.PROGRESS_TABLE)
with tabs[1]:
    for title, part in (("Overdue", shown[shown["overdue"]]), ("Due in the next 30 days", shown[shown["due_soon"]]),
                        ("Recently completed", actions.recently_completed(shown, day))):
        st.markdown(f"**{title}** ({len(part)})")
        part, note = actions.bounded(part)
        if note:
            st.caption(note)
        style.table(actions.list_table(part), style.ACTION_TABLE)
    st.caption("Progress notes and the due date as the plan words it are in each action's detail (the last tab).")
with tabs[2]:
    style.table(actions.by_lead(shown), style.LEAD_TABLE)
with tabs[3]:
    dated = int((shown["due_date"].notna() & shown["is_action"]).sum())
    if dated > actions.CHARTED_POINTS:
        st.caption(f"{dated:,} dated actions, counted by the month they are due; choose a plan or filter to see "
                   "each one.")
        st.altair_chart(charts.due_by_month(actions.due_by_month(shown), day), width="stretch")
    else:
        st.altair_chart(charts.due_dates(shown, day), width="stretch")
with tabs[4]:
    st.caption("Change the status, progress note or due date, then save: the change is kept with your name and can "
               "be undone on the Upload page like an import.")
    in_editor, note = actions.bounded(shown)
    if note:
        st.caption(note)
    before = actions.editor_frame(in_editor)
    edited = style.table(before, style.ACTION_EDITOR, editor_key="actions_editor",
                         disabled=True if not auth.can("edit") else
                         ["id", "Plan", "Ref", "Action", "Lead", "RAG", "RAG (plan)", "Due as written"],
                         extra_config={"Status": st.column_config.SelectboxColumn(
                             width=style.ACTION_EDITOR["Status"].width, options=list(STATUSES))})
    author = auth.author("actions_who", prefix="app:")
    if not auth.can("edit"):
        st.caption("Viewers see the plans; editors update them.")
    elif st.button("Save changes", type="primary", key="actions_save", disabled=author is None):
        try:
            batch, count = actions.apply_edits(bootstrap.engine(), before, edited, author)
        except Refused as refused:
            st.error(f"Not saved: {style.plain(refused)}. Nothing was changed.")
        else:
            cache.after_write()
            st.session_state["actions_saved"] = (f"Saved {count} change(s) as batch {batch}." if batch
                                                 else "Nothing had changed.")
            st.rerun()
    if saved := st.session_state.pop("actions_saved", None):
        st.success(saved)
with tabs[5]:
    picked, note = actions.bounded(shown)
    if note:
        st.caption(note)
    names = actions.labels(picked)
    choice = st.selectbox("Action", list(names), key="actions_detail", format_func=names.get)
    if choice is not None:
        info = actions.detail(shown, int(choice))
        st.html(style.detail_html(actions.detail_table(info["row"])))
        if not info["linked"].empty:
            st.markdown("**Cross-references**")
            style.table(actions.list_table(info["linked"]), style.ACTION_TABLE)
        st.markdown("**History**")
        style.table(cache.read(batches.row_history, "action_item", int(choice)), style.HISTORY_TABLE)
