"""Backup and restore: a whole store carried between SQLite and PostgreSQL in either direction with nothing lost (every
table, the batch history, the audit log, every export, undo working after), refused into a store that holds data,
from a newer schema or from a damaged file, and a backup taken while writes land is one consistent snapshot.

The round trip starts on the store under test (DASHBOARD_TEST_STORE): SQLite -> PostgreSQL -> SQLite on the SQLite
pass, PostgreSQL -> SQLite -> PostgreSQL on the PostgreSQL pass; both need the PostgreSQL server the tests start."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import struct
import subprocess
import sys
import zipfile

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, insert, select

from lib import cli
from lib.demo import load_demo
from lib.importer import Options, commit, prepare
from lib.kinds import KINDS
from lib.store import backup as store_backup
from lib.store import batches as history
from lib.store import engine as db
from lib.store import settings as team_settings
from lib.store.batches import BatchInfo, RowWrite, write_batch
from lib.store.schema import AuditEvent, Meeting, UserRole
from tests.conftest import ROOT, STORE, snapshot
from tests.workbooks import csv_bytes

AS_AT = "2008-04-21"


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def tables(engine) -> dict[str, list[dict]]:
    """Every table's rows as typed values, read through SQLAlchemy (not through the backup), in key order."""
    with engine.connect() as conn:
        metadata = MetaData()
        metadata.reflect(conn)
        out = {}
        for table in metadata.sorted_tables:
            rows = [dict(r) for r in conn.execute(select(table)).mappings()]
            key = [c.name for c in table.primary_key.columns] or [c.name for c in table.columns]
            out[table.name] = sorted(rows, key=lambda r: [r[k] for k in key])  # Python's order, not the collation
        return out


def exports(url: str, folder, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("DATABASE_URL", url)
    out = {}
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        assert cli.main(["export", kind, str(path), "--as-at", AS_AT]) == 0
        out[kind] = path.read_bytes()
    return out


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def fill(engine) -> None:
    """The demo, an undo, a policy change, meetings, roles and an audit log, and figures that test exactness."""
    load_demo(engine, who="demo")
    newest = int(history.list_batches(engine).iloc[0]["id"])
    history.undo(engine, newest, "Siân Jones")
    team_settings.put(engine, "rag_policy", {"red_over_pct": 5, "red_over_pounds": 100000.5}, "admin@council.gov.uk")
    with db.write(engine) as conn:
        contract = dict(conn.execute(select(KINDS["contracts"].table_obj)).mappings().first())
        write_batch(conn, BatchInfo(kind="contracts", action="edit", who="Zoë"),
                    [RowWrite("contract", contract, {**contract, "total_value": 0.1 + 0.2, "annual_value": 1e-300,
                                                     "irrecoverable_vat": 123456789.12345679, "sme": True,
                                                     "description": "Line one\nline two, \"quoted\" — 🌱"})])
        conn.execute(insert(Meeting.__table__), [
            {"held_on": dt.date(2008, 4, 21), "name": "Cabinet Member", "created_at": utc(2008, 4, 21, 9, 30),
             "created_by": "clerk"}])
        conn.execute(insert(UserRole.__table__), [
            {"email": "siân@council.gov.uk", "role": "admin", "updated_at": utc(2026, 1, 2, 3, 4, 5),
             "updated_by": "setup"},
            {"email": "viewer@council.gov.uk", "role": "viewer", "updated_at": utc(2026, 1, 2, 3, 4, 6),
             "updated_by": "setup"}])
        conn.execute(insert(AuditEvent.__table__), [
            {"at": utc(2026, 11, 25, 12, 1, 2, 345678), "who": "siân@council.gov.uk", "action": "import",
             "what": "imported contracts from register.xlsx as batch 3", "batch_id": 3,
             "detail": json.dumps({"rows": 17, "note": "ünïcode"})},
            {"at": utc(2026, 11, 25, 12, 2), "who": "viewer@council.gov.uk", "action": "refused",
             "what": "tried to undo batch 3", "batch_id": None, "detail": None}])


@pytest.fixture
def other_url(postgres_server, tmp_path):
    """A new store of the other kind than the one under test."""
    return f"sqlite:///{tmp_path / 'other.db'}" if STORE == "postgresql" else postgres_server.new_database()


@pytest.fixture
def third_url(postgres_server, tmp_path):
    """A new store of the same kind as the one under test."""
    return postgres_server.new_database() if STORE == "postgresql" else f"sqlite:///{tmp_path / 'third.db'}"


def test_a_store_goes_to_the_other_database_and_back_with_nothing_lost(store_url, other_url, third_url, tmp_path,
                                                                      monkeypatch):
    first = db.get_engine(store_url)
    fill(first)
    before = tables(first)
    assert before["audit_event"] and before["user_role"] and before["meeting"] and before["setting_change"]
    exported = exports(store_url, tmp_path, monkeypatch)
    batch_list = history.list_batches(first)

    there, back = tmp_path / "there.zip", tmp_path / "back.zip"
    for source, path, target in ((store_url, there, other_url), (other_url, back, third_url)):
        made = run(source, "backup", str(path))
        assert made.returncode == 0 and made.stdout.startswith("backed up "), made
        assert f"(schema {db.SCHEMA_HEAD})" in made.stdout, made
        done = run(target, "restore", str(path))
        assert done.returncode == 0 and done.stdout.startswith("restored "), done
        engine = db.get_engine(target)
        assert tables(engine) == before, f"{target} differs from the store it was restored from"
        assert exports(target, tmp_path, monkeypatch) == exported
        assert history.list_batches(engine).equals(batch_list)
        with engine.connect() as conn:
            assert db.schema_revision(conn) == db.SCHEMA_HEAD

    contract = next(r for r in before["contract"] if r["description"] and "🌱" in r["description"])
    assert contract["total_value"] == 0.1 + 0.2 and contract["annual_value"] == 1e-300
    assert dt.datetime(2026, 11, 25, 12, 1, 2, 345678) in [e["at"] for e in before["audit_event"]]

    for url in (other_url, third_url):  # both kinds of store work on: undo, and new rows after the restored ones
        engine = db.get_engine(url)
        newest = int(history.list_batches(engine)["id"].max())
        undoable = history.list_batches(engine)
        undoable = undoable[(undoable["action"] != "undo") & undoable["undone_by"].isna()]
        undone = run(url, "undo", str(int(undoable["id"].max())))
        assert undone.returncode == 0 and undone.stdout.startswith(f"batch {newest + 1}: undid"), undone
        before_ids = {r["id"] for r in tables(engine)["contract"]}
        data = csv_bytes([["Reference", "Title", "Supplier", "Total value", "Start date", "End date"],
                          ["NEW-1", "New contract", "Care Ltd", 5000, "01/04/2008", "31/03/2009"]])
        batch_id, plan = commit(engine, prepare(engine, "contracts", "new.csv", data, Options()), "officer")
        assert batch_id == newest + 2 and plan.count("add") == 1
        new_id = next(r["id"] for r in tables(engine)["contract"] if r["reference"] == "NEW-1")
        assert new_id > max(before_ids)


def test_restore_refuses_a_store_that_holds_data(store_url, tmp_path):
    engine = db.get_engine(store_url)
    team_settings.put(engine, "meeting_date", "2008-04-21", "me")
    path = tmp_path / "backup.zip"
    store_backup.backup(engine, path)
    before = snapshot(engine)
    refused = run(store_url, "restore", str(path))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "refused: the store already holds data (3 rows in 3 tables): a backup is restored only into a new, empty "
        "store. Create a new database (or point DATABASE_URL at a new SQLite file) and restore into that; nothing "
        "was changed")
    assert snapshot(engine) == before


def rewrite(path, out, change) -> None:
    """Copy a backup with one of its members changed: change(name, bytes) -> bytes."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, change(item.filename, source.read(item.filename)))


def test_restore_refuses_a_backup_from_a_newer_schema_a_damaged_one_and_other_files(store_url, tmp_path):
    source = db.make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    team_settings.put(source, "meeting_date", "2008-04-21", "me")
    good = tmp_path / "good.zip"
    store_backup.backup(source, good)
    source.dispose()

    newer, short, garbled = tmp_path / "newer.zip", tmp_path / "short.zip", tmp_path / "garbled.zip"

    def manifest(change):
        return lambda name, data: json.dumps(change(json.loads(data))).encode() if name == "manifest.json" else data

    rewrite(good, newer, manifest(lambda m: {**m, "schema_revision": "0099"}))
    rewrite(good, short, lambda name, data: b"" if name == "tables/setting_change.jsonl" else data)
    rewrite(good, garbled, lambda name, data: b'["meeting_date", 12' if name == "tables/setting.jsonl" else data)
    (tmp_path / "notes.zip").write_bytes(b"not a zip at all")

    engine = db.get_engine(store_url)
    empty = snapshot(engine)
    expected = {
        newer: "refused: newer.zip holds a store of a newer version of the dashboard (schema 0099; this version knows "
               f"up to {db.SCHEMA_HEAD}): restore it with the version of the dashboard that made it, or a newer one",
        short: "refused: short.zip: the table setting_change holds 0 rows where the backup's manifest says 1; the "
               "backup is damaged",
        garbled: "refused: garbled.zip: the table setting cannot be read",
        tmp_path / "notes.zip": "refused: notes.zip is not a backup of this dashboard's store",
    }
    for path, message in expected.items():
        refused = run(store_url, "restore", str(path))
        assert refused.returncode == 1 and refused.stderr.startswith(message), refused.stderr
        assert refused.stderr.strip().endswith("nothing was changed")
        assert snapshot(engine) == empty  # all or nothing: the rows before the damage are not kept either
    assert run(store_url, "restore", str(tmp_path / "missing.zip")).returncode == 2
    assert run(store_url, "restore", str(good)).returncode == 0  # the store is still empty and takes the good one
    assert team_settings.get(engine, "meeting_date") == "2008-04-21"


def test_a_backup_taken_while_writes_land_is_one_snapshot(store_url, tmp_path, monkeypatch):
    engine = db.get_engine(store_url)
    register = [["Reference", "Title", "Supplier", "Total value", "Start date", "End date"],
                ["C-1", "Day care", "Care Ltd", 5000, "01/04/2008", "31/03/2009"]]
    commit(engine, prepare(engine, "contracts", "one.csv", csv_bytes(register), Options()), "officer")
    before = tables(engine)
    writer = db.make_engine(store_url)  # another server, writing while the backup reads
    real_rows, landed = store_backup._rows, []

    def rows_while_writing(conn, table):
        if not landed:  # the backup has begun reading: another import lands now
            more = register + [["C-2", "Night care", "Care Ltd", 6000, "01/04/2008", "31/03/2009"]]
            landed.append(commit(writer, prepare(writer, "contracts", "two.csv", csv_bytes(more), Options()), "b"))
        return real_rows(conn, table)

    monkeypatch.setattr(store_backup, "_rows", rows_while_writing)
    path = tmp_path / "during.zip"
    store_backup.backup(engine, path)
    writer.dispose()
    assert landed and len(tables(engine)["contract"]) == 2  # the write did land, in the store

    copy = db.make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    store_backup.restore(copy, path)
    assert tables(copy) == before  # the backup is the store as it was when the backup began, every table alike
    copy.dispose()


def test_a_backup_from_an_older_schema_is_restored_and_brought_up_to_date(store_url, tmp_path):
    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(old_url)
    with old.begin() as conn:  # a store as schema 0002 left it, with a batch and a line in it
        db.migrate(conn, "0002")
        conn.exec_driver_sql(
            "INSERT INTO import_batch (id, kind, action, created_at, created_by, added, changed, removed, unchanged, "
            "warnings) VALUES (1, 'revenue', 'import', '2008-04-01 10:00:00.000000', 'finance', 1, 0, 0, 0, '')")
        conn.exec_driver_sql(
            "INSERT INTO revenue_line (id, as_at, section, service_area, annual_budget, projected_outturn, variance, "
            "line_no, batch_id) VALUES (1, '2008-03-31', 'Adult Services', 'Older People', 1e5, 1.1e5, 1e4, 1, 1)")
    path = tmp_path / "old.zip"
    assert store_backup.backup(old, path)["schema_revision"] == "0002"
    old.dispose()

    engine = db.get_engine(store_url)  # a new store, at the newest schema
    store_backup.restore(engine, path)
    with engine.connect() as conn:
        assert db.schema_revision(conn) == db.SCHEMA_HEAD
    restored = tables(engine)
    assert [r["service_area"] for r in restored["revenue_line"]] == ["Older People"]
    assert restored["revenue_line"][0]["as_at"] == dt.date(2008, 3, 31) and restored["meeting"] == []
    assert history.list_batches(engine).iloc[0]["created_by"] == "finance"


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_every_float_reads_back_exactly(value):
    encoded = orjson.loads(orjson.dumps([store_backup._encoder("float")(value)]))[0]  # as the file holds it
    back = store_backup._decoder("float")(encoded)
    if math.isnan(value):
        assert math.isnan(back)
    else:
        assert struct.pack("<d", back) == struct.pack("<d", value)  # -0.0 stays -0.0, 5e-324 stays 5e-324


@settings(max_examples=100, derandomize=True, database=None, deadline=None)
@given(st.datetimes(), st.dates(), st.text())
def test_dates_times_and_text_read_back_exactly(when, day, words):
    for kind, value in (("datetime", when), ("date", day), ("text", words)):
        assert store_backup._decoder(kind)(store_backup._encoder(kind)(value)) == value
