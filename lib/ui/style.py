"""How the pages look: projector styling, RAG badges and tables that read without colour (a shape and a word beside
every colour, dark text on a pale tint), column formats, where the figures came from, and text from files escaped so
that it shows as written."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ..fmt import DASH
from ..vocab import CONTRACT_STATUS_SWATCH, RAG_SWATCH, rag_text

# --- Tables that fit ----------------------------------------------------------------------------------------------
# At 1280x720 the sidebar takes a quarter of the screen and the main column is 891 pixels wide (855 inside an
# expander); a table wider than that scrolls sideways and its last columns (often the RAG) are never seen on a
# projector. So every table on the ordinary pages is laid out here: the columns it shows, each with a width in pixels,
# RAG and key figures on the left, summing to no more than TABLE_WIDTH (room left for a vertical scroll bar). On a
# wider screen the spare width is shared out between the columns. Long text (comments, descriptions, progress notes)
# goes under the table or into a detail view rather than into a column.

TABLE_WIDTH = 830
STYLED_CELLS = 20_000  # above this a table is shown without tints: styling every cell of a long table is slow
WHOLE_ROWS = 25  # a table of up to this many rows is shown whole, with no scroll bar of its own (and prints whole)


@dataclass(frozen=True)
class Col:
    """How one column of a table is shown: its width in pixels, its heading on screen where that differs from the
    column's name, and what it holds: text, amount (whole pounds or £000), pct (a figure already in per cent),
    date, rag (a RAG word with its shape, tinted) or status (a contract's status with its shape, tinted)."""

    width: int
    label: str | None = None
    kind: str = "text"


_NUMBER_FORMATS = {"amount": ("%,.0f", "{:,.0f}"), "pct": ("%.0f%%", "{:.0f}%")}


def _status_words() -> dict:
    return {f"{swatch.shape} {word}": swatch for word, swatch in CONTRACT_STATUS_SWATCH.items()}


_TINTS = {"rag": RAG_SWATCH, "status": _status_words()}


def table_width(spec: dict[str, Col], columns) -> int:
    """The width of a table showing `columns` laid out by `spec`; a column the spec does not know counts as a whole
    table's width, so that a test catches it."""
    return sum(spec[c].width if c in spec else TABLE_WIDTH for c in columns)


def column_config(spec: dict[str, Col], columns) -> dict:
    config = {}
    for name in columns:
        col = spec[name]
        label = col.label or name
        if col.kind in _NUMBER_FORMATS:
            config[name] = st.column_config.NumberColumn(label, width=col.width, format=_NUMBER_FORMATS[col.kind][0])
        elif col.kind == "date":
            config[name] = st.column_config.DateColumn(label, width=col.width, format="DD/MM/YYYY")
        else:
            config[name] = st.column_config.TextColumn(label, width=col.width)
    return config


def _tint(swatches: dict):
    def colour(value):
        if isinstance(value, str):
            for word, swatch in swatches.items():
                if value.endswith(word):
                    return f"background-color: {swatch.tint}; color: {swatch.ink}; font-weight: 700"
        return ""
    return colour


def _day(value) -> str:
    return f"{value:%d/%m/%Y}"


def blank_as_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells holding nothing but spaces as missing values, so that the table shows "–" in them as in any other
    empty cell."""
    out = df.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            blank = column.map(lambda v: isinstance(v, str) and not v.strip())
            if blank.any():
                out[name] = column.astype(object).where(~blank, None)
    return out


def styled(df: pd.DataFrame, spec: dict[str, Col]):
    """The table as shown: the spec's columns in its order, RAG and status cells tinted (their text keeps the word
    and a shape, so colour is never alone), figures formatted. A long table is left plain (see STYLED_CELLS)."""
    shown = blank_as_missing(df[[c for c in spec if c in df.columns]])
    tinted = {c: spec[c].kind for c in shown.columns if spec[c].kind in _TINTS}
    if not tinted or shown.size > STYLED_CELLS:
        return shown
    styler = shown.style
    for name, kind in tinted.items():
        styler = styler.map(_tint(_TINTS[kind]), subset=[name])
    formats = {c: _NUMBER_FORMATS[spec[c].kind][1] for c in shown.columns if spec[c].kind in _NUMBER_FORMATS}
    formats.update({c: _day for c in shown.columns if spec[c].kind == "date"})
    return styler.format(formats, na_rep=DASH) if formats else styler


def table(df: pd.DataFrame, spec: dict[str, Col], *, editor_key: str | None = None, extra_config: dict | None = None,
          **options):
    """Show a table laid out by `spec`, so that it fits the main column at 1280x720, with "–" in empty cells. With
    `editor_key`, an editable table (st.data_editor): columns the spec leaves out stay in the data, not on screen."""
    columns = [c for c in spec if c in df.columns]
    config = {**column_config(spec, columns), **(extra_config or {})}
    if editor_key:
        return st.data_editor(df, key=editor_key, hide_index=True, width="stretch", placeholder=DASH,
                              column_order=columns, column_config=config, **options)
    options.setdefault("height", "content" if len(df) <= WHOLE_ROWS else "auto")
    return st.dataframe(styled(df, spec), hide_index=True, width="stretch", placeholder=DASH, column_config=config,
                        **options)


def records_order(kind, records: pd.DataFrame) -> list[str]:
    """The columns of an upload's "Rows read" table with what identifies a row and its RAG or status first, so that
    they are on screen even when the sheet has more columns than fit."""
    labels = {f.name: f.label for f in kind.fields}
    first = ["Row", *(labels[k] for k in kind.key if k in labels)]
    flagged = [f.label for f in kind.fields if "rag" in f.name or f.name in ("status", "polarity")]
    ordered = [c for c in first + flagged if c in records.columns]
    return list(dict.fromkeys(ordered + list(records.columns)))


REVENUE_TABLE = {
    "Service area": Col(265),
    "RAG (report)": Col(100, kind="rag"),
    "RAG (policy)": Col(110, kind="rag"),
    "Variance £000": Col(90, "Variance", "amount"),
    "Movement £000": Col(95, "Movement", "amount"),
    "Budget £000": Col(85, "Budget", "amount"),
    "Outturn £000": Col(85, "Outturn", "amount"),
}
CAPITAL_TABLE = {
    "Code": Col(80),
    "Scheme": Col(245),
    "RAG": Col(100, kind="rag"),
    "% spent": Col(80, kind="pct"),
    "Approved £": Col(110, kind="amount"),
    "Actual £": Col(105, kind="amount"),
    "Projected £": Col(110, kind="amount"),
}
INDICATOR_TABLE = {"Code": Col(70), "Indicator": Col(380), "RAG": Col(100, kind="rag"), "Actual": Col(80),
                   "Target": Col(80), "Better": Col(95)}
WEEK_TABLE = {"": Col(200), "This week": Col(120), "Last week": Col(120), "Change": Col(130)}
HOT_SPOT_TABLE = {"Area": Col(200), "Hot spot": Col(120), "In-house": Col(95), "Change": Col(95),
                  "New independent hours": Col(170), "New in-house hours": Col(150)}
COMPARATOR_TABLE = {"Comparator": Col(220), "As at": Col(130), "% in-house": Col(110), "Source": Col(370)}
ACTION_TABLE = {"RAG": Col(110, kind="rag"), "Ref": Col(55), "Action": Col(230), "Due": Col(100, kind="date"),
                "Status": Col(100), "Lead": Col(125), "Plan": Col(110)}
ACTION_EDITOR = {"RAG": Col(110), "Ref": Col(55), "Action": Col(220), "Status": Col(120), "Due": Col(115, kind="date"),
                 "Progress": Col(210)}
LEAD_TABLE = {"Lead": Col(280), **{word: Col(85) for word in ("Red", "Amber", "Green", "Complete", "Cancelled")},
              "Total": Col(70)}
PROGRESS_TABLE = {"Objective": Col(220), "Plan": Col(110), "Not started": Col(75), "In progress": Col(75),
                  "Delayed": Col(70), "Complete": Col(75), "Cancelled": Col(75), "Total": Col(55),
                  "% complete": Col(75, kind="pct")}
CONTRACT_TABLE = {"Status": Col(115, kind="status"), "Reference": Col(85), "Title": Col(185), "Supplier": Col(145),
                  "End": Col(100, kind="date"), "Annual £": Col(100, kind="amount"), "Type": Col(70),
                  "Standing": Col(100)}
REVIEW_TABLE = {"Review": Col(110), "Reference": Col(85), "Title": Col(215), "Supplier": Col(170),
                "Review date": Col(110, kind="date"), "Contact": Col(140)}
MONITORING_TABLE = {"Monitoring": Col(150), "Reference": Col(85), "Title": Col(200), "Supplier": Col(165),
                    "Last visit": Col(100, kind="date"), "Contact": Col(130)}
TRANSPARENCY_TABLE = {"Reference number": Col(100, "Reference"), "Title of agreement": Col(230, "Title"),
                      "Supplier name": Col(180, "Supplier"),
                      "Value of the agreement (£)": Col(120, "Value £", "amount"),
                      "Start date": Col(100, "Start", "date"), "End date": Col(100, "End", "date")}
HISTORY_TABLE = {"Batch": Col(60), "When": Col(135), "Who": Col(140), "What": Col(170), "Changes": Col(235),
                 "Undone": Col(90)}
SETTING_CHANGES_TABLE = {"When": Col(170), "Who": Col(170), "What changed": Col(490)}
PROBLEMS_TABLE = {"Sheet": Col(85), "Row": Col(45), "Line": Col(250), "Column": Col(175), "Found": Col(80),
                  "Problem": Col(195)}
UPLOAD_CHANGES_TABLE = {"What": Col(95), "Line": Col(250), "Changes": Col(485)}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|$~<])")  # links, images, autolinks, LaTeX and emphasis
_LINE_MARK = re.compile(r"^([ \t]*)([-+=>])", re.MULTILINE)  # a list, quote or underlined heading
_LINE_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)  # "2008. ..." would start a numbered list
_BARE_LINK = re.compile(r"(?i)(:)(?=//)|(?<![\w.])(www)(?=\.)|(@)")  # what Markdown turns into a link unasked
JOINER = "\u200d"  # a zero-width joiner: invisible, and it breaks "https://", "www." and "name@host" apart


def plain(text: object) -> str:
    """Text from a file or a person (a reason, a file or sheet name, a plan's name, a name or e-mail), escaped for
    st.markdown and friends (captions, errors, labels), so that it shows as written: no links (bare URLs and e-mail
    addresses included), images, LaTeX ($), headings, lists or emphasis made from it (raw HTML is never rendered:
    unsafe_allow_html is not used with such text)."""
    out = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    out = _LINE_NUMBER.sub(r"\1\\\2", _LINE_MARK.sub(r"\1\\\2", out))
    return _BARE_LINK.sub(lambda m: m.group(0) + JOINER, out)


def forecast_banner(forecast, target) -> str:
    """The forecast in one sentence, with a shape and word beside the colour."""
    good = forecast.status in ("on course", "target met")
    swatch, mark = (RAG_SWATCH["Green"], "● On course") if good else (RAG_SWATCH["Red"], "▲ Not on course")
    if forecast.status == "too little data":
        swatch, mark = RAG_SWATCH["Not stated"], "○ No forecast yet"
    return (f'<div style="border-left:8px solid {swatch.fill};background:{swatch.tint};padding:0.6rem 0.9rem;'
            f'font-size:1.1rem;color:{swatch.ink}"><b>{mark}</b> &nbsp; {html.escape(forecast.sentence(target))}'
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
    """A tag: the shape and the word in dark text on a pale tint, edged in the RAG's colour."""
    if not rag or rag not in RAG_SWATCH:
        rag = "Not stated"
    swatch = RAG_SWATCH[rag]
    return (f'<span class="rag" style="background:{swatch.tint};color:{swatch.ink};border-left:6px solid '
            f'{swatch.fill};font-size:{size}">{html.escape(rag_text(rag, "○ not stated"))}</span>')


def rag_label(rag: str | None) -> str:
    return rag_text(rag, "–")


def style_rag_columns(df: pd.DataFrame, columns: list[str]):
    """A Styler tinting RAG cells; the cell text keeps the word and a shape, so colour is never alone."""
    return df.style.map(_tint(RAG_SWATCH), subset=[c for c in columns if c in df.columns])


def detail_html(fields: pd.DataFrame) -> str:
    """A Field/Value table (an action's or a contract's detail) as label and full text, wrapping, with the line
    breaks of bulleted text kept; empty fields are left out. Text is escaped: it comes from uploaded files."""
    rows = "".join(f'<dt>{html.escape(str(f))}</dt><dd>{html.escape(str(v))}</dd>'
                   for f, v in zip(fields["Field"], fields["Value"]) if str(v).strip())
    return f'<dl class="detail">{rows}</dl>'


def notes_html(items: list[tuple[str, str]]) -> str:
    """Notes under a table, one a line: a name in bold and its text in full, wrapping (comments and the like, which
    would not fit in a column). Text is escaped: it comes from uploaded files."""
    lines = "".join(f"<li><b>{html.escape(str(name))}</b> {html.escape(str(text))}</li>" for name, text in items)
    return f'<ul class="notes">{lines}</ul>'


PROJECTOR_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 3.6rem 2rem 2rem 2rem; }
h1 { font-size: 2.2rem !important; font-weight: 700 !important; padding-top: 0 !important; }
.policy-note { margin-left: 1.2rem; font-size: 1rem; color: #333; }
[data-testid="stMetricValue"] { font-size: 2.3rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.rag { padding: 0.15rem 0.6rem; border-radius: 0.4rem; font-weight: 700; white-space: nowrap; }
.rag-row { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; font-size: 1.15rem; }
.detail { display: grid; grid-template-columns: 14rem 1fr; gap: 0.35rem 1rem; font-size: 1.05rem; margin: 0; }
.detail dt { font-weight: 600; color: #333; }
.detail dd { margin: 0; white-space: pre-wrap; }
.illustrative { background: #fde7c2; color: #3d2100; border-left: 6px solid #e69f00; padding: 0.4rem 0.8rem; }
.notes { font-size: 1.05rem; margin: 0.2rem 0 0.6rem 0; padding-left: 1.2rem; }
.notes li { margin-bottom: 0.3rem; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"],
  [data-testid="stStatusWidget"] { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; width: 100% !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stDataFrame"], [data-testid="stDataFrameResizable"] { max-width: 100% !important; }
  [data-testid="stDataFrame"] canvas, [data-testid="stVegaLiteChart"] canvas,
  [data-testid="stVegaLiteChart"] svg { max-width: 100% !important; height: auto !important; }
  [data-testid="stDataFrame"], [data-testid="stVegaLiteChart"], [data-testid="stMetric"], .rag-row,
  [data-testid="stExpander"] { break-inside: avoid; }
}
</style>
"""


def projector_style() -> None:
    st.html(PROJECTOR_CSS)
