"""The Overview and meeting mode in real headless Chromium, at 1280x720 and 1920x1080: nothing to scroll in the main
area, every meeting screen reached with the Right key, RAG as a shape and a word, nothing left half drawn or
spinning, the sidebar switch, and the pack downloaded in one click. Screenshots go to the test's temporary folder."""

import io
import os
import zipfile
from pathlib import Path

import pytest

from tests.browser_support import CHROMIUM, dashboard_server, wait_for_app

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: scripts/setup.sh --browser installs it")
    pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh --browser installs it)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
SIZES = [(1280, 720), (1920, 1080)]
AREAS = ("Revenue budget", "Capital programme", "Performance indicators", "Home care balance", "Action plans",
         "Contract register")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("meeting")
    with dashboard_server(f"sqlite:///{folder / 'store.db'}") as url:
        yield url, folder


def open_page(browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    return context, context.new_page()


def main_overflow(page) -> int:
    """How many pixels the main area would scroll by (0: it all fits)."""
    return page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
        return Math.max(m.scrollHeight - m.clientHeight, document.scrollingElement.scrollHeight - innerHeight,
                        m.scrollWidth - m.clientWidth); }""")


def settled(page):
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stSkeleton'], [data-testid='stSpinner']").count() == 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_overview_fits_the_screen(server, browser, size):
    url, folder = server
    context, page = open_page(browser, size)
    page.goto(url)
    wait_for_app(page)
    settled(page)
    page.get_by_text("Meeting of 21 April 2008").first.wait_for()
    for text in ("-£107k", "54.9%", "● Green", "▲ Red", "Since 7 April 2008", "In Wentworth Valley"):
        assert page.get_by_text(text, exact=False).first.is_visible(), text
    for area in AREAS:
        assert page.get_by_test_id("stMainBlockContainer").get_by_role("link", name=area).is_visible(), area
    page.screenshot(path=folder / f"overview_{size[0]}.png")
    assert main_overflow(page) <= 0, f"the overview scrolls by {main_overflow(page)}px at {size}"
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_meeting_screen_fits_and_the_right_key_moves_on(server, browser, size):
    url, folder = server
    context, page = open_page(browser, size)
    page.goto(f"{url}/?mode=meeting")
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar']").count() == 0 or \
        not page.locator("[data-testid='stSidebar']").is_visible()
    count = page.locator(".m-count").inner_text()
    total = int(count.split(" of ")[1])
    headlines = []
    for number in range(1, total + 1):
        settled(page)
        assert page.locator(".m-count").inner_text() == f"{number} of {total}"
        assert page.locator("[data-testid='stImage'] img").evaluate_all(
            "imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")  # a chart is drawn whole or not at all
        page.screenshot(path=folder / f"meeting_{size[0]}_{number:02d}.png")
        assert main_overflow(page) <= 0, f"screen {number} scrolls by {main_overflow(page)}px at {size}"
        kicker = page.locator(".m-kicker")
        if kicker.count():
            headlines.append(kicker.inner_text())
            assert any(f"{shape} {word}" in kicker.inner_text() for shape, word in
                       (("▲", "Red"), ("◆", "Amber"), ("●", "Green"))), kicker.inner_text()
        if number < total:
            page.keyboard.press("ArrowRight")
            wait_for_app(page)
    assert [next(a for a in AREAS if h.startswith(a)) for h in headlines] == [a for a in AREAS for _ in (1, 2)]
    page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    assert page.locator(".m-count").inner_text() == f"{total - 1} of {total}"
    assert f"screen={total - 1}" in page.url
    context.close()


def test_the_sidebar_switch_opens_meeting_mode_and_leave_closes_it(server, browser):
    url, folder = server
    context, page = open_page(browser, SIZES[0])
    page.goto(url)
    wait_for_app(page)
    page.get_by_text("Meeting mode").click()
    page.get_by_text("The picture at a glance").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "mode=meeting" in page.url and "as_at=2008-04-21" in page.url and "since=2008-04-07" in page.url
    page.get_by_role("button", name="Leave meeting mode").click()
    page.get_by_text("Meeting of 21 April 2008").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "mode=meeting" not in page.url
    assert page.get_by_text("Looking as at").is_visible()
    context.close()


def test_the_pack_in_one_click(server, browser):
    url, _ = server
    context, page = open_page(browser, SIZES[0])
    page.goto(url)
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download the meeting pack").click()
    assert download.value.suggested_filename == "meeting_pack_2008-04-21.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert sorted(archive.namelist()) == ["meeting_pack_2008-04-21.pdf", "meeting_pack_2008-04-21.pptx",
                                          "meeting_pack_2008-04-21.xlsx"]
    context.close()
