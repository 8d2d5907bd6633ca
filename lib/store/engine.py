"""The store's engine: one per URL, created or upgraded on first use.

SQLite (the default) runs in WAL mode with a busy timeout of seconds, and writes take the lock at the
start (BEGIN IMMEDIATE) so that a read that later writes cannot fail half way under contention.

PostgreSQL (DATABASE_URL=postgresql+psycopg://...) gets the same one-writer-at-a-time rule from a transaction-level
advisory lock that every write takes first: an import compares the file with the store and writes inside one
transaction, and two imports of the same plan at once must not both decide to add its rows. Readers never wait.

The schema is brought up to the code's by the Alembic migrations in lib/store/migrations/versions/, run in one write
transaction (so two servers starting at once take turns). A store made before migrations existed has no
alembic_version table; the first migration is written to bring it, whatever columns it has, up to the first schema.
SCHEMA_HEAD names the newest migration, so that a store already up to date is recognised by one query without loading
Alembic (the command line starts faster); a test checks that it is the migrations' head.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Table, event, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

DEFAULT_URL = "sqlite:///data/dashboard.db"
BUSY_TIMEOUT_MS = 15_000
WRITE_LOCK_KEY = 20_080_421  # any constant: every writer to a PostgreSQL store takes this one advisory lock
SCHEMA_HEAD = "0004"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def shown_url(url: str | None = None) -> str:
    """The store's URL as it may be shown to a person or printed: without its password."""
    try:
        return make_url(url or database_url()).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: say nothing of it
        return "(a store URL that could not be read)"


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    """A new engine with the store created or upgraded. Prefer get_engine, which keeps one per URL."""
    url = url or database_url()
    kwargs: dict = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    upgrade(engine)
    return engine


def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url not in _engines:
        _engines[url] = make_engine(url)
    return _engines[url]


@contextmanager
def write(engine: Engine):
    """One write transaction (BEGIN IMMEDIATE on SQLite, the advisory lock on PostgreSQL): everything inside commits
    together or not at all, and no other write runs meanwhile."""
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn


def new_ids(conn: Connection, table: Table, count: int, above: int = 0) -> list[int]:
    """Ids for `count` new rows of `table`, so that a batch inserts them in one statement and knows them without
    RETURNING (which SQLite runs row by row). Called inside `write`, which no other writer can enter meanwhile.
    `above`: the largest id the same statement puts back explicitly (an undo restoring removed rows)."""
    if count == 0:
        return []
    if conn.dialect.name == "postgresql":
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}).scalar()
        if sequence:
            rows = conn.execute(text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
                                {"sequence": sequence, "count": count})
            return [r[0] for r in rows]
    start = max(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one(), above) + 1
    return list(range(start, start + count))


def schema_revision(conn: Connection) -> str | None:
    """The newest migration the store has had, or None for a new store or one made before migrations."""
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Run the migrations the store has not had yet."""
    with engine.connect() as conn:
        if schema_revision(conn) == SCHEMA_HEAD:
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with write(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
