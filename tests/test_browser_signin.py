"""Sign-in in a real browser: headless Chromium signs in through a mock OpenID Connect provider on loopback
(oidc-provider-mock) as a viewer and as an editor, and sees what each may do. The store holds a report whose text is
full of links and markup, to show it is never made into a link."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from lib.store import audit, batches
from lib.store.engine import make_engine
from tests.browser_support import CHROMIUM, ROOT, dashboard_server, free_port, wait_for_app, wait_http
from tests.workbooks import csv_bytes, xlsx

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (scripts/setup.sh --browser installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("oidc_provider_mock")
pytest.importorskip("authlib")

PROVIDER = Path(sys.executable).parent / "oidc-provider-mock"
PEOPLE = {"viewer-1": {"email": "viewer@council.example", "name": "Vic Viewer", "roles": ["viewer"]},
          "editor-1": {"email": "Editor@Council.example", "name": "Ed Editor", "roles": ["staff", "editor"]}}
REASON = ("Demand rose, see [the report](https://evil.example/r) or https://evil.example/bare, www.evil.example, "
          "help@evil.example ![pixel](https://evil.example/p.png) <b>bold</b>")


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("idp") / "provider.log", "w")
    proc = subprocess.Popen([str(PROVIDER), "--host", "127.0.0.1", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/.well-known/openid-configuration", proc, f"the mock provider did not start; see {log.name}")
        for sub, claims in PEOPLE.items():  # the claims the provider will give each person when they sign in
            request = urllib.request.Request(f"{url}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 204
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    store = f"sqlite:///{folder / 'store.db'}"
    report = folder / "budget.csv"
    header = ["Service Area", "Annual Budget £000", "Projected outturn £000", "Reason for variance"]
    report.write_bytes(csv_bytes([["As at 31 March 2008"], header, ["Older People's Services", "37,168", "37,506",
                                                                    REASON]]))
    subprocess.run([sys.executable, "-m", "lib.cli", "import", "revenue", str(report), "--who", "finance"],
                   cwd=ROOT, env={**os.environ, "DATABASE_URL": store}, check=True, capture_output=True)
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                       f'cookie_secret = "browser-test-cookie-secret-0123456789abcdef"\n'
                       f'client_id = "dashboard"\nclient_secret = "dashboard-secret"\n'
                       f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    with dashboard_server(store, {"STREAMLIT_SECRETS_FILES": str(secrets), "DASHBOARD_NO_DEMO": "1"},
                          port=port) as url:
        engine = make_engine(store)
        yield url, engine, folder
        engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})  # a fresh cookie jar for each person
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def sign_in(page, url: str, provider: str, sub: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*")
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{url}/")
    wait_for_app(page)


def navigation(page) -> list[str]:
    return [t.strip().splitlines()[-1] for t in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


def test_a_viewer_sees_everything_changes_nothing_and_an_attempt_to_upload_is_refused_and_recorded(
        server, provider, page):
    url, engine, folder = server
    sign_in(page, url, provider, "viewer-1")
    assert navigation(page) == ["Overview", "Budget", "Home care", "Weekly check", "Action plans", "Contracts"]
    page.goto(f"{url}/budget")
    wait_for_app(page)
    # (a zero-width joiner after the @ keeps Markdown from making the address a mailto: link)
    assert page.get_by_text(re.compile(r"Signed in as viewer@\u200d?council\.example \(viewer\)")).is_visible()
    assert page.get_by_text("£37,168k").first.is_visible()
    # the report's text is shown as written: nothing in it became a link, an image or markup
    reason = page.get_by_text("Demand rose, see [the report](https:").first
    assert reason.is_visible()
    assert reason.inner_text().replace("\u200d", "") == f"Reason: {REASON}"
    assert page.locator("a[href*='evil'], a[href^='mailto:'], img[src*='evil']").count() == 0
    assert reason.locator("a, img, b").count() == 0
    page.screenshot(path=folder / "viewer_budget.png")

    page.goto(f"{url}/upload")  # the page is not in a viewer's navigation; its address is tried anyway
    wait_for_app(page)
    assert page.get_by_text("Not allowed: only editors and admins may import spreadsheets").is_visible()
    assert page.locator("input[type='file']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0
    refused = audit.events(engine, who="viewer@council.example", actions=["refused"])
    assert list(refused["what"]) == ["refused to a viewer: open the Upload page"]
    assert list(batches.list_batches(engine)["created_by"]) == ["finance"]  # nothing written

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider}/oauth2/end_session*")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/")
    wait_for_app(page)
    assert page.get_by_role("button", name="Sign in").is_visible()
    assert list(audit.events(engine, who="viewer@council.example")["action"]) == ["sign-out", "refused", "sign-in"]


def test_an_editor_uploads_as_themselves(server, provider, page, tmp_path):
    url, engine, folder = server
    sign_in(page, url, provider, "editor-1")
    assert navigation(page) == ["Overview", "Budget", "Home care", "Weekly check", "Action plans", "Contracts",
                                "Upload"]
    page.goto(f"{url}/upload")
    wait_for_app(page)
    assert page.get_by_role("textbox", name="Your name").count() == 0  # the signed-in e-mail is the who
    workbook = tmp_path / "Month 1.xlsx"
    workbook.write_bytes(xlsx(("Month 1", [["As at 30 April 2008"], ["Service Area", "Annual Budget £000",
                                                                     "Projected outturn £000"],
                                           ["Older People's Services", 38000, 38100]])))
    page.locator("input[type='file']").set_input_files(str(workbook))
    page.get_by_text("Recognised as").wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("button", name="Confirm import").click()
    page.get_by_text("Imported as batch").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=folder / "editor_upload.png")
    newest = batches.list_batches(engine).iloc[0]
    assert (newest["created_by"], newest["file_name"]) == ("editor@council.example", "Month 1.xlsx")
    log = audit.events(engine, who="editor@council.example")
    assert list(log["action"]) == ["import", "sign-in"]
    assert log.iloc[1]["what"] == "signed in as editor (from the sign-in provider)"
    page.goto(f"{url}/roles")
    wait_for_app(page)
    assert page.get_by_text("Not allowed: only admins may manage roles").is_visible()
