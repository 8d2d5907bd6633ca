"""How the pages look: projector styling, RAG badges and tables that read without colour (a shape and a word beside
every colour, dark text on a pale tint), column formats, where the figures came from, and text from files escaped so
that it shows as written."""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from ..vocab import RAG_SWATCH, rag_text

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
    def colour(value):
        for rag, swatch in RAG_SWATCH.items():
            if isinstance(value, str) and value.endswith(rag):
                return f"background-color: {swatch.tint}; color: {swatch.ink}; font-weight: 700"
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
.rag { padding: 0.15rem 0.6rem; border-radius: 0.4rem; font-weight: 700; white-space: nowrap; }
.rag-row { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; font-size: 1.15rem; }
.detail { display: grid; grid-template-columns: 14rem 1fr; gap: 0.35rem 1rem; font-size: 1.05rem; margin: 0; }
.detail dt { font-weight: 600; color: #333; }
.detail dd { margin: 0; white-space: pre-wrap; }
.illustrative { background: #fde7c2; color: #3d2100; border-left: 6px solid #e69f00; padding: 0.4rem 0.8rem; }
</style>
"""


def projector_style() -> None:
    st.html(PROJECTOR_CSS)
