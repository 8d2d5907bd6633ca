"""The pages per role under AppTest with sign-in configured (at.secrets [auth], at.user as the provider would give it):
what a viewer, an editor and an admin each see and may do, the sign-in page, and the local user without sign-in."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import access, audit, batches
from lib.store import engine as db
from tests.conftest import ROOT, snapshot
from tests.test_pages import TIMEOUT, texts
from tests.workbooks import csv_bytes

AUTH = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "c" * 32,
                 "client_id": "dashboard", "client_secret": "s",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
PAGES = ["pages/budget.py", "pages/homecare.py", "pages/weekly_check.py", "pages/actions.py", "pages/contracts.py",
         "pages/upload.py", "pages/roles.py", "pages/audit.py"]
TITLES = dict(zip(PAGES, ["Budget status", "Home care: shifting the balance", "Weekly check: home care",
                          "Action plans", "Contract register", "Upload a spreadsheet", "Roles", "Audit log"]))
REPORT = [["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
          ["Older People's Services", "37,168", "37,000"]]


def signed_in(role: str | None, email: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets.update(AUTH)
    if role is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "email": email or f"{role}@council.example", "name": role.title(),
                   "roles": [role, "staff"]}
    at.run()
    assert not at.exception, at.exception
    return at


def reachable(at: AppTest) -> list[str]:
    """The page files this person's navigation holds (AppTest refuses to switch to any other)."""
    out = []
    for page in PAGES:
        try:
            at.switch_page(page)
        except ValueError:
            continue
        out.append(page)
    at.switch_page("pages/budget.py")
    return out


def no_name_boxes(at: AppTest) -> bool:
    return not [t for t in at.text_input if t.label == "Your name"]


def test_before_signing_in_there_is_only_the_sign_in_page(store_url):
    at = signed_in(None)
    assert [t.value for t in at.title] == ["Adult social care commissioning"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.dataframe and not at.date_input  # no figures, not even the sidebar's date
    with pytest.raises(ValueError):
        at.switch_page("pages/budget.py")


def test_a_viewer_sees_everything_and_changes_nothing(store_url):
    at = signed_in("viewer")
    assert "Signed in as viewer@\u200dcouncil.example (viewer)" in texts(at)  # the sidebar, on the landing page
    assert reachable(at) == PAGES[:5]  # no Upload, Roles or Audit log
    at.switch_page("pages/budget.py").run()
    assert {m.label: m.value for m in at.metric}["Annual budget"] == "£63,256k"
    assert all(b.disabled for b in at.button if b.label in ("Use the preset", "Save these thresholds",
                                                          "Save the tolerance"))
    assert "Only admins change the policy." in texts(at) and no_name_boxes(at)
    at.switch_page("pages/actions.py").run()
    assert not at.exception
    assert "Viewers see the plans; editors update them." in texts(at)
    assert not [b for b in at.button if b.label == "Save changes"]
    at.switch_page("pages/homecare.py").run()
    assert [b.disabled for b in at.button if b.label in ("Add comparator", "Save the target and costs")] == [True, True]
    assert no_name_boxes(at)
    engine = db.get_engine(store_url)
    signs = audit.events(engine, actions=["sign-in"])["what"]
    assert list(signs) == ["signed in as viewer (from the sign-in provider)"]


def test_an_editor_made_a_viewer_while_the_upload_page_is_open_cannot_confirm(store_url):
    """The navigation is worked out again on every run: the click that would have confirmed the import lands on the
    refusal instead, nothing is imported, and the attempt is in the audit log."""
    at = signed_in("editor", "sam@council.example")
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value(("small.csv", csv_bytes(REPORT), "text/csv"))
    at.run()
    assert not at.button(key="upload_confirm").disabled
    engine = db.get_engine(store_url)
    before = snapshot(engine)
    access.set_role(engine, "sam@council.example", "viewer", "cli:it-admin")
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Upload"]
    assert at.error[0].value.startswith("Not allowed: only editors and admins may import spreadsheets; you are "
                                        "sam@\u200dcouncil.example, a viewer.")
    assert not at.get("file_uploader")
    after = snapshot(engine)
    assert after["import_batch"] == before["import_batch"] and after["revenue_line"] == before["revenue_line"]
    refused = audit.events(engine, actions=["refused"])
    assert list(zip(refused["who"], refused["what"])) == [
        ("sam@council.example", "refused to a viewer: open the Upload page")]


def test_an_editor_imports_and_undoes_as_themselves_without_a_name_box(store_url):
    at = signed_in("editor")
    assert reachable(at) == PAGES[:6]  # Upload, but not Roles or the Audit log
    at.switch_page("pages/upload.py").run()
    assert not at.exception and no_name_boxes(at)
    at.get("file_uploader")[0].set_value(("small.csv", csv_bytes(REPORT), "text/csv"))
    at.run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    engine = db.get_engine(store_url)
    batch = int(batches.list_batches(engine).iloc[0]["id"])
    assert batches.batch(engine, batch)["created_by"] == "editor@council.example"
    at.selectbox(key="undo_batch").set_value(batch).run()
    at.button(key="undo_button").click().run()
    at.button(key="undo_confirm").click().run()
    assert not at.exception
    assert f"Batch {batch} undone" in at.success[0].value
    log = audit.events(engine, who="editor@council.example")
    assert list(log["action"]) == ["undo", "import", "sign-in"]
    at.switch_page("pages/actions.py").run()
    assert [b.label for b in at.button if b.label == "Save changes"] == ["Save changes"]
    at.switch_page("pages/budget.py").run()
    assert "Only admins change the policy." in texts(at)


def test_an_admin_manages_roles_and_reads_the_audit_log(store_url):
    at = signed_in("admin", "ali@council.example")
    assert reachable(at) == PAGES
    at.switch_page("pages/roles.py").run()
    assert not at.exception and no_name_boxes(at)
    at.text_input(key="role_email").set_value("Jo@Council.example")
    at.selectbox(key="role_role").set_value("editor")
    next(b for b in at.button if b.label == "Save the role").click().run()
    assert not at.exception
    assert at.success[0].value == "jo@council.example is editor."
    assert at.dataframe[0].value[["E-mail", "Role", "By"]].values.tolist() == [
        ["jo@council.example", "editor", "ali@council.example"]]
    engine = db.get_engine(store_url)
    assert access.role_of(engine, "jo@council.example", ["viewer"]) == "editor"

    at.switch_page("pages/audit.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    assert list(log.columns) == ["When (UTC)", "Who", "Action", "What", "Batch"]
    assert log.iloc[0]["What"] == "set the role of jo@council.example to editor"
    at.multiselect(key="audit_actions").set_value(["sign-in"]).run()
    assert at.dataframe[0].value["What"].tolist() == ["signed in as admin (from the sign-in provider)"]
    at.multiselect(key="audit_actions").set_value([]).run()
    at.selectbox(key="audit_who").set_value("demo (first run)").run()
    assert set(at.dataframe[0].value["Action"]) == {"demo", "setting"}
    csv = at.get("download_button")[0]
    assert csv.proto.label == "Download CSV"


def test_a_role_given_by_an_admin_applies_on_the_next_run(store_url):
    """Each page checks the role again, read afresh: AppTest runs a page's file on its own after the first run (as a
    server does for a bookmarked page), so this is the page's own check, not the navigation's."""
    at = signed_in("viewer", "jo@council.example")
    at.run()
    at.switch_page("pages/upload.py").run()
    assert [t.value for t in at.title] == ["Upload"] and at.error[0].value.startswith("Not allowed: only editors")
    assert not at.get("file_uploader")
    access.set_role(db.get_engine(store_url), "jo@council.example", "editor", "cli:it")
    at.run()
    assert [t.value for t in at.title] == ["Upload a spreadsheet"] and at.get("file_uploader")
    log = audit.events(db.get_engine(store_url), who="jo@council.example")
    assert list(zip(log["action"], log["what"])) == [
        ("sign-in", "signed in as editor (given here)"),
        ("refused", "refused to a viewer: open the Upload page"),
        ("sign-in", "signed in as viewer (from the sign-in provider)")]


@pytest.mark.parametrize("page", PAGES)
def test_without_sign_in_every_page_says_so_and_the_local_user_may_do_everything(store_url, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.switch_page(page).run()  # the first run opens this page through app.py, as a browser would
    assert not at.exception, at.exception
    assert at.title[0].value == TITLES[page] and not at.error  # the page itself, not a refusal
    notice = [c.value for c in at.sidebar.caption]
    assert notice == [":material/lock_open: Sign-in is not set up: this dashboard opens only on this computer, and "
                      "whoever uses it may change everything."]


def test_without_sign_in_a_server_open_to_the_network_warns_on_every_page(store_url):
    from streamlit import config

    old = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    finally:
        config.set_option("server.address", old)
    assert not at.exception
    assert [w.value for w in at.sidebar.warning] == [
        "Sign-in is not set up, and this dashboard is open to the network: anyone who reaches it can change the "
        "figures. Set up sign-in first (see the README)."]

