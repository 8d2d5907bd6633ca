"""The upload flow's Streamlit parts: reading a dropped file (recognising its kind when asked) with a progress bar,
kept in the session while nothing changes, and matching unrecognised columns to fields by hand."""

from __future__ import annotations

import streamlit as st

from ..importer import ImportRefused, prepare, recognise
from ..ingest.problems import column_letter
from ..store.batches import latest_batch_id
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


def commit_upload(prepared, who: str) -> tuple[int, object]:
    """Write a prepared upload as one batch with a progress bar (the rows it writes, then done), rather than a spinner
    alone: the last stage of a large upload's reading, checking and writing."""
    from ..importer import commit

    rows = sum(c.op != "same" for c in prepared.plan.changes)
    bar = st.progress(0.9, f"Writing {rows:,} changed rows to the store")
    try:
        return commit(engine(), prepared, who)
    finally:
        bar.empty()
