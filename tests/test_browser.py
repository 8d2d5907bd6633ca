"""What only a browser shows: every page in real headless Chromium at 1280x720, and an upload through the
real widget. Screenshots go to the test's temporary folder (see the failure output to find them)."""

import os
from pathlib import Path

import openpyxl
import pytest

from tests.browser_support import CHROMIUM, dashboard_server, wait_for_app
from tests.workbooks import xlsx

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: scripts/setup.sh --browser installs it")
    pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh --browser installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    with dashboard_server(f"sqlite:///{folder / 'store.db'}") as url:
        yield url, folder


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def no_errors(page):
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stSkeleton']").count() == 0


@pytest.mark.parametrize("path, expected", [
    ("budget", ["Budget status", "£63,256k", "£63,149k", "-£107k", "Older People's Services"]),
    ("upload", ["Upload a spreadsheet", "Import history", "Templates"]),
    ("homecare", ["Home care: shifting the balance", "54.9%", "Not on course"]),
    ("weekly_check", ["Weekly check: home care", "Week ending 18 April 2008", "Hot spots by area"]),
    ("contracts", ["Contract register", "Live contracts", "within 6 months: 2", "Ending soon"]),
    ("actions", ["Action plans", "How the RAG is worked out", "Overdue (Red)", "62"]),
])
def test_every_page_renders_at_1280x720(server, page, path, expected):
    url, folder = server
    page.goto(f"{url}/{path}")
    wait_for_app(page)
    no_errors(page)
    for text in expected:
        assert page.get_by_text(text, exact=False).first.is_visible(), text
    width = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert width <= 1280 - 200, f"the main area overflows sideways ({width}px)"
    page.screenshot(path=folder / f"page_{path}.png")


@pytest.mark.parametrize("path, tabs", [("budget", ("Capital programme", "Trend", "RAG policy")),
                                        ("homecare", ("Hours by sector", "Areas", "Comparators", "Target and costs")),
                                        ("contracts", ("Where the money goes", "Timeline", "Transparency export"))])
def test_tabs_render(server, page, path, tabs):
    url, folder = server
    page.goto(f"{url}/{path}")
    wait_for_app(page)
    for tab in tabs:
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)
        no_errors(page)
        page.screenshot(path=folder / f"tab_{path}_{tab.replace(' ', '_')}.png")
        page.locator("[data-testid='stVegaLiteChart']:visible, [data-testid='stForm']:visible, "
                     "[data-testid='stDataFrame']:visible").first.wait_for()


SIDEWAYS = """(within) => [...document.querySelectorAll(within + " [data-testid='stDataFrame']")]
  .filter(d => d.offsetParent !== null)
  .map(d => { const s = d.querySelector('.dvn-scroller');
              return {scroll: s ? s.scrollWidth : null, client: s ? s.clientWidth : null,
                      head: d.closest("[data-testid='stVerticalBlock']").innerText.slice(0, 60)}; })"""


def tables_that_scroll_sideways(page, within: str = "[data-testid='stMain']") -> list[dict]:
    """The visible tables (Streamlit's glide-data-grid) whose grid is wider than their box: their last columns,
    often the RAG, would only be reached by scrolling sideways."""
    tables = page.evaluate(SIDEWAYS, within)
    assert all(t["scroll"] is not None for t in tables), "a table without its grid: Streamlit's markup changed"
    return [t for t in tables if t["scroll"] > t["client"] + 1]


def open_expanders(page) -> None:
    for summary in page.locator("[data-testid='stMain'] [data-testid='stExpander'] summary:visible").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    wait_for_app(page)
    page.wait_for_timeout(400)


@pytest.mark.parametrize("path", ["budget", "homecare", "weekly_check", "actions", "contracts"])
def test_no_table_scrolls_sideways_on_any_tab_at_1280x720(server, page, path):
    """The sidebar takes a quarter of a 1280-wide screen; every table on every tab of the ordinary pages (and in
    their expanders) must show all its columns, the RAG among them, without scrolling sideways."""
    url, folder = server
    page.goto(f"{url}/{path}")
    wait_for_app(page)
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    names = [tabs.nth(i).inner_text() for i in range(tabs.count())] or [None]
    seen = 0
    for name in names:
        if name:
            page.get_by_role("tab", name=name, exact=True).first.click()
            wait_for_app(page)
        open_expanders(page)
        no_errors(page)
        seen += len(page.evaluate(SIDEWAYS, "[data-testid='stMain']"))
        assert not tables_that_scroll_sideways(page), (name, tables_that_scroll_sideways(page))
        page.screenshot(path=folder / f"sideways_{path}_{(name or 'page').replace(' ', '_')}.png",
                        full_page=True)
    assert seen, "no table was looked at"


def test_the_revenue_table_shows_both_rags_at_1280x720(server, page):
    url, _ = server
    page.goto(f"{url}/budget")
    wait_for_app(page)
    table = page.locator("[data-testid='stDataFrame']").first
    box = table.bounding_box()
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1
    assert box["x"] >= 1280 / 4  # beside the sidebar, not under it
    assert not tables_that_scroll_sideways(page)


def test_upload_preview_shows_the_changes_column(server, page, tmp_path):
    register = tmp_path / "register update.csv"
    register.write_text("Contract Reference,Title of Agreement,Supplier,Start date,End date,Total value\n"
                        "ADV-01,Independent advocacy service for adults with learning disabilities and older "
                        "people across the borough,Rotherham Advocacy Partnership (a consortium of local charities),"
                        "01/04/2006,31/03/2010,380000\n", encoding="utf-8")
    url, folder = server
    page.goto(f"{url}/upload")
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(str(register))
    page.get_by_text("Recognised as").wait_for(timeout=60_000)
    wait_for_app(page)
    no_errors(page)
    assert page.get_by_role("tab", name="What will change").is_visible()
    preview = "[data-testid='stTabs']"  # the preview's tabs (the import history below is another matter)
    assert page.evaluate(SIDEWAYS, preview), "the preview shows no table"
    assert not tables_that_scroll_sideways(page, preview)
    page.screenshot(path=folder / "upload_changes.png", full_page=True)


def test_printing_gives_landscape_a4_without_the_sidebar_and_whole_tables(server, page, tmp_path):
    import pypdf

    url, folder = server
    page.goto(f"{url}/budget")
    wait_for_app(page)
    page.emulate_media(media="print")
    page.wait_for_timeout(800)
    assert page.locator("[data-testid='stSidebar']").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator("[data-testid='stHeader']").evaluate("e => getComputedStyle(e).display") == "none"
    main = page.locator("[data-testid='stMain']").bounding_box()
    assert main["x"] == 0  # the page's width is the report's, not shared with the sidebar
    table = page.locator("[data-testid='stDataFrame']").first
    assert table.bounding_box()["x"] + table.bounding_box()["width"] <= main["width"] + 1
    assert not tables_that_scroll_sideways(page)
    pdf = tmp_path / "budget.pdf"
    page.pdf(path=pdf, prefer_css_page_size=True, print_background=True)
    first = pypdf.PdfReader(pdf).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (842, 595)  # A4 landscape, in points
    (folder / "budget.pdf").write_bytes(pdf.read_bytes())


def test_weekly_check_download(server, page):
    url, _ = server
    page.goto(f"{url}/weekly_check")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this check for the group's record (.xlsx)").click()
    assert download.value.suggested_filename == "weekly_check_2008-04-18.xlsx"


def test_transparency_export_made_when_clicked(server, page, tmp_path):
    url, _ = server
    page.goto(f"{url}/contracts")
    wait_for_app(page)
    page.get_by_role("tab", name="Transparency export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Excel").click()
    assert download.value.suggested_filename == "contracts_transparency_2008_Q2.xlsx"
    path = tmp_path / "extract.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.max_row > 1 and sheet.cell(1, 1).value  # a header and the quarter's contracts


def test_upload_through_the_real_widget(server, page, tmp_path):
    url, folder = server
    workbook = tmp_path / "Month 1 - revenue monitoring.xlsx"
    rows = [["Adult Services revenue monitoring"], ["As at 30 April 2008"], [],
            ["Service Area", "Annual Budget £000", "Projected outturn £000", "RAG"],
            ["Older People's Services", 38000, 38100, "R"], ["Learning Disabilities", 12800, 12700, "G"]]
    workbook.write_bytes(xlsx(("Month 1", rows)))
    page.goto(f"{url}/upload")
    wait_for_app(page)
    page.get_by_role("textbox", name="Your name").fill("Browser Test")
    page.get_by_role("textbox", name="Your name").press("Enter")
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(str(workbook))
    page.get_by_text("Recognised as").wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_text("as at 30 April 2008").first.is_visible()
    page.screenshot(path=folder / "upload_preview.png")
    page.get_by_role("button", name="Confirm import").click()
    page.get_by_text("Imported as batch").wait_for(timeout=60_000)
    no_errors(page)
    page.goto(f"{url}/budget")
    wait_for_app(page)
    page.locator("[data-testid='stSelectbox']").first.click()  # the demo opens at its meeting, 21 April 2008
    page.get_by_role("option", name="As at 30 April 2008").click()
    wait_for_app(page)
    assert page.get_by_text("£50,800k").first.is_visible()


def test_a_wrong_file_through_the_real_widget(server, page, tmp_path):
    url, folder = server
    wrong = tmp_path / "minutes.xls"
    wrong.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    page.goto(f"{url}/upload")
    wait_for_app(page)
    page.locator("input[type='file']").set_input_files(str(wrong))
    page.get_by_text("was not imported").wait_for(timeout=60_000)
    no_errors(page)
    page.screenshot(path=folder / "upload_refused.png")


def test_template_download(server, page):
    url, _ = server
    page.goto(f"{url}/upload")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Revenue budget monitoring template").click()
    assert download.value.suggested_filename == "template_revenue.xlsx"


def test_a_bookmarked_page_opened_first_after_the_server_starts(tmp_path, browser):
    """Before app.py has run once, Streamlit runs pages/ files on their own; the page must still come up with
    the dashboard's navigation and sidebar."""
    with dashboard_server(f"sqlite:///{tmp_path / 'cold.db'}") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.goto(f"{url}/contracts")
        wait_for_app(page)
        page.get_by_text("Contract register").first.wait_for()
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Home care" in nav and "app" not in nav.split()
        assert page.get_by_text("Looking as at").first.is_visible()
        context.close()


def test_the_server_is_warmed_up_before_its_first_visitor(tmp_path, browser):
    """serve.py opens the store (an empty one gets the demo) and works out the overview's figures before the server
    answers: nobody has visited yet, and the demo is already in the store."""
    from lib.demo import store_is_empty
    from lib.store.engine import make_engine

    store = tmp_path / "warm.db"
    with dashboard_server(f"sqlite:///{store}") as url:
        engine = make_engine(f"sqlite:///{store}")
        try:
            assert not store_is_empty(engine)
        finally:
            engine.dispose()
        log = store.with_suffix(".log").read_text()
        assert "Dashboard warmed up" in log and "ScriptRunContext" not in log
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        wait_for_app(page)
        assert page.get_by_text("Since 7 April 2008").first.is_visible()
        page.close()


def test_a_store_that_cannot_be_opened_at_start_is_a_message_not_a_dead_server(tmp_path, browser):
    """The warm-up fails (the store is a folder, not a database): the server still starts, the failure is logged, and
    the first visitor is told, without a traceback."""
    store = tmp_path / "store.db"
    store.mkdir()
    with dashboard_server(f"sqlite:///{store}") as url:
        assert "Warming the dashboard up failed" in store.with_suffix(".log").read_text()
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        wait_for_app(page)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "Something went wrong (reference" in text and "Traceback" not in text
        assert "Ask ChatGPT" not in text and "Ask Google" not in text
        page.close()
