"""What the pages share: the cached engine and reads, formatting, the RAG badge, projector styling.

The only module besides pages/ and app.py that imports streamlit. Reads are cached, keyed by the store's version
(its newest batch and its settings), so a page never shows a store older than the last write, whoever made it.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re

import pandas as pd
import streamlit as st

from . import actions, budget, contracts, db, history, homecare, settings
from .ingest import pipeline
from .ingest.problems import ImportRefused

EARLIEST_DATE = dt.date(2000, 1, 1)  # date pickers reach back to the papers the team still holds


def latest_date() -> dt.date:
    return dt.date(dt.date.today().year + 5, 12, 31)


CONTRACT_COLUMNS = {
    "Annual £": st.column_config.NumberColumn(format="£%,.0f"),
    "Start": st.column_config.DateColumn(format="DD/MM/YYYY"),
    "End": st.column_config.DateColumn(format="DD/MM/YYYY"),
    "Last monitored": st.column_config.DateColumn(format="DD/MM/YYYY"),
}

ACTION_COLUMNS = {
    "Due": st.column_config.DateColumn(format="DD/MM/YYYY"),
    "Progress": st.column_config.TextColumn(width="medium"),
    "Action": st.column_config.TextColumn(width="medium"),
}

RAG_CSS = {"Red": ("#c0392b", "▲"), "Amber": ("#b9770e", "◆"), "Green": ("#1e8449", "●")}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|$~])")  # enough to stop links, images, LaTeX and emphasis


def plain(text: object) -> str:
    """Text from a file or a person (a reason, a file or sheet name, a plan's name), escaped for st.markdown and
    friends, so that it shows as written: no links, images, LaTeX ($) or formatting made from it (raw HTML is
    never rendered: unsafe_allow_html is not used with such text)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def entered_through_app(page_path: str) -> None:
    """Send a page opened before app.py ever ran (a bookmarked link right after the server starts, when
    Streamlit still runs pages/ files on their own) through app.py, so that navigation, styling and the
    shared sidebar are there; app.py then comes back to this page."""
    if not st.session_state.get("_app_ran"):
        st.session_state["_goto"] = page_path
        st.switch_page("app.py")


def engine():
    return _engine(db.database_url())


@st.cache_resource(show_spinner="Opening the store")
def _engine(url: str):
    """One engine per store; an empty store gets the demo data on first run (unless DASHBOARD_NO_DEMO=1)."""
    from . import demo

    eng = db.get_engine(url)
    if os.environ.get("DASHBOARD_NO_DEMO") != "1" and demo.store_is_empty(eng):
        demo.load_demo(eng, who="demo (first run)")
    return eng


def after_write() -> None:
    st.cache_data.clear()


def policy() -> budget.RagPolicy:
    return _policy(*_store())


def revenue_dates() -> list[dt.date]:
    return _dates(*_store(), "revenue")


def capital_dates() -> list[dt.date]:
    return _dates(*_store(), "capital")


def revenue_report(as_at: dt.date, rag_policy: budget.RagPolicy) -> pd.DataFrame:
    return _revenue_report(*_store(), as_at, rag_policy)


def capital_report(as_at: dt.date) -> pd.DataFrame:
    return _capital_report(*_store(), as_at)


def variance_trend(up_to: dt.date | None) -> pd.DataFrame:
    return _variance_trend(*_store(), up_to)


def meeting_date() -> dt.date:
    return _meeting_date(*_store())


def report_sources(kind: str) -> dict[str, dict]:
    return _report_sources(*_store(), kind)


def latest_source(kind: str) -> dict | None:
    sources = report_sources(kind)
    return max(sources.values(), key=lambda s: s["id"]) if sources else None


def points_delta(change: float | None, suffix: str) -> str | None:
    """A change in share as percentage points, ASCII-signed so that st.metric colours it the right way."""
    if change is None or pd.isna(change):
        return None
    return f"{change * 100:+.1f} points {suffix}"


def points_delta_args(change: float | None, suffix: str) -> dict:
    """st.metric's delta arguments for a change in the in-house share (down is good): a change that rounds to
    0.0 points says "no change" in grey with no arrow, rather than a red up arrow beside "+0.0"."""
    if change is not None and not pd.isna(change) and round(change * 100, 1) == 0:
        return {"delta": f"no change {suffix}", "delta_color": "off", "delta_arrow": "off"}
    return {"delta": points_delta(change, suffix), "delta_color": "inverse"}


def forecast_banner(forecast, target) -> str:
    """The forecast in one sentence, with a shape and word beside the colour."""
    good = forecast.status in ("on course", "target met")
    colour, mark = ("#1e8449", "● On course") if good else ("#c0392b", "▲ Not on course")
    if forecast.status == "too little data":
        colour, mark = "#7f8c8d", "◆ No forecast yet"
    return (f'<div style="border-left:8px solid {colour};background:#f6f8fa;padding:0.6rem 0.9rem;'
            f'font-size:1.1rem"><b style="color:{colour}">{mark}</b> &nbsp; {html.escape(forecast.sentence(target))}'
            "</div>")


def source_caption(source: dict | None) -> None:
    """Where the figures on screen came from; illustrative demo reports say so plainly."""
    if not source:
        return
    when = source["created_at"]
    st.caption(f"From {plain(source['file_name'])} (batch {source['id']}), imported by {plain(source['created_by'])} "
               f"on {when:%d %b %Y %H:%M}.")
    if source["illustrative"]:
        st.html('<div class="illustrative"><b>Illustrative figures</b> for demonstration - not from the '
                "council's reports.</div>")


def homecare_weeks(up_to: dt.date | None) -> pd.DataFrame:
    return _homecare_weeks(*_store(), up_to)


def homecare_by_area(up_to: dt.date | None) -> pd.DataFrame:
    return _homecare_by_area(*_store(), up_to)


def homecare_target() -> homecare.Target:
    return _homecare_target(*_store())


def homecare_comparators() -> pd.DataFrame:
    return _homecare_comparators(*_store())


def contract_register() -> pd.DataFrame:
    return _contract_register(*_store())


def setting_changes(key: str) -> pd.DataFrame:
    return _setting_changes(*_store(), key)


def action_items() -> pd.DataFrame:
    return _action_items(*_store())


def _store() -> tuple[str, tuple]:
    """The store's URL and its version: cached reads are keyed by both, so two stores (tests, a second team) never
    share an entry, and a write by anyone (the command line, another server on the same store) is seen at once."""
    url = db.database_url()
    return url, history.store_version(_engine(url))


# Cached reads: keyed by _store() (see there); `version` is not used inside, only as part of the key.
@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _policy(url: str, version: tuple) -> budget.RagPolicy:
    return budget.load_policy(_engine(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _dates(url: str, version: tuple, kind: str) -> list[dt.date]:
    return budget.reporting_dates(_engine(url), kind)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _revenue_report(url: str, version: tuple, as_at: dt.date, rag_policy: budget.RagPolicy) -> pd.DataFrame:
    return budget.revenue_report(_engine(url), as_at, rag_policy)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _capital_report(url: str, version: tuple, as_at: dt.date) -> pd.DataFrame:
    return budget.capital_report(_engine(url), as_at)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _variance_trend(url: str, version: tuple, up_to: dt.date | None) -> pd.DataFrame:
    return budget.variance_trend(_engine(url), up_to)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _report_sources(url: str, version: tuple, kind: str) -> dict[str, dict]:
    return budget.report_sources(_engine(url), kind)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _homecare_weeks(url: str, version: tuple, up_to: dt.date | None) -> pd.DataFrame:
    return homecare.weekly(_engine(url), up_to)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _homecare_by_area(url: str, version: tuple, up_to: dt.date | None) -> pd.DataFrame:
    return homecare.weekly_by_area(_engine(url), up_to)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _homecare_target(url: str, version: tuple) -> homecare.Target:
    return homecare.load_target(_engine(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _homecare_comparators(url: str, version: tuple) -> pd.DataFrame:
    return homecare.comparators(_engine(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _contract_register(url: str, version: tuple) -> pd.DataFrame:
    return contracts.register(_engine(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _action_items(url: str, version: tuple) -> pd.DataFrame:
    return actions.items(_engine(url))


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _setting_changes(url: str, version: tuple, key: str) -> pd.DataFrame:
    return settings.changes(_engine(url), key)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _meeting_date(url: str, version: tuple) -> dt.date:
    return settings.meeting_date(_engine(url))


def as_at() -> dt.date:
    """The date the dashboard looks from, chosen in the sidebar (the demo opens at its meeting)."""
    return st.session_state.get("as_at") or meeting_date()


def prepare_upload(file_id: str, name: str, data: bytes, kind_choice: str, options):
    """Recognise (when asked) and read an uploaded file, with a progress bar; returns (kind, prepared, refused),
    kind None when nothing was recognised. Kept in the session while the file, the choices and the store are
    unchanged, so that typing a name does not read a large workbook again."""
    key = (file_id, kind_choice, str(options), history.latest_batch_id(engine()))
    cached = st.session_state.get("_upload_prepared")
    if cached and cached[0] == key:
        return cached[1]
    kind, prepared, refused = kind_choice, None, None
    try:
        if kind_choice == "auto":
            found = pipeline.recognise(name, data)
            kind = found[0][0] if found else None
        if kind is not None:
            bar = st.progress(0.0, "Reading the file")
            try:
                prepared = pipeline.prepare(engine(), kind, name, data, options,
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
    from .ingest.problems import column_letter

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
                f"{col.full} ({column_letter(col.index)})", options, index=options.index(preset),
                format_func=lambda n: labels.get(n, "(not used)"), key=f"match_{file_id}_{col.index}")
        if st.form_submit_button("Read the file again with these columns"):
            picked = {field: index for index, field in chosen.items() if field}
            st.session_state.setdefault("_column_overrides", {})[file_id] = picked
            st.rerun()


def money(value: float | None, unit: str = "£000") -> str:
    if value is None or pd.isna(value):
        return "–"
    if unit == "£000":
        text = f"£{abs(value) / 1000:,.0f}k"
    elif unit == "£m":
        text = f"£{abs(value) / 1e6:,.3f}m"
    elif unit == "short":  # a headline that must fit its box: £950k, £19.7m, £197m, £1.97bn
        size = abs(value)  # the unit is chosen after rounding: 999,999 is £1.0m, not £1,000k
        text = (f"£{size / 1e3:,.0f}k" if round(size / 1e3) < 1000 else f"£{size / 1e6:.1f}m"
                if round(size / 1e6, 1) < 100 else f"£{size / 1e6:,.0f}m" if round(size / 1e6) < 1000
                else f"£{size / 1e9:.2f}bn")
    else:
        text = f"£{abs(value):,.0f}"
    return f"−{text}" if value < -0.005 else text


def signed_money(value: float | None, unit: str = "£000") -> str:
    """+£338k / -£107k (an ASCII minus, so that st.metric reads the delta's direction)."""
    if value is None or pd.isna(value):
        return "–"
    return ("+" if value > 0.005 else "") + money(value, unit).replace("−", "-")


def variance_word(variance: float) -> str:
    return "overspend" if variance > 0.5 else "underspend" if variance < -0.5 else "on budget"


def movement_delta(movement: float | None) -> str | None:
    return None if movement is None else f"{signed_money(movement)} since last report"


def rag_summary(counts: dict, policy_counts: dict | None = None, disagreements: int = 0, policy_name: str = "",
                extra: str = "") -> str:
    """One line of RAG counts, each a coloured badge with its shape and word, and how the policy compares."""
    parts = [f"{rag_badge(rag)} <b>{n}</b>" for rag, n in counts.items()]
    line = '<div class="rag-row">' + " &nbsp; ".join(parts)
    if policy_counts is not None:
        if disagreements:
            line += (f'<span class="policy-note">⚠ The policy ({html.escape(policy_name)}) gives a different RAG '
                     f'on {disagreements} line{"s" if disagreements != 1 else ""}</span>')
        else:
            line += f'<span class="policy-note">✓ The policy ({html.escape(policy_name)}) agrees on every line</span>'
    if extra:
        line += f'<span class="policy-note">{html.escape(extra)}</span>'
    return line + "</div>"


def rag_badge(rag: str | None, size: str = "1.1rem") -> str:
    if not rag or rag not in RAG_CSS:
        return '<span class="rag rag-none">not stated</span>'
    colour, shape = RAG_CSS[rag]
    return (f'<span class="rag" style="background:{colour};font-size:{size}">'
            f'{shape} {html.escape(rag)}</span>')


def rag_label(rag: str | None) -> str:
    return budget.RAG_SYMBOL.get(rag, "–") if isinstance(rag, str) else "–"


def style_rag_columns(df: pd.DataFrame, columns: list[str]):
    """A Styler colouring RAG cells; the cell text keeps the word and a shape, so colour is never alone."""
    def colour(value):
        for rag, (hex_colour, _shape) in RAG_CSS.items():
            if isinstance(value, str) and value.endswith(rag):
                return f"background-color: {hex_colour}; color: white; font-weight: 600"
        return ""
    return df.style.map(colour, subset=[c for c in columns if c in df.columns])


def detail_html(fields: pd.DataFrame) -> str:
    """A Field/Value table (an action's or a contract's detail) as label and full text, wrapping, with the line
    breaks of bulleted text kept; empty fields are left out. Text is escaped: it comes from uploaded files."""
    rows = "".join(f'<dt>{html.escape(str(f))}</dt><dd>{html.escape(str(v))}</dd>'
                   for f, v in zip(fields["Field"], fields["Value"]) if str(v).strip())
    return f'<dl class="detail">{rows}</dl>'


PROJECTOR_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 2rem; }
h1 { font-size: 2.2rem !important; font-weight: 700 !important; padding-top: 0 !important; }
.policy-note { margin-left: 1.2rem; font-size: 1rem; color: #333; }
[data-testid="stMetricValue"] { font-size: 2.3rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.rag { color: white; padding: 0.15rem 0.6rem; border-radius: 0.4rem; font-weight: 700; white-space: nowrap; }
.rag-none { background: #7f8c8d; }
.rag-row { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; font-size: 1.15rem; }
.detail { display: grid; grid-template-columns: 14rem 1fr; gap: 0.35rem 1rem; font-size: 1.05rem; margin: 0; }
.detail dt { font-weight: 600; color: #333; }
.detail dd { margin: 0; white-space: pre-wrap; }
.illustrative { background: #fff4d6; border-left: 6px solid #b9770e; padding: 0.4rem 0.8rem; }
</style>
"""


def projector_style() -> None:
    st.html(PROJECTOR_CSS)
