"""The Streamlit parts of the overview and of meeting mode: which date "since" compares with, the area tiles, the
sentences, the pack download, and meeting mode (bookmarkable as ?mode=meeting; no sidebar, large type, one headline
and one chart or table a screen, next and previous by button or the Left and Right keys, the areas in a fixed order).

Everything shown comes from lib/areas/summary through cache.read; nothing here reads the store itself."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import partial

import streamlit as st

from .. import fmt
from ..areas import meetings, summary
from ..areas.summary import BETTER, NEUTRAL, WORSE, Change, Headline, Movement, PackContent
from ..store import audit
from ..vocab import NOT_STATED, RAG_SWATCH
from . import auth, cache, state
from .bootstrap import engine
from .style import rag_badge

MODE, MEETING = "mode", "meeting"
LAST_MEETING, OTHER_DATE = "last", "another date"
SINCE_KEY = "_since"  # the date "since" compares with, kept for meeting mode (which shows no widgets to choose it)
OVERVIEW_LINES, LINE_CHARACTERS = 6, 95  # what the overview's sentences may take at 1280 px wide without scrolling
SENTENCES_PER_SCREEN = 5
DIRECTION = {WORSE: ("▲", "worse", RAG_SWATCH["Red"]), BETTER: ("●", "better", RAG_SWATCH["Green"]),
             NEUTRAL: ("○", "", RAG_SWATCH[NOT_STATED])}


# --- Which dates ---------------------------------------------------------------------------------------------------

def _date_param(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def as_at() -> dt.date:
    """The meeting's date: ?as_at= in a bookmarked meeting link, else the sidebar's date."""
    return _date_param("as_at") or state.as_at()


def previous_meeting(day: dt.date) -> dt.date | None:
    earlier = [m.held_on for m in cache.read(meetings.meetings) if m.held_on < day]
    return earlier[-1] if earlier else None


def since(day: dt.date) -> dt.date | None:
    """The date to compare with when no widget chooses it (meeting mode): ?since=, else the one chosen on the
    overview, else the previous stored meeting."""
    return _date_param("since") or st.session_state.get(SINCE_KEY) or previous_meeting(day)


def since_picker(day: dt.date) -> dt.date | None:
    """'Compared with': the last meeting before the date (whichever that is as the date changes), an earlier stored
    meeting, or any other date."""
    earlier = [m for m in cache.read(meetings.meetings) if m.held_on < day]
    options = ([LAST_MEETING] if earlier else []) + [m.held_on.isoformat() for m in reversed(earlier[:-1])]
    labels = {LAST_MEETING: f"The last meeting, {fmt.day(earlier[-1].held_on)}" if earlier else "",
              OTHER_DATE: "Another date...",
              **{m.held_on.isoformat(): f"The meeting of {fmt.day(m.held_on)}" for m in earlier}}
    choice = st.selectbox("Compared with", [*options, OTHER_DATE], format_func=labels.get, key="since_choice")
    if choice == OTHER_DATE:
        chosen = st.date_input("Compare with the picture as at", value=day - dt.timedelta(days=28), max_value=day,
                               min_value=state.EARLIEST_DATE, format="DD/MM/YYYY", key="since_date")
    else:
        chosen = earlier[-1].held_on if choice == LAST_MEETING else dt.date.fromisoformat(choice)
    st.session_state[SINCE_KEY] = chosen
    return chosen


def title(day: dt.date) -> str:
    held = next((m for m in cache.read(meetings.meetings) if m.held_on == day), None)
    return f"Meeting of {fmt.day(day)}" if held else f"As at {fmt.day(day)}"


# --- Tiles and sentences -------------------------------------------------------------------------------------------

def movement_html(move: Movement | None) -> str:
    if move is None:
        return ""
    mark, _, swatch = DIRECTION[move.direction]
    return f'<div class="m-move" style="color:{swatch.ink}">{mark} {html.escape(move.text)}</div>'


def tile_html(head: Headline, move: Movement | None, day: dt.date) -> str:
    """An area's RAG, key figure (with its own date when it is not the meeting's) and movement."""
    key = head.key_figure
    when = f" · {fmt.short_day(head.as_at)}" if head.as_at and head.as_at != day else ""
    tag = '<span class="m-illustrative">Illustrative</span>' if head.illustrative else ""
    if key is None:
        return (f'<div class="m-tile-body">{rag_badge(head.rag, "1rem")}'
                f'<div class="m-label">{html.escape(head.sentence)}</div></div>')
    label = f"{key.label}{when}"
    return (f'<div class="m-tile-body"><div class="m-row">{rag_badge(head.rag, "1rem")}'
            f'<span class="m-figure">{html.escape(key.text)}</span></div>'
            f'<div class="m-label" title="{html.escape(label)}">{html.escape(label)}</div>'
            f'{movement_html(move)}{tag}</div>')


def tiles(heads: list[Headline], moves: dict[str, Movement], day: dt.date, link: bool = True) -> None:
    """One tile per area, three to a row: its RAG, its key figure and its movement; the title opens its page."""
    for start in range(0, len(heads), 3):
        for column, head in zip(st.columns(3), heads[start:start + 3]):
            with column.container(border=True, key=f"tile_{head.area}"):
                page = next(a.page for a in summary.AREAS if a.key == head.area)
                if link:
                    st.page_link(page, label=head.title)
                else:
                    st.html(f'<div class="m-tile-title">{html.escape(head.title)}</div>')
                st.html(tile_html(head, moves.get(head.area), day))


def fitting(changes: list[Change]) -> list[Change]:
    """The most important sentences that fit the overview's few lines (each kept whole; the rest are a click away)."""
    shown, lines = [], 0
    for change in changes:
        lines += -(-len(change.sentence) // LINE_CHARACTERS)
        if lines > OVERVIEW_LINES:
            break
        shown.append(change)
    return shown or changes[:1]


def sentence_html(change: Change) -> str:
    mark, word, swatch = DIRECTION[change.direction]
    label = f'<b style="color:{swatch.ink}">{mark} {word.capitalize()}:</b> ' if word else f"<b>{mark}</b> "
    return f"<li>{label}{html.escape(change.sentence)}</li>"


def sentences_html(changes: list[Change], empty: str) -> str:
    if not changes:
        return f'<ul class="m-sentences"><li>{html.escape(empty)}</li></ul>'
    return '<ul class="m-sentences">' + "".join(sentence_html(c) for c in changes) + "</ul>"


def compared_line(since_day: dt.date | None) -> str:
    words = (f"Movements since {fmt.day(since_day)}; each figure as at the latest report on or before the meeting"
             if since_day else "No earlier date to compare with")
    return f'<div class="m-compared">{html.escape(words)}</div>'


def nothing_changed(since_day: dt.date | None) -> str:
    if since_day is None:
        return "No earlier meeting is stored: choose a date to compare with."
    return f"Nothing changed enough to mention since {fmt.day(since_day)}."


def _pack_recorded(day: dt.date, since_day: dt.date | None, who) -> bytes:
    """The pack's bytes, its download recorded in the audit log."""
    from .. import pack  # its libraries load only when a pack is made

    data = pack.zip_bytes(engine(), day, since_day)
    since = f" compared with {fmt.day(since_day)}" if since_day else ""
    audit.record(engine(), who, audit.PACK, f"downloaded the meeting pack for {fmt.day(day)}{since}")
    return data


def pack_download(day: dt.date, since_day: dt.date | None) -> None:
    """The whole pack (deck, PDF, workbook) in one .zip, made when clicked rather than on every rerun."""
    st.download_button(
        "Download the meeting pack", partial(_pack_recorded, day, since_day, auth.current()),
        file_name=f"meeting_pack_{day:%Y-%m-%d}.zip", mime="application/zip", icon=":material/download:",
        key="pack_download", help="A slide deck (.pptx), a PDF and a workbook of the figures (.xlsx), in one .zip")


# --- Meeting mode --------------------------------------------------------------------------------------------------

def is_on() -> bool:
    return st.query_params.get(MODE) == MEETING


def enter() -> None:
    """Turn meeting mode on with the dates in the link, so that a bookmark opens the same meeting."""
    day = state.as_at()
    params = {MODE: MEETING, "as_at": day.isoformat()}
    since_day = st.session_state.get(SINCE_KEY) or previous_meeting(day)
    if since_day:
        params["since"] = since_day.isoformat()
    st.query_params.from_dict(params)


def leave() -> None:
    st.query_params.clear()
    st.session_state.pop("meeting_screen", None)


@dataclass(frozen=True)
class Screen:
    kind: str  # overview, changes, chart, table
    area: str = ""
    part: int = 0  # which page of the sentences


def screens(heads: list[Headline], contents: dict[str, PackContent | None], changes: list[Change]) -> list[Screen]:
    """The meeting's screens in their fixed order: the overview, the sentences (a few to a screen), then each area's
    chart and table (or its headline alone when it has nothing yet)."""
    out = [Screen("overview")]
    out += [Screen("changes", part=i) for i in range(max(1, -(-len(changes) // SENTENCES_PER_SCREEN)))]
    for head in heads:
        if contents.get(head.area) is None:
            out.append(Screen("chart", head.area))
        else:
            out += [Screen("chart", head.area), Screen("table", head.area)]
    return out


def current_screen(count: int) -> int:
    """The screen shown, 0-based: kept in the session and in the link (?screen=, 1-based) so a reload stays put."""
    if "meeting_screen" not in st.session_state:
        try:
            st.session_state["meeting_screen"] = int(st.query_params.get("screen", "1")) - 1
        except ValueError:
            st.session_state["meeting_screen"] = 0
    index = min(max(st.session_state["meeting_screen"], 0), count - 1)
    st.session_state["meeting_screen"] = index
    st.query_params["screen"] = str(index + 1)
    return index


def _step(by: int, count: int) -> None:
    st.session_state["meeting_screen"] = min(max(st.session_state.get("meeting_screen", 0) + by, 0), count - 1)


def navigation(index: int, count: int, note: str = "") -> None:
    """Previous and next (the Left and Right keys too), where it is, a note (the figures' source), and the way out."""
    with st.container(horizontal=True, key="meeting_nav", vertical_alignment="center", wrap=False):
        st.button("Previous", icon=":material/arrow_back:", shortcut="Left", disabled=index == 0,
                  on_click=_step, args=(-1, count), key="meeting_previous")
        st.button("Next", icon=":material/arrow_forward:", shortcut="Right", disabled=index == count - 1,
                  on_click=_step, args=(1, count), key="meeting_next", type="primary")
        st.html(f'<div style="display:flex;align-items:center;min-width:0"><span class="m-count">{index + 1} of '
                f'{count}</span>{note}</div>', width="stretch")
        st.button("Leave meeting mode", icon=":material/close:", on_click=leave, key="meeting_leave",
                  type="tertiary")


def top_line(day: dt.date, since_day: dt.date | None) -> str:
    compared = f" · compared with {fmt.day(since_day)}" if since_day else ""
    return f'<div class="m-top">{html.escape(title(day) + compared)}</div>'


def changes_screen(changes: list[Change], part: int, since_day: dt.date | None) -> str:
    """One screen of the sentences: a few at a time, in order of importance."""
    shown = changes[part * SENTENCES_PER_SCREEN:(part + 1) * SENTENCES_PER_SCREEN]
    parts = -(-len(changes) // SENTENCES_PER_SCREEN)
    heading = f"Since {fmt.day(since_day)}" if since_day else "Since the last meeting"
    heading += f" ({part + 1} of {parts})" if parts > 1 else ""
    return f'<div class="m-headline">{html.escape(heading)}</div>' + sentences_html(shown, nothing_changed(since_day))


def table_html(content: PackContent) -> str:
    """An area's small table in large type, RAG cells tinted beside their shape and word."""
    table = content.shown()
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    rows = []
    for row in table.itertuples(index=False):
        cells = []
        for column, value in zip(table.columns, row):
            rag = next((r for r in RAG_SWATCH if column == "RAG" and str(value).endswith(r)), None)
            style = (f' style="background:{RAG_SWATCH[rag].tint};color:{RAG_SWATCH[rag].ink};font-weight:700;'
                     'white-space:nowrap"'
                     if rag else "")
            cells.append(f"<td{style}>{html.escape(str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="m-caption">{html.escape(content.table_title)}</div>'
            f'<table class="m-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            + (f'<div class="m-caption">{html.escape(content.note)}</div>' if content.note else ""))


def source_line(head: Headline) -> str:
    if not head.sources:
        return ""
    words = "; ".join(f"{s.file_name} (batch {s.batch})" for s in head.sources)
    tag = '<span class="m-illustrative">Illustrative figures</span> ' if head.illustrative else ""
    return f'<span class="m-source">{tag}From {html.escape(words)}</span>'


def area_header(head: Headline) -> str:
    return (f'<div class="m-kicker">{html.escape(head.title)} {rag_badge(head.rag, "1.3rem")} '
            f'<span class="m-when">{html.escape(f"as at {fmt.day(head.as_at)}" if head.as_at else "")}</span></div>'
            f'<div class="m-headline{" long" if len(head.sentence) > 130 else ""}">{html.escape(head.sentence)}</div>')


MEETING_CSS = """
<style>
html { font-size: clamp(16px, 1.25vw, 30px); }
.st-key-meeting_chart img { max-height: 52vh; width: auto !important; max-width: 100%; object-fit: contain; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stStatusWidget"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 0.5rem !important; max-width: 100% !important; }
.m-top { font-size: 1.05rem; color: #333; }
.m-kicker { font-size: 1.5rem; font-weight: 700; color: #222; display: flex; gap: 0.8rem; align-items: center; }
.m-when { font-weight: 400; color: #444; font-size: 1.2rem; }
.m-headline { font-size: clamp(1.7rem, 2.4vw, 2.6rem); font-weight: 700; line-height: 1.2; margin: 0.3rem 0 0.2rem; }
.m-headline.long { font-size: clamp(1.45rem, 2vw, 2.2rem); }
.m-source { font-size: 1rem; color: #444; margin-left: auto; }
.st-key-meeting_nav .m-source { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-meeting_nav > div { min-width: 0; }
.m-caption { font-size: 1.05rem; font-weight: 600; color: #333; margin: 0.2rem 0; }
.m-table { border-collapse: collapse; font-size: clamp(1.05rem, 1.3vw, 1.45rem); width: 100%; }
.m-table th, .m-table td { border-bottom: 1px solid #bbb; padding: 0.15rem 0.7rem; text-align: left; }
.m-table th { background: #eef2f7; }
.m-sentences li { font-size: clamp(1.3rem, 1.8vw, 1.9rem); margin-bottom: 0.6rem; }
.m-count { font-size: 1.2rem; color: #333; padding: 0 1rem; white-space: nowrap; }
.st-key-meeting_nav button p { font-size: 1.2rem; }
.m-tile-title { font-size: 1.3rem; font-weight: 700; }
.m-tile-body .m-figure { font-size: 2.4rem; }
.m-tile-body .m-label, .m-tile-body .m-move { font-size: 1.15rem; }
</style>
"""

OVERVIEW_CSS = """
<style>
.m-illustrative { background: #fde7c2; color: #3d2100; border-left: 5px solid #e69f00; padding: 0.05rem 0.4rem;
                  font-size: 0.8rem; white-space: nowrap; }
.m-row { display: flex; align-items: center; gap: 0.6rem; flex-wrap: nowrap; overflow: hidden; }
.m-figure { font-size: 1.75rem; font-weight: 700; line-height: 1.2; }
.m-label, .m-move { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.m-label { font-size: 0.92rem; color: #333; }
.m-move { font-size: 0.98rem; font-weight: 600; }
.m-sentences { margin: 0; padding-left: 0; list-style: none; }
.m-sentences li { font-size: 1.05rem; margin-bottom: 0.3rem; }
.m-compared { font-size: 1rem; color: #333; margin-top: -0.8rem; }
[class*="st-key-tile_"] { gap: 0.1rem; padding: 0.55rem 0.8rem !important; position: relative; }
[class*="st-key-tile_"] .m-illustrative { font-size: 0.78rem; white-space: nowrap; display: inline-block;
                                          margin-top: 0.15rem; }
[class*="st-key-tile_"] [data-testid="stPageLink"] a { padding: 0; }
[class*="st-key-tile_"] [data-testid="stPageLink"] p { font-size: 1.1rem; font-weight: 700; }
</style>
"""


def overview_style() -> None:
    st.html(OVERVIEW_CSS)


def meeting_style() -> None:
    st.html(OVERVIEW_CSS + MEETING_CSS)
