"""Writes wait their turn: a write that finds another running waits for it (saying what it waits for) and then lands;
only past DASHBOARD_WRITE_WAIT_SECONDS is it refused, with nothing changed. The comparison with the store is kept
outside the write lock. On SQLite and PostgreSQL (DASHBOARD_TEST_STORE)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from lib.errors import DashboardError
from lib.importer import Options, commit, prepare
from lib.ingest import compare as comparing
from lib.store import batches as history
from lib.store import engine as db
from lib.store import settings
from tests.conftest import ROOT, STORE, snapshot
from tests.workbooks import csv_bytes
from tests.write_holder import FILE, WHO, holding_write

# as the write ahead describes itself (PostgreSQL keeps 63 characters of it: the file name does not fit there)
SOURCE = "" if STORE == "postgresql" else f" from {FILE}"
HOLDER = f"an import of contracts by {WHO}{SOURCE}, started "


def register(*refs: str) -> bytes:
    return csv_bytes([["Reference", "Title", "Supplier", "Total value", "Start date", "End date"]]
                     + [[ref, f"Contract {ref}", "Care Ltd", 12000, "01/04/2008", "31/03/2010"] for ref in refs])


def cli(store_url: str, *args: str, wait: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": store_url}
    env.pop("DASHBOARD_WRITE_WAIT_SECONDS", None)
    if wait is not None:
        env["DASHBOARD_WRITE_WAIT_SECONDS"] = wait
    return subprocess.Popen([sys.executable, "-m", "lib.cli", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_until(stream, text: str) -> list[str]:
    lines = []
    while True:
        line = stream.readline()
        assert line, f"ended before {text!r}: {lines}"
        lines.append(line)
        if text in line:
            return lines


def test_an_import_waits_for_a_long_write_says_what_for_and_then_lands(store_url, tmp_path):
    engine = db.get_engine(store_url)
    (tmp_path / "register.csv").write_bytes(register("C-1", "C-2"))
    with holding_write(store_url) as holder:
        importing = cli(store_url, "import", "contracts", str(tmp_path / "register.csv"), "--who", "officer")
        waiting = read_until(importing.stderr, "Waiting for")
        assert waiting[-1].startswith(f"Waiting for another change to the store to finish ({HOLDER}")
        assert "waiting up to 5 minutes" in waiting[-1]
        assert importing.poll() is None  # still waiting, however long the write ahead takes
        holder.release()
        out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert out.startswith("batch 2: contracts from register.csv") and "2 added" in out
    batches = history.list_batches(engine).set_index("id")
    assert (batches.loc[1, "created_by"], batches.loc[2, "created_by"]) == (WHO, "officer")
    assert sorted(r[1] for r in snapshot(engine)["contract"]) == ["C-1", "C-2", "HOLD-1"]


def test_past_the_limit_the_import_is_refused_and_a_killed_write_leaves_the_store_as_it_was(store_url, tmp_path):
    engine = db.get_engine(store_url)
    (tmp_path / "register.csv").write_bytes(register("C-1"))
    before = snapshot(engine)
    with holding_write(store_url) as holder:
        importing = cli(store_url, "import", "contracts", str(tmp_path / "register.csv"), wait="1")
        out, err = importing.communicate(timeout=120)
        assert importing.returncode == 1, (out, err)
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"Waiting for another change to the store to finish ({HOLDER}")
        assert lines[-1].startswith(f"refused: the store is busy: another change ({HOLDER}")
        assert lines[-1].endswith("was still running after 1 second of waiting, so this change was not made; "
                                  "try again when it has finished; nothing was changed")
        holder.kill()  # in the middle of its write: what it wrote is not kept
    assert snapshot(engine) == before
    again = cli(store_url, "import", "contracts", str(tmp_path / "register.csv"))
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0 and "1 added" in out and "Waiting" not in err, err  # the lock went with the process
    assert len(history.list_batches(engine)) == 1  # the killed write's batch was never kept


def test_a_write_waits_longer_than_the_busy_timeout(store_url, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # what a write used to be allowed to wait on SQLite
    first, second = db.make_engine(store_url), db.make_engine(store_url)
    held, messages = threading.Event(), []

    def hold():
        with db.write(first, "a long change by someone else"):
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        held.wait(30)
        with db.waits_reported_to(messages.append):
            settings.put(second, "meeting_date", "2008-04-21", "me")
    finally:
        thread.join()
        first.dispose()
        second.dispose()
    assert settings.get(db.get_engine(store_url), "meeting_date") == "2008-04-21"
    assert len(messages) == 1 and messages[0].startswith(
        "Waiting for another change to the store to finish (a long change by someone else, started ")


def test_a_refused_write_changes_nothing_and_names_the_limit(store_url, monkeypatch):
    engine = db.get_engine(store_url)
    settings.put(engine, "meeting_date", "2008-04-21", "me")
    before = snapshot(engine)
    monkeypatch.setenv("DASHBOARD_WRITE_WAIT_SECONDS", "0.5")
    with holding_write(store_url):
        with pytest.raises(db.StoreBusy) as refused:
            settings.put(engine, "meeting_date", "2009-01-01", "me")
    assert str(refused.value).startswith(f"the store is busy: another change ({HOLDER}")
    assert "after 0.5 seconds of waiting" in str(refused.value)
    assert snapshot(engine) == before


def test_the_limit_must_be_a_number_of_seconds(monkeypatch):
    monkeypatch.setenv("DASHBOARD_WRITE_WAIT_SECONDS", "five minutes")
    with pytest.raises(DashboardError, match="DASHBOARD_WRITE_WAIT_SECONDS must be a number of seconds"):
        db.write_wait_seconds()
    monkeypatch.setenv("DASHBOARD_WRITE_WAIT_SECONDS", "90")
    assert db.write_wait_seconds() == 90 and db.duration(90) == "90 seconds" and db.duration(300) == "5 minutes"
    monkeypatch.delenv("DASHBOARD_WRITE_WAIT_SECONDS")
    assert db.write_wait_seconds() == 300


def test_a_description_survives_postgresql_application_names():
    what = "an import of contracts by Siân Ní Bhriain from the register of every contract we hold.xlsx"
    assert len(db.APP_NAME_PREFIX + db._to_app_name(what)) <= 63 and db._to_app_name(what).isascii()
    assert db._from_app_name(db._to_app_name(what)) == "an import of contracts by Siân Ní Bhriain"
    assert db._from_app_name(db._to_app_name("a change by Siân")) == "a change by Siân"
    cut = db._from_app_name(db._to_app_name("a change by " + "Bartholomew " * 6))
    assert cut == "a change by Bartholomew Bartholomew Bartholomew..."  # cut after a whole word


def test_the_comparison_made_again_after_another_batch_landed_is_made_outside_the_lock(store_url, monkeypatch):
    engine = db.get_engine(store_url)
    mine = prepare(engine, "contracts", "mine.csv", register("C-1", "C-2"), Options())
    commit(engine, prepare(engine, "contracts", "theirs.csv", register("C-2", "C-3"), Options()), "someone else")
    probe = db.make_engine(store_url)
    lock_free_while_comparing = []
    real_compare = comparing.compare

    def watched(conn, *args, **kwargs):
        monkeypatch.setenv("DASHBOARD_WRITE_WAIT_SECONDS", "0")
        try:  # another writer can start now exactly when the lock is not held
            with db.write(probe):
                lock_free_while_comparing.append(True)
        except db.StoreBusy:
            lock_free_while_comparing.append(False)
        finally:
            monkeypatch.delenv("DASHBOARD_WRITE_WAIT_SECONDS")
        return real_compare(conn, *args, **kwargs)

    monkeypatch.setattr(comparing, "compare", watched)
    try:
        _, plan = commit(engine, mine, "me")
    finally:
        probe.dispose()
    assert lock_free_while_comparing == [True]  # compared once more, with the lock free
    assert (plan.count("add"), plan.count("same")) == (1, 1)  # C-1 added; C-2 already there from theirs
    assert sorted(r[1] for r in snapshot(engine)["contract"]) == ["C-1", "C-2", "C-3"]


def test_the_upload_page_says_what_it_waits_for_and_shows_the_refusal(store_url, no_demo, monkeypatch):
    engine = db.get_engine(store_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    at.selectbox(key="upload_kind").set_value("contracts")
    at.get("file_uploader")[0].set_value(("register.csv", register("C-1"), "text/csv"))
    at.text_input(key="upload_who").set_value("Test Officer").run()
    assert not at.exception
    before = snapshot(engine)
    monkeypatch.setenv("DASHBOARD_WRITE_WAIT_SECONDS", "1")
    with holding_write(store_url) as holder:
        at.button(key="upload_confirm").click().run()
        assert not at.exception
        shown = HOLDER.replace("_", "\\_")  # as markdown shows it
        assert at.status[0].label.startswith(f"Waiting for another change to the store to finish ({shown}")
        assert at.status[0].state == "error"
        assert at.error[0].value.startswith(f"The store is busy: another change ({shown}")
        assert at.error[0].value.endswith("try again when it has finished. Nothing was changed.")
        assert snapshot(engine) == before
        holder.release()
    monkeypatch.delenv("DASHBOARD_WRITE_WAIT_SECONDS")
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert "Imported as batch 2" in at.success[0].value


def test_a_batch_removing_more_rows_than_one_statement_may_name_removes_them_in_parts(engine, monkeypatch):
    """PostgreSQL takes at most 65,535 parameters a statement: a re-import replacing a 70,000-line report failed."""
    from sqlalchemy import event

    from lib.store.batches import BatchInfo, RowWrite, write_batch

    monkeypatch.setattr(history, "IN_CHUNK", 40)
    rows = [RowWrite("contract", None, {"reference": f"R{i}", "title": "t", "supplier": "s"}) for i in range(100)]
    with db.write(engine) as conn:
        write_batch(conn, BatchInfo(kind="contracts", action="import", who="t"), rows)
    deletes = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("DELETE"):
            deletes.append(len(parameters))

    with db.write(engine) as conn:
        stored = [dict(r) for r in conn.execute(text("SELECT * FROM contract")).mappings()]
        write_batch(conn, BatchInfo(kind="contracts", action="import", who="t"),
                    [RowWrite("contract", row, None) for row in stored])
    assert deletes == [40, 40, 20] and snapshot(engine)["contract"] == []
