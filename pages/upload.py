"""Upload: drop a workbook, see what it holds and every problem, see what will change, confirm, undo."""

import datetime as dt

import streamlit as st

from lib.areas import budget, undo
from lib.demo import demo_files
from lib.errors import Refused
from lib.importer import Options
from lib.ingest import present, templates
from lib.kinds import KINDS
from lib.store import batches
from lib.ui import auth, bootstrap, cache, state, style, upload

bootstrap.entered_through_app("pages/upload.py")
auth.require_page("import", "Upload")

st.title("Upload a spreadsheet")
engine = bootstrap.engine()
session = st.session_state
session.setdefault("upload_round", 0)

if done := session.pop("upload_done", None):
    st.success(done)

left, right = st.columns([2, 1])
kind_choice = left.selectbox(
    "What is it?", ["auto"] + list(KINDS),
    format_func=lambda k: "Recognise it from the headers" if k == "auto" else KINDS[k].title, key="upload_kind")
author = auth.author("upload_who", prefix="app:", container=right,
                     help="Recorded against the import in the history.")
uploaded = st.file_uploader("Drop the workbook (.xlsx, .xlsb, .xls, .ods) or CSV here",
                            key=f"upload_file_{session.upload_round}",
                            help="Read: Excel workbooks (.xlsx, .xlsb, .xls), OpenDocument spreadsheets (.ods) and "
                                 "CSV (UTF-8, UTF-16 or Windows-1252). Not read: workbooks with macros (.xlsm) - save "
                                 "them as .xlsx.")
with st.expander("Options: sheet, reporting date, plan name", expanded=kind_choice == "actions"):
    c1, c2 = st.columns(2)
    sheet_name = c1.text_input("Sheet (blank: find it)", key="upload_sheet")
    plan_name = c1.text_input("Plan name (action plans: keeps several plans side by side)", key="upload_plan")
    set_date = c2.checkbox("Give the reporting date myself (instead of the sheet's title)", key="upload_set_date")
    chosen_date = c2.date_input("Reporting date", value=budget.previous_month_end(dt.date.today()),
                                key="upload_as_at", format="DD/MM/YYYY", disabled=not set_date,
                                min_value=state.EARLIEST_DATE, max_value=state.latest_date())

if uploaded is not None:
    data = uploaded.getvalue()
    kind = kind_choice
    answered = session.get("upload_date_answer", {}).get(uploaded.file_id)
    overrides = upload.column_overrides(uploaded.file_id)
    options = Options(as_at=chosen_date if set_date else answered, sheet=sheet_name.strip() or None,
                      plan_name=plan_name.strip() or None, column_overrides=overrides or None)
    kind, prepared, problems = upload.prepare_upload(uploaded.file_id, uploaded.name, data, kind_choice, options)
    if kind is None:
        st.error(f"**{style.plain(uploaded.name)}** does not look like any kind this dashboard reads: no sheet has the "
                 "columns of a " + ", ".join(k.title.lower() for k in KINDS.values())
                 + ". Choose the kind above to see which columns are missing.")
        st.stop()
    if kind_choice == "auto" and kind in KINDS:
        st.info(f"Recognised as **{KINDS[kind].title}** from its headers.")
    if problems is not None:
        needs_date = any(p.code == "needs_as_at" for p in problems.problems)
        count = len(problems.problems)
        st.error(f"**{style.plain(uploaded.name)} was not imported** - {count} problem{'s' if count != 1 else ''} "
                 "to put right. Nothing in the store was changed.")
        for problem in problems.problems + problems.warnings:
            if problem.row is None:
                st.markdown(f"- {style.plain(present.plain_message(problem))}")
        located = [p for p in problems.problems + problems.warnings if p.row is not None]
        if located:
            style.table(present.problems_table(located), style.PROBLEMS_TABLE)
        if problems.looks_like in KINDS:
            other = KINDS[problems.looks_like]
            st.button(f"Read it as {other.title.lower()} instead", key="upload_switch_kind", type="primary",
                      on_click=lambda name=other.name: session.update(upload_kind=name))
        elif problems.columns and kind in KINDS:
            upload.column_matcher(uploaded.file_id, KINDS[kind], problems.columns, set())
        if needs_date:
            st.warning("The sheet does not say which date it reports on. Which date is it as at?")
            c1, c2 = st.columns([1, 2])
            answer = c1.date_input("Reporting date for this file", key="upload_date_asked", format="DD/MM/YYYY",
                                   value=budget.previous_month_end(dt.date.today()),
                                   min_value=state.EARLIEST_DATE, max_value=state.latest_date())
            if c2.button("Use this date", key="upload_use_date"):
                session.setdefault("upload_date_answer", {})[uploaded.file_id] = answer
                st.rerun()
    elif prepared is not None:
        plan = prepared.plan
        scope = f", as at {prepared.scope_value:%d %B %Y}" if prepared.scope_value else ""
        st.subheader(f"{KINDS[kind].title}: sheet '{style.plain(prepared.sheet)}'{scope}")
        cols = st.columns(4)
        for col, (op, label) in zip(cols, [("add", "Added"), ("change", "Changed"), ("remove", "Removed"),
                                            ("same", "Left alone")]):
            col.metric(label, plan.count(op))
        if prepared.warnings:
            st.warning(f"{len(prepared.warnings)} warning(s); the file can still be imported.")
            style.table(present.problems_table(prepared.warnings), style.PROBLEMS_TABLE)
        tab_changes, tab_rows, tab_columns = st.tabs(["What will change", "Rows read", "Columns read"])
        with tab_changes:
            style.table(present.changes_table(prepared.kind, plan), style.UPLOAD_CHANGES_TABLE)
        records = present.records_table(prepared.kind, prepared.records)
        tab_rows.dataframe(records, hide_index=True, width="stretch", placeholder="–",
                           column_order=style.records_order(prepared.kind, records))
        tab_columns.dataframe(prepared.mapping_table(), hide_index=True, width="stretch", placeholder="–")
        with tab_columns:
            if prepared.unmapped_columns():
                upload.column_matcher(uploaded.file_id, prepared.kind, prepared.unmapped_columns(),
                                  set(prepared.layout.columns))
        nothing = plan.count("add") + plan.count("change") + plan.count("remove") == 0
        if nothing:
            st.info("The store already holds exactly this: nothing to import.")
        elif st.button("Confirm import", type="primary", disabled=author is None, key="upload_confirm"):
            written = upload.commit_upload(prepared, author)  # says what it waits for, if it must
            if written is not None:
                batch_id, done_plan = written
                cache.after_write()
                session.upload_done = (f"Imported as batch {batch_id}: {done_plan.summary()}. "
                                       "Undo it below if it was wrong.")
                session.upload_round += 1
                st.rerun()
        if author is None and not nothing:
            st.caption("Give your name above to confirm.")

st.divider()
st.subheader("Import history")
history = batches.list_batches(engine)
if history.empty:
    st.caption("No imports yet.")
else:
    st.dataframe(undo.history_table(history), hide_index=True, width="stretch", placeholder="–",
                 column_config={"Rows": st.column_config.TextColumn(help="added +, changed ~, removed −")})
    if report := session.pop("undo_report", None):
        st.markdown(f"**What undoing batch {report[0]} restored** (recorded as batch {report[1]})")
        st.dataframe(undo.restored(engine, report[1]), hide_index=True, width="stretch", placeholder="–")
    undoable = history[(history["action"] != "undo") & history["undone_by"].isna()]["id"].tolist()
    chosen = st.selectbox("Batch to undo", undoable, key="undo_batch", index=None, placeholder="Choose a batch",
                          help="See what undoing it would put back, then confirm.")
    preview = cache.read(undo.preview, int(chosen)) if chosen is not None else None
    if preview is not None:
        st.markdown(f"**Batch {chosen}:** {style.plain(preview.description)}")
        if not preview.possible:
            st.warning(preview.refusal())
        else:
            st.markdown(f"**Undoing it will put back what was there before it** ({preview.total} "
                        f"row{'s' if preview.total != 1 else ''}):")
            st.dataframe(preview.table, hide_index=True, width="stretch", placeholder="–")
            if preview.total > len(preview.table):
                st.caption(f"The first {len(preview.table)} of {preview.total} rows.")
            if session.get("undo_asked") != chosen:
                if st.button("Undo this batch", disabled=author is None, key="undo_button"):
                    session.undo_asked = chosen
                    st.rerun()
            else:
                st.warning(f"Undo batch {chosen}? The rows above go back to what they were before it. The undo is "
                           "recorded as a batch of its own.")
                yes, no, _ = st.columns([1, 1, 2])
                if yes.button(f"Yes, undo batch {chosen}", type="primary", disabled=author is None,
                              key="undo_confirm"):
                    session.pop("undo_asked", None)
                    try:
                        undo_id = batches.undo(engine, int(chosen), author)
                    except Refused as refused:
                        st.error(style.plain(refused))
                    else:
                        cache.after_write()
                        session.upload_done = f"Batch {chosen} undone (recorded as batch {undo_id})."
                        session.undo_report = (chosen, undo_id)
                        st.rerun()
                if no.button("No, keep it", key="undo_cancel"):
                    session.pop("undo_asked", None)
                    st.rerun()
        if author is None:
            st.caption("Give your name above to undo a batch.")

st.divider()
st.subheader("Templates")
cols = st.columns(len(KINDS))
for col, kind in zip(cols, KINDS.values()):
    col.download_button(f"{kind.title} template", templates.template_workbook(kind),
                        file_name=f"template_{kind.name}.xlsx", key=f"template_{kind.name}",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
with st.expander("Demo workbooks, to try the upload"):
    st.caption("The files the demo store was loaded from: seed 004's tables and plans as printed, and illustrative "
               "reports, hours and contracts (marked as such inside).")
    for file in demo_files():
        st.download_button(file.name, file.data, file_name=file.name, key=f"demo_{file.name}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
