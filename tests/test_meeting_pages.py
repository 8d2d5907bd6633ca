"""The Overview (the landing page) and meeting mode under Streamlit's AppTest, on a store with the demo loaded on first
run: the tiles and sentences since the last meeting, another date to compare with, meeting mode's sidebar and link,
and the screens in their fixed order."""

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT = 90


def html_texts(at) -> str:
    return "\n".join(str(e.value) for e in at.get("html"))


@pytest.fixture
def overview(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


def test_the_overview_is_the_landing_page_with_a_tile_per_area(overview):
    assert overview.title[0].value == "Meeting of 21 April 2008"
    shown = html_texts(overview)
    for figure in ("-£107k", "£9,214k", "1 of 3", "54.9%"):
        assert figure in shown, figure
    for rag in ("● Green", "◆ Amber", "▲ Red"):  # a shape and a word beside every colour
        assert rag in shown
    assert "Share -0.6 points" in shown and "No new report" in shown
    assert shown.count("Illustrative") == 2  # home care and the contract register are demo data
    assert [p.label for p in overview.get("page_link")] == ["Revenue budget", "Capital programme",
                                                            "Performance indicators", "Home care balance",
                                                            "Action plans", "Contract register"]
    assert overview.selectbox(key="since_choice").value == "last"  # the previous stored meeting, 7 April 2008
    assert overview.subheader[0].value == "Since 7 April 2008"
    assert "In Wentworth Valley the in-house share rose 0.7 points to 61.1%" in shown


def test_the_last_meeting_follows_the_date_and_another_date_can_be_chosen(overview):
    overview.date_input(key="as_at").set_value(dt.date(2008, 5, 19)).run()
    assert overview.title[0].value == "Meeting of 19 May 2008"
    assert overview.subheader[0].value == "Since 21 April 2008"
    assert "Commissioning Strategy Action Plan 2008-2011 7.1" in html_texts(overview)  # fell overdue on 30 April
    overview.selectbox(key="since_choice").set_value("2008-04-07").run()
    assert overview.subheader[0].value == "Since 7 April 2008"


def test_another_date_to_compare_with(overview):
    overview.selectbox(key="since_choice").set_value("another date").run()
    overview.date_input(key="since_date").set_value(dt.date(2008, 2, 29)).run()
    assert not overview.exception
    shown = html_texts(overview)
    assert overview.subheader[0].value == "Since 29 February 2008"
    assert "Forecast £107k better" in shown  # the revenue tile's movement since the February report
    sentences = [html_texts(overview)] + [str(e.value) for p in overview.get("popover") for e in p.get("html")]
    assert any("The whole budget moved from on budget to £107k under budget" in s for s in sentences)


def test_meeting_mode_hides_the_sidebar_and_leaving_drops_it_from_the_link(store_url):
    """(Switching in and out reruns the app with new query parameters, which AppTest does not carry over to the page
    it shows: tests/test_browser_meeting.py clicks both ways in a real browser.)"""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["mode"] = "meeting"
    at.run()
    assert not at.exception, at.exception
    assert "The picture at a glance" in html_texts(at)
    assert not list(at.sidebar.get("date_input")) and not list(at.sidebar.get("toggle"))
    assert not at.get("page_link")
    at.button(key="meeting_leave").click().run()
    assert not at.exception, at.exception
    assert "mode" not in at.query_params


def test_meeting_screens_in_their_fixed_order(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["mode"] = "meeting"
    at.run()
    assert not at.exception, at.exception
    total = int(re.search(r'class="m-count">1 of (\d+)<', html_texts(at)).group(1))
    assert total == 14  # the overview, the sentences, then a chart and a table for each of the six areas
    assert at.button(key="meeting_previous").disabled
    seen = []
    for _ in range(total - 1):
        at.button(key="meeting_next").click().run()
        assert not at.exception, at.exception
        shown = html_texts(at)
        seen.append(next((a for a in ("Revenue budget", "Capital programme", "Performance indicators",
                                      "Home care balance", "Action plans", "Contract register")
                          if f'<div class="m-kicker">{a}' in shown), "sentences"))
    assert seen == ["sentences"] + [a for a in ("Revenue budget", "Capital programme", "Performance indicators",
                                                "Home care balance", "Action plans", "Contract register")
                                    for _ in (1, 2)]
    assert at.button(key="meeting_next").disabled
    assert at.query_params["screen"] == str(total)
    assert "▲ Red" in html_texts(at) and "Illustrative figures" in html_texts(at)  # the register: demo data
    at.button(key="meeting_previous").click().run()
    assert "From illustrative_contract_register.xlsx" in html_texts(at)
    assert len(at.get("image")) == 1  # the register's chart, drawn as a whole picture


def test_a_bookmarked_meeting_screen_opens_where_it_was(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update({"mode": "meeting", "screen": "4", "as_at": "2008-04-21", "since": "2008-04-07"})
    at.run()
    assert not at.exception, at.exception
    shown = html_texts(at)
    assert "Revenue budget by service area, as at 31 March 2008" in shown
    assert "Older People&#x27;s Services" in shown or "Older People's Services" in shown
    assert "+338" in shown and "-17" in shown and "4 of 14" in shown
