"""Schema changes go through Alembic migrations (lib/store/migrations/): a store made before migrations existed, by
the code of November 2026 (tests/fixtures/, on SQLite and on PostgreSQL), upgrades to the newest schema with every
row kept, and works after: exports as before, undo, new kinds."""

from __future__ import annotations

import datetime as dt
import gzip
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from lib import cli
from lib.store import batches
from lib.store import engine as db
from tests.conftest import STORE, snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def restore_old_store(url: str) -> None:
    """Load the fixture for this kind of store into the empty database at `url`, as its own tools would."""
    if STORE == "postgresql":
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        dump = gzip.decompress((FIXTURES / "store_before_migrations.postgresql.sql.gz").read_bytes())
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", query["host"][0], "-p", query["port"][0],
                        "-U", "dashboard", "-d", parts.path.lstrip("/")], input=dump, check=True,
                       stdout=subprocess.DEVNULL)
    else:
        dump = gzip.decompress((FIXTURES / "store_before_migrations.sqlite.sql.gz").read_bytes()).decode()
        with sqlite3.connect(url.split("///", 1)[1]) as conn:
            conn.executescript(dump)


def test_schema_head_is_the_newest_migration():
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db.SCHEMA_HEAD


def test_a_store_made_before_migrations_upgrades_with_every_row_kept(store_url, tmp_path, capsys):
    restore_old_store(store_url)
    plain = create_engine(store_url)
    before = snapshot(plain)
    assert sum(len(rows) for rows in before.values()) > 500 and "alembic_version" not in before
    plain.dispose()

    engine = db.make_engine(store_url)
    after = snapshot(engine)
    for table, rows in before.items():
        assert after[table] == rows, f"{table} changed in the upgrade"
    assert set(after) - set(before) == {"alembic_version", "indicator", "meeting", "user_role", "audit_event"}
    with engine.connect() as conn:
        assert db.schema_revision(conn) == db.SCHEMA_HEAD
        assert "ix_indicator_as_at" in {i["name"] for i in inspect(conn).get_indexes("indicator")}

    # the upgraded store works: the seed's report as printed, undo of the newest batch, a new kind imported
    assert cli.main(["export", "revenue", str(tmp_path / "r.csv"), "--as-at", "2008-03-31"]) == 0
    text = (tmp_path / "r.csv").read_text()
    assert "2008-03-31,Adult Services,Older People's Services," in text
    history = batches.list_batches(engine)
    undoable = history[(history["action"] != "undo") & history["undone_by"].isna()]
    newest = int(undoable["id"].max())
    assert batches.undo(engine, newest, "tester") == int(history["id"].max()) + 1
    assert cli.main(["demo"]) == 1  # the store holds data: the demo refuses to load over it
    capsys.readouterr()
    engine.dispose()


def test_upgrading_twice_changes_nothing(store_url):
    restore_old_store(store_url)
    engine = db.make_engine(store_url)
    once = snapshot(engine)
    db.upgrade(engine)
    again = db.make_engine(store_url)
    assert snapshot(again) == once
    engine.dispose()
    again.dispose()


def test_a_new_store_is_made_at_the_newest_schema(engine):
    with engine.connect() as conn:
        assert db.schema_revision(conn) == db.SCHEMA_HEAD
        names = set(inspect(conn).get_table_names())
    assert {"import_batch", "row_change", "setting", "setting_change", "revenue_line", "capital_scheme",
            "homecare_hours", "homecare_comparator", "contract", "action_item", "indicator", "meeting", "user_role",
            "audit_event"} <= names


@pytest.mark.parametrize("table", ["revenue_line", "indicator", "import_batch", "meeting", "user_role",
                                   "audit_event"])
def test_migrations_declare_what_the_code_declares(engine, table):
    """The tables the migrations make have the columns the models declare, with the same NOT NULLs."""
    import lib.kinds  # noqa: F401  (registers every kind's table)
    from lib.store.schema import table as declared

    with engine.connect() as conn:
        keys = set(inspect(conn).get_pk_constraint(table)["constrained_columns"])
        made = {c["name"]: c["nullable"] or c["name"] in keys for c in inspect(conn).get_columns(table)}
    wanted = {c.name: c.nullable or c.primary_key for c in declared(table).columns}
    assert made == wanted


def test_dates_survive_the_upgrade(store_url):
    restore_old_store(store_url)
    engine = db.make_engine(store_url)
    from lib.kinds import revenue

    assert dt.date(2008, 3, 31) in revenue.reporting_dates(engine)
    engine.dispose()
