"""The meeting pack: the overview, "since the last meeting" and each area's headline, chart and table, as a slide deck
(.pptx), a tagged PDF and a workbook of the figures, titled with the meeting's date, with the source of every figure
and "illustrative" wherever demo data is shown. The overview page's download and `python -m lib.cli pack` make it.

The heavy libraries (vl-convert for the charts, python-pptx, WeasyPrint) are imported only when a pack is made, so
that the dashboard and the command line start fast. Charts are drawn offline by vl-convert with an explicit font
list ending in a generic family: vl-convert draws no text at all for a font it does not know.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
from sqlalchemy.engine import Engine

from . import fmt, xlsx
from .areas import meetings, summary
from .areas.summary import BETTER, NEUTRAL, WORSE, Change, Headline, Movement, PackContent
from .pack_charts import area_chart, on_screen
from .vocab import NOT_STATED, RAG_SWATCH, rag_text

CHART_FONT = "DejaVu Sans, sans-serif"
CHART_WIDTH = 860  # px, for the charts that take a width (the indicators' small charts have their own)
SCREEN_CHART_WIDTH = 680  # narrower on a meeting screen: scaled up to the screen, its lettering comes out larger
SENTENCES_PER_PAGE = 7
DIRECTION_MARK = {WORSE: ("▲", "Worse", "Red"), BETTER: ("●", "Better", "Green"), NEUTRAL: ("○", "Changed", NOT_STATED)}
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Pack:
    """Everything the three files show, read from the store once."""

    title: str
    as_at: dt.date
    since: dt.date | None
    compared_with: str  # "the last meeting, 7 April 2008"
    headlines: list[Headline]
    movements: dict[str, Movement]
    changes: list[Change]
    contents: dict[str, PackContent | None]
    full_tables: dict[str, PackContent | None]
    made_at: dt.datetime
    materiality: summary.Materiality

    @property
    def illustrative_areas(self) -> list[str]:
        return [h.title for h in self.headlines if h.illustrative]

    @property
    def file_stem(self) -> str:
        return f"meeting_pack_{self.as_at:%Y-%m-%d}"


def gather(engine: Engine, as_at: dt.date, since: dt.date | None = None) -> Pack:
    """The pack's content as at a date, compared with `since` (default: the previous stored meeting)."""
    meeting = meetings.meeting_on(engine, as_at)
    title = f"{meeting.name}: meeting of {fmt.day(as_at)}" if meeting else f"The picture as at {fmt.day(as_at)}"
    previous = meetings.previous_meeting(engine, as_at)
    if since is None and previous is not None:
        since = previous.held_on
    compared_with = ""
    if since is not None:
        earlier = meetings.meeting_on(engine, since)
        compared_with = (f"the {'last ' if previous and previous.held_on == since else ''}meeting of {fmt.day(since)}"
                         if earlier else fmt.day(since))
    return Pack(
        title=title, as_at=as_at, since=since, compared_with=compared_with,
        headlines=summary.headlines(engine, as_at),
        movements=summary.movements(engine, since, as_at) if since else {},
        changes=summary.changes(engine, since, as_at) if since else [],
        contents=summary.pack_contents(engine, as_at),
        full_tables=summary.pack_contents(engine, as_at, every_row=True),
        made_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        materiality=summary.DEFAULT_MATERIALITY)


# --- Charts ------------------------------------------------------------------------------------------------------

def chart_spec(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> dict:
    """The chart's Vega-Lite spec, sized for a slide and lettered in a font vl-convert has."""
    if not isinstance(chart, alt.FacetChart):
        chart = chart.properties(width=width)
    spec = chart.to_dict()
    spec.setdefault("config", {})["font"] = CHART_FONT
    return spec


def chart_svg(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(chart_spec(chart, width))


def svg_to_png(svg: str) -> bytes:
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=2)


def screen_chart(engine: Engine, as_at: dt.date, area: str) -> str:
    """An area's chart as an SVG drawing for a meeting screen: drawn here, whole, rather than in the browser, so that
    a screen never shows a chart half drawn, and it scales with the projector's resolution like the text around it."""
    module = next(a.module for a in summary.AREAS if a.key == area)
    content = module.pack(engine, as_at)
    return "" if content is None else chart_svg(on_screen(area_chart(area, content)), SCREEN_CHART_WIDTH)


def area_charts(pack: Pack) -> dict[str, str]:
    """Each area's chart as SVG (the PDF's, and the slide's picture once made a PNG)."""
    return {key: chart_svg(area_chart(key, content)) for key, content in pack.contents.items() if content}


# --- Words shared by the three files ------------------------------------------------------------------------------

def sources_line(headline: Headline) -> str:
    if not headline.sources:
        return "Source: nothing in the store yet."
    return "Source: " + "; ".join(s.describe() for s in headline.sources) + "."


def illustrative_note(pack: Pack) -> str:
    areas = pack.illustrative_areas
    if not areas:
        return ""
    return (f"Illustrative figures: {', '.join(areas)} show demo data made up for the demonstration, not the "
            "council's own; each of their pages says so.")


def as_at_words(headline: Headline) -> str:
    return f"as at {fmt.day(headline.as_at)}" if headline.as_at else "nothing stored yet"


def change_lines(pack: Pack) -> list[str]:
    return [f"{DIRECTION_MARK[c.direction][0]} {DIRECTION_MARK[c.direction][1]}: {c.sentence}" for c in pack.changes]


def changes_heading(pack: Pack) -> str:
    return f"Since {pack.compared_with}" if pack.since else "Since the last meeting"


def no_changes_line(pack: Pack) -> str:
    if pack.since is None:
        return "No earlier meeting is stored to compare with: choose a date to compare with."
    return f"Nothing changed enough to mention since {pack.compared_with}. {pack.materiality.describe()}"


def _pages(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


# --- The slide deck -------------------------------------------------------------------------------------------------

def pptx_bytes(pack: Pack, svgs: dict[str, str] | None = None) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    svgs = area_charts(pack) if svgs is None else svgs
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)  # 16:9
    blank = deck.slide_layouts[6]

    def rgb(colour: str) -> RGBColor:
        return RGBColor.from_string(colour.lstrip("#").upper())

    def text(slide, left, top, width, height, lines, size=18, bold=False, colour="#111111"):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, line in enumerate([lines] if isinstance(lines, str) else lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, rgb(colour)
        return box

    def footer(slide, lines):
        text(slide, 0.5, 6.55, 12.3, 0.8, [line for line in lines if line], size=11, colour="#444444")

    def table(slide, df: pd.DataFrame, top: float, rag_columns=("RAG",)):
        rows, cols = len(df) + 1, len(df.columns)
        size = 15 if rows <= 8 else 13 if rows <= 10 else 12
        shape = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(top), Inches(12.3), Inches(size / 40) * rows)
        grid = shape.table
        for j, width in enumerate(column_widths(df, 12.3)):
            grid.columns[j].width = Inches(width)
        for j, column in enumerate(df.columns):
            grid.cell(0, j).text = str(column)
        for i, row in enumerate(df.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                cell = grid.cell(i, j)
                cell.text = "" if fmt.missing(value) else str(value)
                rag = next((r for r in RAG_SWATCH if df.columns[j] in rag_columns and str(value).endswith(r)), None)
                if rag:  # the word and shape carry the meaning; the tint only helps
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = rgb(RAG_SWATCH[rag].tint)
        for i in range(rows):
            for j in range(cols):
                for paragraph in grid.cell(i, j).text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
                        rag = next((r for r in RAG_SWATCH if run.text.endswith(r)), None)
                        if i and df.columns[j] in rag_columns and rag:
                            run.font.bold = True
                            run.font.color.rgb = rgb(RAG_SWATCH[rag].ink)
        return shape

    def headline(slide, sentence: str, top: float = 0.7):
        size = 26 if len(sentence) <= 100 else 22 if len(sentence) <= 150 else 19
        text(slide, 0.5, top, 12.3, 1.2, sentence, size=size, bold=True)

    slide = deck.slides.add_slide(blank)
    text(slide, 0.7, 1.6, 12, 1.6, pack.title, size=36, bold=True)
    text(slide, 0.7, 3.2, 12, 2.4, [
        f"Meeting pack: adult social care commissioning, the picture as at {fmt.day(pack.as_at)}",
        f"Compared with {pack.compared_with}" if pack.since else "No earlier meeting to compare with",
        f"Made by the dashboard on {fmt.day(pack.made_at.date())}"], size=20)
    footer(slide, [illustrative_note(pack)])

    slide = deck.slides.add_slide(blank)
    text(slide, 0.5, 0.3, 12.3, 0.9, f"Overview as at {fmt.day(pack.as_at)}", size=30, bold=True)
    table(slide, overview_table(pack), 1.3)
    footer(slide, [illustrative_note(pack), "RAG: each area's rule is on its own slide."])

    for number, chunk in enumerate(_pages(change_lines(pack), SENTENCES_PER_PAGE), start=1):
        slide = deck.slides.add_slide(blank)
        heading = changes_heading(pack) + (f" ({number})" if len(pack.changes) > SENTENCES_PER_PAGE else "")
        text(slide, 0.5, 0.3, 12.3, 0.9, heading, size=30, bold=True)
        text(slide, 0.6, 1.4, 12.1, 5.0, chunk or [no_changes_line(pack)], size=20)
        footer(slide, [pack.materiality.describe() if chunk else ""])

    for head in pack.headlines:
        content = pack.contents.get(head.area)
        notes = [sources_line(head), f"RAG: {head.rag_basis}" if head.rag else ""]
        slide = deck.slides.add_slide(blank)
        text(slide, 0.5, 0.25, 12.3, 0.5, f"{head.title} · {rag_text(head.rag, 'no RAG')} · {as_at_words(head)}"
             + (" · ILLUSTRATIVE" if head.illustrative else ""), size=16, bold=True, colour="#333333")
        headline(slide, head.sentence)
        text(slide, 0.5, 1.9, 12.3, 0.5, "   ".join(f"{f.label}: {f.text}" for f in head.figures[:5]), size=13)
        if content and head.area in svgs:
            picture = slide.shapes.add_picture(io.BytesIO(svg_to_png(svgs[head.area])), Inches(0.5), Inches(2.45),
                                               height=Inches(4.0))
            if picture.width > Inches(12.3):
                ratio = Inches(12.3) / picture.width
                picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
            picture.name = f"Chart: {content.chart_title}"
            picture._element._nvXxPr.cNvPr.set("descr", content.chart_description)  # the picture's alt text
        footer(slide, notes)
        if content:
            slide = deck.slides.add_slide(blank)
            text(slide, 0.5, 0.25, 12.3, 0.5, f"{head.title} · {rag_text(head.rag, 'no RAG')}"
                 + (" · ILLUSTRATIVE" if head.illustrative else ""), size=16, bold=True, colour="#333333")
            text(slide, 0.5, 0.7, 12.3, 0.8, content.table_title, size=24, bold=True)
            table(slide, content.shown(), 1.55)
            footer(slide, [content.note, sources_line(head)])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def column_widths(df: pd.DataFrame, total: float) -> list[float]:
    """Widths for a table's columns in proportion to their longest text (within limits), adding up to `total`."""
    lengths = [min(max([len(str(c)), *(len(str(v)) for v in df[c])], default=4), 40) for c in df.columns]
    lengths = [max(n, 13 if str(c) == "RAG" else 8) for n, c in zip(lengths, df.columns)]
    return [total * n / sum(lengths) for n in lengths]


def overview_table(pack: Pack) -> pd.DataFrame:
    rows = []
    for head in pack.headlines:
        key = head.key_figure
        rows.append({"Area": head.title + (" (illustrative)" if head.illustrative else ""),
                     "RAG": rag_text(head.rag, "–"),
                     "Headline": f"{key.label}: {key.text}" if key else head.sentence,
                     f"Since {fmt.short_day(pack.since)}" if pack.since else "Movement":
                         pack.movements[head.area].text if head.area in pack.movements else "",
                     "Figures": as_at_words(head)})
    return pd.DataFrame(rows)


# --- The PDF ------------------------------------------------------------------------------------------------------

PDF_CSS = """
@page { size: A4 landscape; margin: 12mm 14mm 16mm;
        @bottom-left { content: "%(footer)s"; font: 8pt "DejaVu Sans", sans-serif; color: #444; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt "DejaVu Sans", sans-serif; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #111; }
section { break-after: page; }
h1 { font-size: 22pt; margin: 0 0 3mm; } h2 { font-size: 16pt; margin: 0 0 2mm; }
.kicker { font-size: 10pt; font-weight: bold; color: #333; margin: 0 0 1mm; }
.figures { margin: 1mm 0 2mm; font-size: 9.5pt; }
.figures span { margin-right: 5mm; display: inline-block; }
figure { margin: 0; } figure svg { height: 112mm; width: auto; max-width: 100%%; }
table { border-collapse: collapse; margin-top: 2mm; font-size: 11pt; }
th, td { border: 0.5pt solid #999; padding: 1.5mm 2.5mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
.small { font-size: 8pt; color: #333; margin: 1.5mm 0; }
.illustrative { background: #fde7c2; border-left: 4pt solid #e69f00; padding: 1mm 3mm; color: #3d2100; }
ul.changes { font-size: 12pt; padding-left: 0; list-style: none; } ul.changes li { margin: 0 0 2.5mm; }
"""


def _css_string(text: str) -> str:
    """Text for a CSS string in a <style> element (where HTML entities are not read)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def _svg_with_title(svg: str, title: str) -> str:
    """WeasyPrint takes a figure's alternative text from the inline SVG's <title>."""
    i = svg.index(">") + 1
    return svg[:i] + f"<title>{html.escape(title)}</title>" + svg[i:]


def _html_table(df: pd.DataFrame, rag_columns=("RAG",)) -> str:
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = []
        for column, value in zip(df.columns, row):
            shown = "" if fmt.missing(value) else str(value)
            rag = next((r for r in RAG_SWATCH if column in rag_columns and shown.endswith(r)), None)
            style = (f" style='background:{RAG_SWATCH[rag].tint};color:{RAG_SWATCH[rag].ink};font-weight:bold;"
                     "white-space:nowrap'" if rag else "")
            cells.append(f"<td{style}>{html.escape(shown)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def pdf_html(pack: Pack, svgs: dict[str, str]) -> str:
    e = html.escape
    note = illustrative_note(pack)
    parts = [f"<section><h1>{e(pack.title)}</h1>"
             f"<p>Meeting pack: adult social care commissioning, the picture as at {e(fmt.day(pack.as_at))}. "
             + (f"Compared with {e(pack.compared_with)}." if pack.since else "No earlier meeting to compare with.")
             + "</p>" + (f"<p class='illustrative'>{e(note)}</p>" if note else "")
             + f"<h2>Overview</h2>{_html_table(overview_table(pack))}</section>"]
    for number, chunk in enumerate(_pages(pack.changes, SENTENCES_PER_PAGE * 2), start=1):
        items = "".join(f"<li><b>{DIRECTION_MARK[c.direction][0]} {DIRECTION_MARK[c.direction][1]}:</b> "
                        f"{e(c.sentence)}</li>" for c in chunk) or f"<li>{e(no_changes_line(pack))}</li>"
        parts.append(f"<section><h1>{e(changes_heading(pack))}{f' ({number})' if number > 1 else ''}</h1>"
                     f"<ul class='changes'>{items}</ul><p class='small'>{e(pack.materiality.describe())}</p>"
                     "</section>")
    for head in pack.headlines:
        content = pack.contents.get(head.area)
        kicker = f"{head.title} · {rag_text(head.rag, 'no RAG')} · {as_at_words(head)}"
        figures = "".join(f"<span>{e(f.label)}: <b>{e(f.text)}</b></span>" for f in head.figures[:5])
        banner = ("<p class='illustrative'>Illustrative figures for demonstration, not the council's own.</p>"
                  if head.illustrative else "")
        rule = f" RAG: {e(head.rag_basis)}" if head.rag else ""
        source = f"<p class='small'>{e(sources_line(head))}{rule}</p>"
        body = f"<p class='kicker'>{e(kicker)}</p><h2>{e(head.sentence)}</h2><p class='figures'>{figures}</p>{banner}"
        if content and head.area in svgs:
            body += f"<figure>{_svg_with_title(svgs[head.area], content.chart_description)}</figure>"
        parts.append(f"<section>{body}{source}</section>")
        if content:  # the table on a page of its own, as on the slides and the meeting screens
            table = f"<h2>{e(content.table_title)}</h2>{_html_table(content.shown())}"
            note = f"<p class='small'>{e(content.note)}</p>" if content.note else ""
            parts.append(f"<section><p class='kicker'>{e(kicker)}</p>{banner}{table}{note}{source}</section>")
    footer = _css_string(f"{pack.title}. Made by the dashboard on {fmt.day(pack.made_at.date())}.")
    return (f"<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>{e(pack.title)}</title>"
            f"<style>{PDF_CSS % {'footer': footer}}</style></head><body>{''.join(parts)}</body></html>")


def pdf_bytes(pack: Pack, svgs: dict[str, str] | None = None) -> bytes:
    import weasyprint

    svgs = area_charts(pack) if svgs is None else svgs
    return weasyprint.HTML(string=pdf_html(pack, svgs)).write_pdf(pdf_variant="pdf/ua-1")


# --- The workbook of the figures ------------------------------------------------------------------------------------

def xlsx_bytes(pack: Pack) -> bytes:
    overview = pd.DataFrame([{
        "Area": h.title, "RAG": h.rag or "", "RAG basis": h.rag_basis, "Headline": h.sentence,
        "Figures as at": h.as_at, "Since": pack.since, "Movement": pack.movements.get(h.area, Movement("")).text,
        "Source": "; ".join(s.describe() for s in h.sources), "Illustrative": h.illustrative}
        for h in pack.headlines])
    figures = pd.DataFrame([{
        "Area": h.title, "Figure": f.label, "As shown": f.text, "Value": f.value if isinstance(f.value, (int, float))
        else None, "As at": h.as_at, "Source": "; ".join(s.describe() for s in h.sources),
        "Illustrative": h.illustrative} for h in pack.headlines for f in h.figures])
    changes = pd.DataFrame([{
        "Order": i, "Area": c.area, "Direction": c.direction, "Sentence": c.sentence,
        "Figures": "; ".join(f"{f.label}: {f.text}" for f in c.figures), "Importance": round(c.importance, 2),
        "Page": c.page} for i, c in enumerate(pack.changes, start=1)],
        columns=["Order", "Area", "Direction", "Sentence", "Figures", "Importance", "Page"])
    about = pd.DataFrame([("Title", pack.title), ("As at", pack.as_at), ("Compared with", pack.compared_with or "-"),
                          ("Made", pack.made_at.strftime("%d %b %Y %H:%M UTC")),
                          ("Illustrative", illustrative_note(pack) or "No illustrative figures"),
                          ("Left out", pack.materiality.describe())], columns=["", "Value"])
    frames = {"About": about, "Overview": overview, "Figures": figures, "Since the last meeting": changes}
    illustrative = {h.area: h.illustrative for h in pack.headlines}
    sources = {h.area: "; ".join(s.describe() for s in h.sources) for h in pack.headlines}
    for area in summary.AREAS:
        content = pack.full_tables.get(area.key)
        if content is not None:
            frames[area.title] = content.table.assign(Source=sources[area.key], Illustrative=illustrative[area.key])
    return xlsx.workbook(frames)


# --- All three ----------------------------------------------------------------------------------------------------

def files(pack: Pack) -> dict[str, bytes]:
    """The three files by name; the charts are drawn once for both the deck and the PDF."""
    svgs = area_charts(pack)
    return {f"{pack.file_stem}.pptx": pptx_bytes(pack, svgs), f"{pack.file_stem}.pdf": pdf_bytes(pack, svgs),
            f"{pack.file_stem}.xlsx": xlsx_bytes(pack)}


def write_pack(engine: Engine, folder: Path, as_at: dt.date, since: dt.date | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files(gather(engine, as_at, since)).items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def zip_bytes(engine: Engine, as_at: dt.date, since: dt.date | None = None) -> bytes:
    """The three files in one .zip: the overview page's one-click download."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files(gather(engine, as_at, since)).items():
            archive.writestr(name, data)
    return out.getvalue()
