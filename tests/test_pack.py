"""The meeting pack, read back and compared with the store: the slide deck with python-pptx, the PDF's text and tags
with pypdf, the workbook with openpyxl. The demo's seed 004 figures (63,256 / 63,149 / 107 underspend, £000; Older
People's Services +338 Red, movement -17) must be in all three, with the meeting's date, every area's headline, the
sentences since the last meeting, the source of each figure and "illustrative" where the figures are demo data."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from lib import cli, pack
from lib.areas import summary
from lib.demo import load_demo
from lib.kinds import revenue
from lib.store import engine as db
from tests.conftest import STORE

MEETING, LAST = dt.date(2008, 4, 21), dt.date(2008, 4, 7)
MARCH = dt.date(2008, 3, 31)


@pytest.fixture(scope="module")
def demo(request, tmp_path_factory):
    if STORE == "postgresql":
        url = request.getfixturevalue("postgres_server").new_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('pack') / 'store.db'}"
    engine = db.make_engine(url)
    load_demo(engine, who="test")
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def built(demo):
    _, engine = demo
    content = pack.gather(engine, MEETING)
    return content, pack.files(content)


def deck_slides(data: bytes) -> list[dict]:
    """Each slide's text (text boxes and table rows, cells joined by ' | ') and its pictures' alternative text."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        texts, rows, alts = [], [], []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                rows += [" | ".join(c.text for c in r.cells) for r in shape.table.rows]
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                alts.append(shape._element._nvXxPr.cNvPr.get("descr"))
        slides.append({"text": "\n".join(texts), "rows": rows, "alts": alts})
    return slides


def test_the_pack_is_made_for_the_meeting_and_compared_with_the_last(built):
    content, files = built
    assert content.title == "Cabinet Member for Adult Social Care and Health: meeting of 21 April 2008"
    assert content.since == LAST and content.compared_with == "the last meeting of 7 April 2008"
    assert sorted(files) == ["meeting_pack_2008-04-21.pdf", "meeting_pack_2008-04-21.pptx",
                             "meeting_pack_2008-04-21.xlsx"]


def test_the_deck_holds_the_seed_figures_headlines_sentences_and_alt_text(demo, built):
    _, engine = demo
    content, files = built
    slides = deck_slides(files["meeting_pack_2008-04-21.pptx"])
    from pptx.util import Inches

    deck = Presentation(io.BytesIO(files["meeting_pack_2008-04-21.pptx"]))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert "meeting of 21 April 2008" in slides[0]["text"]
    everything = "\n".join(s["text"] + "\n" + "\n".join(s["rows"]) for s in slides)

    rows = next(s["rows"] for s in slides if s["rows"] and s["rows"][0].startswith("Service area"))
    report = revenue.report(engine, MARCH, revenue.load_policy(engine))  # the store's own figures
    older = report.set_index("service_area").loc["Older People's Services"]
    assert f"Older People's Services | 37,168 | 37,506 | {older['variance'] / 1000:+,.0f} | " \
           f"{older['movement'] / 1000:+,.0f} | ▲ Red" in rows
    assert "Older People's Services | 37,168 | 37,506 | +338 | -17 | ▲ Red" in rows
    assert f"Total | {report['annual_budget'].sum() / 1000:,.0f} | {report['projected_outturn'].sum() / 1000:,.0f}" \
           in rows[-1]
    assert rows[-1].startswith("Total | 63,256 | 63,149 | -107")

    for head in summary.headlines(engine, MEETING):
        assert head.sentence in everything, head.sentence
    for change in summary.changes(engine, LAST, MEETING):
        assert change.sentence in everything, change.sentence
    assert "Forecast £107k under budget overall" in everything

    alts = [a for s in slides for a in s["alts"]]
    contents = summary.pack_contents(engine, MEETING)
    assert alts == [c.chart_description for c in contents.values() if c]
    assert any("Older People's Services £338k over budget (Red)" in a for a in alts)

    homecare_slides = [s for s in slides if s["text"].startswith("Home care balance")]
    budget_slides = [s for s in slides if s["text"].startswith("Revenue budget")]
    assert homecare_slides and all("ILLUSTRATIVE" in s["text"] for s in homecare_slides)
    assert all("illustrative_homecare_hours.xlsx" in s["text"] and "not the council's own" in s["text"]
               for s in homecare_slides)
    assert budget_slides and not any("ILLUSTRATIVE" in s["text"] for s in budget_slides)
    assert all("Source: seed_004_revenue_2008-03-31.xlsx" in s["text"] for s in budget_slides)


def test_the_pdf_is_tagged_with_the_same_figures_and_alt_text(demo, built):
    _, engine = demo
    _, files = built
    reader = PdfReader(io.BytesIO(files["meeting_pack_2008-04-21.pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "meeting of 21 April 2008" in flat
    assert "Older People's Services 37,168 37,506 +338 -17 ▲ Red" in flat
    assert "Total 63,256 63,149 -107" in flat
    assert "Forecast £107k under budget overall" in flat
    for change in summary.changes(engine, LAST, MEETING):
        assert " ".join(change.sentence.split()) in flat
    assert "Illustrative figures for demonstration, not the council's own." in flat
    assert "Source: seed_004_revenue_2008-03-31.xlsx" in flat
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]

    def figures(node, found):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                figures(kid, found)
        return found

    alts = figures(root["/StructTreeRoot"], [])
    expected = [c.chart_description for c in summary.pack_contents(engine, MEETING).values() if c]
    assert alts == expected


def test_the_workbook_holds_each_figure_with_its_source(built):
    _, files = built
    book = openpyxl.load_workbook(io.BytesIO(files["meeting_pack_2008-04-21.xlsx"]))
    assert book.sheetnames[:4] == ["About", "Overview", "Figures", "Since the last meeting"]
    sheet = book["Figures"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    budget = {r["Figure"]: r for r in rows if r["Area"] == "Revenue budget"}
    assert budget["Annual budget"]["Value"] == 63_256_000 and budget["Projected outturn"]["Value"] == 63_149_000
    assert budget["Variance (underspend)"]["Value"] == -107_000
    assert budget["Annual budget"]["Source"].startswith("seed_004_revenue_2008-03-31.xlsx")
    assert budget["Annual budget"]["Illustrative"] is False
    assert all(r["Illustrative"] is True for r in rows if r["Area"] == "Home care balance")
    revenue_sheet = [[c.value for c in row] for row in book["Revenue budget"].iter_rows()]
    assert revenue_sheet[0][:6] == ["Service area", "Budget £000", "Outturn £000", "Variance £000", "Movement £000",
                                    "RAG"]
    assert revenue_sheet[1][:6] == ["Older People's Services", 37_168, 37_506, 338, -17, "▲ Red"]  # figures, not text
    assert revenue_sheet[-1][:4] == ["Total", 63_256, 63_149, -107]
    assert len(revenue_sheet) == 1 + 10 + 1  # every line and the total
    changes = [[c.value for c in row] for row in book["Since the last meeting"].iter_rows(min_row=2)]
    assert [r[3] for r in changes] == [c.sentence for c in built[0].changes]


def test_the_pack_command_writes_the_three_files(demo, tmp_path, monkeypatch, capsys):
    url, _ = demo
    monkeypatch.setenv("DATABASE_URL", url)
    assert cli.main(["pack", str(tmp_path / "out"), "--as-at", "2008-05-19"]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["meeting_pack_2008-05-19.pdf", "meeting_pack_2008-05-19.pptx", "meeting_pack_2008-05-19.xlsx"]
    slides = deck_slides((tmp_path / "out" / "meeting_pack_2008-05-19.pptx").read_bytes())
    assert "Since the last meeting of 21 April 2008" in slides[2]["text"]
    assert "Commissioning Strategy Action Plan 2008-2011 7.1" in slides[2]["text"]  # fell overdue on 30 April
    (tmp_path / "file").write_text("x")
    assert cli.main(["pack", str(tmp_path / "file")]) == 2


def test_the_one_click_download_zips_the_three(demo):
    _, engine = demo
    archive = zipfile.ZipFile(io.BytesIO(pack.zip_bytes(engine, MEETING, LAST)))
    assert sorted(archive.namelist()) == ["meeting_pack_2008-04-21.pdf", "meeting_pack_2008-04-21.pptx",
                                          "meeting_pack_2008-04-21.xlsx"]
