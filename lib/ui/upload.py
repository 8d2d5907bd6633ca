"""The upload flow's Streamlit parts: reading a dropped file (recognising its kind when asked) with a progress bar,
kept in the session while nothing changes, matching unrecognised columns to fields by hand, and writing a confirmed
import while saying what it waits for when another change to the store is running."""

from __future__ import annotations

import streamlit as st

from ..errors import Refused
from ..importer import ImportRefused, Plan, Prepared, commit, prepare, recognise
from ..ingest.problems import column_letter
from ..store.batches import latest_batch_id
from ..store.engine import waits_reported_to
from .bootstrap import engine
from .style import plain


def prepare_upload(file_id: str, name: str, data: bytes, kind_choice: str, options):
    """Recognise (when asked) and read an uploaded file, with a progress bar; returns (kind, prepared, refused),
    kind None when nothing was recognised. Kept in the session while the file, the choices and the store are
    unchanged, so that typing a name does not read a large workbook again."""
    key = (file_id, kind_choice, str(options), latest_batch_id(engine()))
    cached = st.session_state.get("_upload_prepared")
    if cached and cached[0] == key:
        return cached[1]
    kind, prepared, refused = kind_choice, None, None
    try:
        if kind_choice == "auto":
            found = recognise(name, data)
            kind = found[0][0] if found else None
        if kind is not None:
            bar = st.progress(0.0, "Reading the file")
            try:
                prepared = prepare(engine(), kind, name, data, options,
                                            progress=lambda fraction, stage: bar.progress(fraction, stage))
            finally:
                bar.empty()
    except ImportRefused as exc:
        refused = exc
    st.session_state["_upload_prepared"] = (key, (kind, prepared, refused))
    return kind, prepared, refused


def column_overrides(file_id: str) -> dict[str, int]:
    """Fields a person matched to columns by hand for this file: {field: column index}."""
    return dict(st.session_state.get("_column_overrides", {}).get(file_id, {}))


def column_matcher(file_id: str, kind, columns: list, mapped: set[str]) -> None:
    """Let a person say which field an unrecognised column holds; the file is then read again with it."""
    current = column_overrides(file_id)
    free = [f for f in kind.fields if f.name not in mapped or f.name in current]
    labels = {f.name: f.label for f in free}
    with st.form(f"match_{file_id}"):
        st.markdown("**Columns not recognised: say what they hold**")
        chosen = {}
        for col in columns:
            options = ["", *labels]
            preset = next((n for n, i in current.items() if i == col.index), "")
            chosen[col.index] = st.selectbox(
                plain(f"{col.full} ({column_letter(col.index)})"), options, index=options.index(preset),
                format_func=lambda n: labels.get(n, "(not used)"), key=f"match_{file_id}_{col.index}")
        if st.form_submit_button("Read the file again with these columns"):
            picked = {field: index for index, field in chosen.items() if field}
            st.session_state.setdefault("_column_overrides", {})[file_id] = picked
            st.rerun()


def commit_upload(prepared: Prepared, who: str) -> tuple[int, Plan] | None:
    """Write a confirmed import with a progress bar (the rows it writes). While another change to the store is running,
    the status says what it waits for; a refusal (the wait ran out) is shown, and None returned: nothing was changed."""
    rows = sum(c.op != "same" for c in prepared.plan.changes)
    status = st.status(f"Writing {rows:,} changed rows to the store", expanded=False)
    bar = st.progress(0.9, f"Writing {rows:,} changed rows to the store")
    try:
        with waits_reported_to(lambda message: status.update(label=plain(message), state="running")):
            written = commit(engine(), prepared, who)
    except Refused as refused:
        status.update(state="error")
        message = str(refused)
        st.error(plain(f"{message[:1].upper()}{message[1:]}. Nothing was changed."))
        return None
    finally:
        bar.empty()
    status.update(label="Written to the store", state="complete")
    return written
