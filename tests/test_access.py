"""Who may do what, checked in lib/ for every write whoever calls it, and the audit log that records it all (on SQLite
and, with DASHBOARD_TEST_STORE=postgresql, PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lib import cli
from lib.areas import actions, homecare
from lib.demo import clear_data, load_demo
from lib.errors import NotAllowed, UsageError
from lib.importer import commit, prepare
from lib.kinds import revenue
from lib.store import access, audit, batches, settings
from lib.store.access import Actor
from lib.store.engine import write
from lib.vocab import ADMIN, EDITOR, VIEWER
from tests.conftest import ROOT, snapshot
from tests.workbooks import csv_bytes

VIEWER_JO = Actor("jo@council.example", VIEWER, signed_in=True)
EDITOR_SAM = Actor("sam@council.example", EDITOR, signed_in=True)
ADMIN_ALI = Actor("ali@council.example", ADMIN, signed_in=True)
REPORT = [["As at 31 March 2008"], ["Service Area", "Annual Budget £000", "Projected outturn £000"],
          ["Older People's Services", "37,168", "37,000"]]


def without_audit(snap: dict) -> dict:
    return {t: rows for t, rows in snap.items() if t != "audit_event"}


def refusals(engine) -> list[tuple[str, str]]:
    df = audit.events(engine, actions=[audit.REFUSED])
    return list(zip(df["who"], df["what"]))


@pytest.fixture
def demo_engine(engine):
    load_demo(engine, who="demo")
    return engine


def test_what_each_role_may_do():
    assert [a for a in access.NEEDS if access.can(VIEWER, a)] == ["view", "pack"]
    assert {a for a in access.NEEDS if access.can(EDITOR, a)} == {"view", "pack", "import", "edit", "undo", "meeting"}
    assert all(access.can(ADMIN, a) for a in access.NEEDS)
    assert not access.can(ADMIN, "something nobody declared") and not access.can(None, "view")


def test_a_role_given_here_comes_before_the_providers_claim(engine):
    assert access.role_of(engine, "new@council.example", None) == VIEWER  # signed in, nobody said more
    assert access.role_of(engine, "new@council.example", ["staff", "Editor"]) == EDITOR
    assert access.role_of(engine, "new@council.example", "viewer, admin") == ADMIN  # the highest claimed
    access.set_role(engine, "New@Council.example ", VIEWER, "cli:admin")
    assert access.role_of(engine, "NEW@council.example", ["admin"]) == VIEWER
    assert access.list_roles(engine)["email"].tolist() == ["new@council.example"]


@pytest.mark.parametrize("attempt", ["import", "undo", "edit action", "add comparator", "clear for the demo"])
def test_a_viewer_is_refused_every_write_and_the_attempt_is_recorded(demo_engine, attempt):
    engine = demo_engine
    before = snapshot(engine)
    with pytest.raises(NotAllowed) as refused:
        if attempt == "import":
            commit(engine, prepare(engine, "revenue", "small.csv", csv_bytes(REPORT)), VIEWER_JO)
        elif attempt == "undo":
            batches.undo(engine, 1, VIEWER_JO)
        elif attempt == "edit action":
            first = int(actions.items(engine)["id"].iloc[0])
            actions.set_fields(engine, {first: {"status": "Complete"}}, VIEWER_JO)
        elif attempt == "add comparator":
            homecare.add_comparators(engine, [homecare.comparator_row("England", dt.date(2006, 9, 30), 20, "CSCI")],
                                     VIEWER_JO)
        else:
            clear_data(engine, VIEWER_JO)
    assert "you are jo@council.example, a viewer" in str(refused.value)
    assert without_audit(snapshot(engine)) == without_audit(before)  # nothing changed
    [(who, what)] = refusals(engine)
    assert who == "jo@council.example" and what.startswith("refused to a viewer: ")


def test_an_editor_imports_and_undoes_but_changes_no_setting_or_role(engine):
    batch, _ = commit(engine, prepare(engine, "revenue", "small.csv", csv_bytes(REPORT)), EDITOR_SAM)
    assert batches.batch(engine, batch)["created_by"] == "sam@council.example"
    undo_id = batches.undo(engine, batch, EDITOR_SAM)
    with pytest.raises(NotAllowed, match="only admins may change the team's settings"):
        revenue.save_policy(engine, revenue.PRESETS["percent_or_pounds"], EDITOR_SAM)
    with pytest.raises(NotAllowed, match="only admins may manage roles"):
        access.set_role(engine, "jo@council.example", EDITOR, EDITOR_SAM)
    assert access.list_roles(engine).empty
    assert settings.get(engine, revenue.POLICY_SETTING) is None
    log = audit.events(engine)
    assert list(log["action"]) == ["refused", "refused", "undo", "import"]
    assert list(log["batch_id"].iloc[2:]) == [undo_id, batch]
    assert log.iloc[3]["what"] == (f"imported revenue from small.csv as batch {batch}: 1 added, 0 changed, "
                                   "0 removed")
    assert log.iloc[2]["what"].startswith(f"undid batch {batch} (revenue from small.csv) as batch {undo_id}")
    assert log.iloc[0]["what"] == "refused to an editor: give jo@council.example the editor role"


def test_a_batchs_audit_row_is_written_in_the_batchs_own_transaction(engine):
    """If anything after the batch fails in the same transaction, neither the batch nor its audit row stays."""
    info = batches.BatchInfo(kind="homecare", action="edit", who="someone", file_name="comparators")
    row = homecare.comparator_row("England", dt.date(2006, 9, 30), 20.0, "CSCI")
    with pytest.raises(RuntimeError), write(engine) as conn:
        batches.write_batch(conn, info, [batches.RowWrite("homecare_comparator", None, row)])
        raise RuntimeError("the disk filled up")
    assert batches.list_batches(engine).empty and audit.events(engine).empty
    batch = homecare.add_comparators(engine, [row], "someone")
    assert audit.events(engine)["batch_id"].tolist() == [batch]


def test_settings_and_roles_are_audited_with_what_they_were(engine):
    revenue.save_policy(engine, revenue.PRESETS["percent_or_pounds"], ADMIN_ALI)
    access.set_role(engine, "jo@council.example", VIEWER, ADMIN_ALI)
    access.set_role(engine, "jo@council.example", EDITOR, ADMIN_ALI)
    log = audit.events(engine)
    assert list(log["who"].unique()) == ["ali@council.example"]
    assert list(log["what"][:2]) == ["set the role of jo@council.example from viewer to editor",
                                     "set the role of jo@council.example to viewer"]
    assert log.iloc[2]["action"] == "setting"
    assert "changed the setting 'rag_policy'" in log.iloc[2]["what"] and "red over pct" in log.iloc[2]["what"]


def test_an_admin_cannot_take_the_admin_role_from_themselves(engine):
    with pytest.raises(NotAllowed, match="cannot take the admin role from yourself"):
        access.set_role(engine, "ali@council.example", EDITOR, ADMIN_ALI)
    with pytest.raises(UsageError, match="not an e-mail address"):
        access.set_role(engine, "ali", EDITOR, ADMIN_ALI)
    with pytest.raises(UsageError, match="not a role"):
        access.set_role(engine, "jo@council.example", "owner", ADMIN_ALI)


def test_the_audit_log_filters(engine):
    audit.record(engine, "jo@council.example", audit.SIGN_IN, "signed in as viewer")
    audit.record(engine, VIEWER_JO, audit.PACK, "downloaded the meeting pack for 21 April 2008")
    audit.record(engine, "sam@council.example", audit.SIGN_IN, "signed in as editor")
    assert len(audit.events(engine, who="jo@council.example")) == 2
    assert list(audit.events(engine, actions=["pack"])["what"]) == ["downloaded the meeting pack for 21 April 2008"]
    assert len(audit.events(engine, text="EDITOR")) == 1
    today = dt.datetime.now(dt.UTC).date()
    assert len(audit.events(engine, since=today, until=today)) == 3
    assert audit.events(engine, since=today + dt.timedelta(days=1)).empty
    assert audit.events(engine, until=today - dt.timedelta(days=1)).empty
    assert audit.people_and_actions(engine) == (["jo@council.example", "sam@council.example"], ["pack", "sign-in"])
    table = audit.table(audit.events(engine))
    assert list(table.columns) == ["When (UTC)", "Who", "Action", "What", "Batch"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", table.iloc[0]["When (UTC)"])


def test_nothing_in_the_project_changes_or_removes_an_audit_row():
    offenders = []
    for path in [*(ROOT / "lib").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        text = path.read_text()
        if re.search(r"(update|delete)\(\s*AUDIT\b|(UPDATE|DELETE FROM)\s+\"?audit_event", text, re.IGNORECASE):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


def test_the_database_itself_refuses_to_change_or_remove_an_audit_row(engine):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    audit.record(engine, "jo@council.example", audit.PACK, "the pack for 21 April 2008")
    for statement in ("UPDATE audit_event SET who = 'someone else'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert audit.events(engine)["who"].tolist() == ["jo@council.example"]


def test_role_and_audit_on_the_command_line(engine, capsys):
    assert cli.main(["role", "list"]) == 0
    assert "no roles given yet" in capsys.readouterr().out
    assert cli.main(["role", "set", "Jo@Council.example", "editor", "--who", "it-admin"]) == 0
    assert capsys.readouterr().out.strip() == "jo@council.example is now editor"
    assert cli.main(["role", "set", "jo@council.example", "admin"]) == 0
    assert capsys.readouterr().out.strip() == "jo@council.example is now admin (was editor)"
    assert cli.main(["role", "set", "jo@council.example", "owner"]) == 2  # not a role: the command is wrong
    capsys.readouterr()
    assert cli.main(["role", "list"]) == 0
    assert capsys.readouterr().out.startswith("jo@council.example  admin  (set by cli:")
    assert cli.main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("it-admin  role: set the role of jo@council.example to editor")
    assert "role: set the role of jo@council.example from editor to admin" in lines[1]
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
    assert cli.main(["audit", "--since", tomorrow]) == 0
    assert capsys.readouterr().out == ""
