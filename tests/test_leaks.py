"""No leaks: nobody sees a traceback (a reference instead, the details in the server's log), no message or --help shows
the store's password, and text from files shows as written - never as links, images, formatting or HTML. Each test
fails when its protection is taken away."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from lib import cli
from lib.store.engine import hide_passwords
from lib.ui import faults
from lib.ui.style import JOINER, plain
from tests.browser_support import free_port
from tests.conftest import ROOT
from tests.test_pages import TIMEOUT, texts
from tests.workbooks import csv_bytes

HOSTILE = ("See [the report](https://evil.example/x) or https://evil.example/y, www.evil.example, "
           "<https://evil.example/z>, jo@evil.example ![pixel](https://evil.example/p.png) $x^2$ **loud** <b>bold</b>")
LINK = re.compile(r"(?i)https?://|www\.|(?<!\\)\]\(|@[a-z]")  # anything Markdown would make a link of


# --- text from files -------------------------------------------------------------------------------------------------

def test_plain_leaves_nothing_markdown_would_turn_into_a_link_or_formatting():
    out = plain(HOSTILE)
    assert not LINK.search(out), out
    assert "\\[the report\\]" in out and "\\!\\[pixel\\]" in out and "\\$x^2\\$" in out and "\\*\\*loud\\*\\*" in out
    assert "\\<https:" in out and "\\<b>" in out
    assert out.replace(JOINER, "").replace("\\", "") == HOSTILE  # shown as written: only escapes and joiners added


@pytest.mark.parametrize("text, escaped", [
    ("2008. Budget agreed", "2008\\. Budget agreed"),  # not a numbered list
    ("Reasons\n- demand\n+ prices\n> quote", "Reasons\n\\- demand\n\\+ prices\n\\> quote"),
    ("Heading\n===", "Heading\n\\==="),
    ("# Not a heading", "\\# Not a heading"),
    ("C-001 costs £1,000 (approx) - see note 2.", "C-001 costs £1,000 (approx) - see note 2."),
])
def test_plain_keeps_line_marks_and_numbers_as_text(text, escaped):
    assert plain(text) == escaped


def revenue_with(reason: str) -> bytes:
    return csv_bytes([["As at 31 March 2008"],
                      ["Service Area", "Annual Budget £000", "Projected outturn £000", "Reason for variance"],
                      [reason.split()[1] + " Services", "100", "120", reason]])


@pytest.fixture
def hostile_store(store_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    (tmp_path / "budget [x](https:evil).csv").write_bytes(revenue_with(HOSTILE))
    assert cli.main(["import", "revenue", str(tmp_path / "budget [x](https:evil).csv")]) == 0
    return store_url


def test_file_text_on_the_budget_page_is_escaped(hostile_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/budget.py").run()
    assert not at.exception
    shown = texts(at) + "\n".join(e.label for e in at.expander)
    assert "**Reason:** See \\[the report\\]" in shown
    assert "From budget \\[x\\](https:evil).csv (batch 1)" in shown  # the file name in the source caption
    for line in shown.splitlines():
        assert not LINK.search(line.replace("https:evil", "")), line


def test_the_column_matchers_labels_are_escaped(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/upload.py").run()
    rows = [["Contract Reference", "Title of Agreement", "[Pay](https://evil.example) www.evil.example", "Start date",
             "End date"], ["NEW-1", "Befriending", "Good Neighbours", "01/04/2008", "31/03/2009"]]
    at.selectbox(key="upload_kind").set_value("contracts")
    at.get("file_uploader")[0].set_value(("register.csv", csv_bytes(rows), "text/csv"))
    at.run()
    label = next(s.label for s in at.selectbox if "Pay" in s.label)
    assert label == f"\\[Pay\\](https:{JOINER}//evil.example) www{JOINER}.evil.example (C)"


def test_a_name_typed_into_a_setting_is_escaped_where_it_is_shown(store_url):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/budget.py").run()
    at.text_input(key="indicator_policy_who").set_value("[Me](https://evil.example)")
    next(b for b in at.button if b.label == "Save the tolerance").click().run()
    assert not at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("RAG: Green"))
    assert caption.endswith(f"Basis: Set by \\[Me\\](https:{JOINER}//evil.example) on the Budget page.")


# --- errors: a reference, never a traceback --------------------------------------------------------------------------

def test_a_failing_store_shows_a_reference_and_logs_the_details_without_the_password(monkeypatch, caplog):
    """A real fault: the store is a PostgreSQL server that is not there."""
    url = f"postgresql+psycopg://officer:S3cretPass@127.0.0.1:{free_port()}/dashboard"
    monkeypatch.setenv("DATABASE_URL", url)
    caplog.set_level(logging.ERROR, logger="dashboard")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    [shown] = at.exception
    reference = re.fullmatch(r"Something went wrong \(reference ([A-Z2-9]{6})\)\. The dashboard could not finish "
                             r"this page; .*", shown.message)
    assert reference, shown.message
    assert shown.stack_trace == [] and "S3cretPass" not in str(shown.proto) and "psycopg" not in str(shown.proto)
    [record] = [r for r in caplog.records if r.name == "dashboard"]
    logged = record.getMessage()
    assert logged.startswith(f"reference {reference.group(1)}: Traceback")
    assert "OperationalError" in logged and "S3cretPass" not in logged


def test_the_log_never_holds_a_password_an_error_carries(store_url, caplog):
    caplog.set_level(logging.ERROR, logger="dashboard")
    reference = faults.log_error(RuntimeError("could not connect to postgresql://officer:S3cretPass@db/x "
                                              "(password=S3cretPass)"))
    [record] = [r for r in caplog.records if r.name == "dashboard"]
    assert reference in record.getMessage() and "S3cretPass" not in record.getMessage()
    assert "postgresql://officer:***@db/x" in record.getMessage()


def _refusing_script():
    from lib.errors import NotAllowed, Refused
    from lib.ui import faults

    with faults.shown_safely():
        raise Refused("batch 1 was already undone by batch 18")
    with faults.shown_safely():
        raise NotAllowed("only admins may manage roles; you are jo@council.example, a viewer")


def test_a_refusal_shows_its_own_message_not_a_reference():
    at = AppTest.from_function(_refusing_script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "batch 1 was already undone by batch 18",
        f"Not allowed: only admins may manage roles; you are jo@{JOINER}council.example, a viewer."]


def test_the_server_config_hides_error_details_and_listens_on_this_computer_only():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"


# --- the store's password ---------------------------------------------------------------------------------------------

def test_hide_passwords():
    url = "postgresql+psycopg://officer:S3cr%40t@db.council.local:5432/dash"
    text = f"failed: {url} password=S3cr@t dbname=dash (S3cr@t)"
    assert hide_passwords(text, url) == ("failed: postgresql+psycopg://officer:***@db.council.local:5432/dash "
                                         "password=*** dbname=dash (***)")


@pytest.mark.parametrize("url, shown", [
    ("postgresql+psycopg://officer:S3cretPass@127.0.0.1:{port}/dash",
     "postgresql+psycopg://officer:***@127.0.0.1:{port}/dash: connection failed"),
    ("postgresql+psycopg://officer:S3cretPass@127.0.0.1:notaport/dash", "(a store URL that could not be read): "),
    ("postgresql+nosuchdriver://officer:S3cretPass@127.0.0.1/dash", "postgresql+nosuchdriver://officer:***@"),
])
def test_the_command_line_never_shows_the_password(monkeypatch, capsys, url, shown):
    port = free_port()
    monkeypatch.setenv("DATABASE_URL", url.format(port=port))
    assert cli.main(["--help"]) == 0
    assert cli.main(["batches"]) == 1
    out, err = capsys.readouterr()
    assert "S3cretPass" not in out + err and "Traceback" not in err
    assert f"The store is DATABASE_URL (now {shown.format(port=port).split(': ')[0]}" in " ".join(out.split())
    assert err.startswith(f"error: cannot open the store {shown.format(port=port)}") and len(err.splitlines()) == 1
