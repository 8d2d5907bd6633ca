"""The store's engine: one per URL, created or upgraded on first use.

SQLite (the default) runs in WAL mode with a busy timeout of seconds, and writes take the lock at the
start (BEGIN IMMEDIATE) so that a read that later writes cannot fail half way under contention.

PostgreSQL (DATABASE_URL=postgresql+psycopg://...) gets the same one-writer-at-a-time rule from a transaction-level
advisory lock that every write takes first: an import compares the file with the store and writes inside one
transaction, and two imports of the same plan at once must not both decide to add its rows. Readers never wait.

Writes wait their turn (`write`): a write that finds another running waits for it to finish, however long it takes, up
to DASHBOARD_WRITE_WAIT_SECONDS (five minutes unless set), saying what it waits for (the write in progress is described
by its holder: on SQLite in a small file beside the store, on PostgreSQL in the holder's application_name, which the
server shows in pg_stat_activity and clears when the transaction ends); only past that limit is it refused (StoreBusy),
with nothing changed. SQLite waits by retrying BEGIN IMMEDIATE with a short busy timeout until the limit; PostgreSQL
queues on the advisory lock with lock_timeout set to what is left of the limit.

The schema is brought up to the code's by the Alembic migrations in lib/store/migrations/versions/, run in one write
transaction (so two servers starting at once take turns). A store made before migrations existed has no
alembic_version table; the first migration is written to bring it, whatever columns it has, up to the first schema.
SCHEMA_HEAD names the newest migration, so that a store already up to date is recognised by one query without loading
Alembic (the command line starts faster); a test checks that it is the migrations' head.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import Table, event, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from ..errors import DashboardError, Refused

DEFAULT_URL = "sqlite:///data/dashboard.db"
BUSY_TIMEOUT_MS = 15_000  # reads, and anything else that meets a lock on SQLite (writes wait in `write`)
WAIT_SETTING = "DASHBOARD_WRITE_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 300.0
FIRST_TRY_SECONDS = 0.5  # a write ahead that ends sooner is not worth a message
RETRY_SECONDS = 1.0  # how often a waiting SQLite write looks again at what it waits for
APP_NAME_PREFIX = "dashboard: "  # PostgreSQL: the application_name of a connection holding the write lock
WRITE_LOCK_KEY = 20_080_421  # any constant: every writer to a PostgreSQL store takes this one advisory lock
SCHEMA_HEAD = "0005"
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


_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@'\"]*:)([^\s@'\"]*)(@)")
_CONNINFO_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s,)]+)", re.IGNORECASE)


def hide_passwords(text: object, url: str | None = None) -> str:
    """Text that may be shown or logged (an error message, a traceback) with passwords taken out: any written in a
    URL (scheme://user:password@host), in a connection string (password=...), and the store URL's own wherever it
    appears."""
    out = _CONNINFO_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***\3", str(text)))
    try:
        password = make_url(url or database_url()).password
    except Exception:
        password = None
    if password:
        for form in {str(password), quote(str(password), safe=""), unquote(str(password))}:
            if len(form) >= 3:
                out = out.replace(form, "***")
    return out


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
        mode = conn.get_execution_options().get("write", False)
        if mode == "begun":  # `write` has begun the transaction itself, waiting its turn
            return
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode else "BEGIN")


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
    elif url.startswith("postgresql"):
        # times are stored as UTC in columns without a time zone: a session in the server's own zone would shift them
        kwargs["connect_args"] = {"options": "-c timezone=UTC"}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _sqlite_setup(engine)
    upgrade(engine)
    return engine


def forget_engine(url: str) -> None:
    """Close the kept engine of a store, if there is one (tests that make many stores)."""
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def get_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url not in _engines:
        _engines[url] = make_engine(url)
    return _engines[url]


class StoreBusy(Refused):
    """Another change to the store was still running when the wait for it ran out; nothing was changed."""


_report_waits: ContextVar[Callable[[str], None] | None] = ContextVar("report_waits", default=None)


@contextmanager
def waits_reported_to(callback: Callable[[str], None]):
    """While inside, a write that has to wait for another says so: `callback(message)` when it starts waiting and
    whenever what it waits for changes (the command line prints it on standard error, the upload page shows it)."""
    token = _report_waits.set(callback)
    try:
        yield
    finally:
        _report_waits.reset(token)


def write_wait_seconds() -> float:
    """How long a write waits for another to finish before it is refused: DASHBOARD_WRITE_WAIT_SECONDS, else 300."""
    raw = os.environ.get(WAIT_SETTING, "").strip()
    if not raw:
        return DEFAULT_WAIT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise DashboardError(f"{WAIT_SETTING} must be a number of seconds (0 or more), not '{raw}'")
    return seconds


def duration(seconds: float) -> str:
    """'5 minutes', '90 seconds', '1 second'."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    shown = f"{seconds:g}"
    return f"{shown} second{'s' if shown != '1' else ''}"


@dataclass(frozen=True)
class WriteInProgress:
    """What a write that holds the store is doing, as its holder described it, and when it started (local time)."""

    what: str
    started: dt.datetime | None = None

    def __str__(self) -> str:
        if self.started is None:
            return self.what
        local = self.started.astimezone() if self.started.tzinfo else self.started
        today = dt.datetime.now(local.tzinfo).date()
        when = f"{local:%H:%M}" if local.date() == today else f"{local:%d %b %Y %H:%M}"
        return f"{self.what}, started {when}"


def waiting_message(holder: WriteInProgress | None, limit: float) -> str:
    about = f" ({holder})" if holder else ""
    return (f"Waiting for another change to the store to finish{about}; this change goes ahead as soon as it has "
            f"(waiting up to {duration(limit)}).")


def busy_message(holder: WriteInProgress | None, limit: float) -> str:
    about = f" ({holder})" if holder else ""
    return (f"the store is busy: another change{about} was still running after {duration(limit)} of waiting, so this "
            "change was not made; try again when it has finished")


def _holder_file(engine: Engine) -> Path | None:
    """SQLite: the file beside the store in which the write in progress describes itself (none for a store in
    memory)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    return Path(f"{database}-write.json")


def write_in_progress(engine: Engine, conn: Connection | None = None) -> WriteInProgress | None:
    """The write holding the store now, as it described itself, or None when none is known to be running."""
    if engine.dialect.name == "postgresql":
        query = text(
            "SELECT a.application_name, a.xact_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = :key AND l.objsubid = 1 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        if conn is not None:
            row = conn.execute(query, {"key": WRITE_LOCK_KEY}).first()
        else:
            with engine.connect() as own:
                row = own.execute(query, {"key": WRITE_LOCK_KEY}).first()
        if row is None:
            return None
        name = row[0] or ""
        what = _from_app_name(name[len(APP_NAME_PREFIX):]) if name.startswith(APP_NAME_PREFIX) else "a change"
        return WriteInProgress(what, row[1])
    path = _holder_file(engine)
    try:
        found = json.loads(path.read_text(encoding="utf-8")) if path else None
        return WriteInProgress(str(found["what"]), dt.datetime.fromisoformat(found["started"])) if found else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none written, or being replaced just now


def _to_app_name(what: str, room: int = 63 - len(APP_NAME_PREFIX)) -> str:
    """`what` as PostgreSQL keeps an application_name: printable ASCII of at most 63 bytes. Other characters are
    escaped as JSON escapes them (so "Siân" survives); a longer description loses its " from FILE" ending first, then
    is cut after a whole word, with "..."."""
    escaped = "".join(json.dumps(ch)[1:-1] for ch in what)
    if len(escaped) <= room:
        return escaped
    if " from " in what:
        return _to_app_name(what.rsplit(" from ", 1)[0], room)
    out, cut = "", 0
    for ch in what:
        piece = json.dumps(ch)[1:-1]
        if len(out) + len(piece) > room - 3:
            break
        out += piece
        if ch == " ":
            cut = len(out) - 1
    return (out[:cut] if cut else out) + "..."


def _from_app_name(name: str) -> str:
    try:
        return json.loads(f'"{name}"')
    except ValueError:
        return name


def announce(conn: Connection, what: str) -> None:
    """Describe the write `conn` holds, for anyone waiting for it (inside `write`; a batch calls it with its own
    description). Does nothing outside a write."""
    mine = conn.info.get("dashboard_write")
    if mine is None or mine["what"] == what:
        return
    mine["what"] = what
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('application_name', :name, true)"),
                     {"name": APP_NAME_PREFIX + _to_app_name(what)})
        return
    path = mine["path"]
    if path is None:
        return
    temporary = path.with_name(f"{path.name}.{mine['token']}.tmp")
    try:
        temporary.write_text(json.dumps({"what": what, "started": mine["started"].isoformat(), "pid": os.getpid()}),
                             encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a description nobody can read is no reason to stop the write
        temporary.unlink(missing_ok=True)


def _withdraw(conn: Connection) -> None:
    mine = conn.info.pop("dashboard_write", None)
    if mine and mine["path"] is not None:  # still inside the write: nobody else can have replaced the file
        mine["path"].unlink(missing_ok=True)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _sqlite_begin(engine: Engine, conn: Connection, limit: float) -> None:
    """BEGIN IMMEDIATE, waiting (retrying with a short busy timeout) while another write holds the store."""
    raw = conn.connection.driver_connection
    deadline = time.monotonic() + limit
    first, reported = True, ()
    while True:
        step = min(FIRST_TRY_SECONDS if first else RETRY_SECONDS, max(deadline - time.monotonic(), 0.0))
        raw.execute(f"PRAGMA busy_timeout = {int(step * 1000)}")
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        finally:
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        holder = write_in_progress(engine)
        if time.monotonic() >= deadline:
            raise StoreBusy(busy_message(holder, limit))
        if reported == () or holder != reported:
            _report(waiting_message(holder, limit))
            reported = holder
        first = False


def _postgresql_lock(engine: Engine, conn: Connection, limit: float) -> None:
    """The advisory lock every write takes; when another write holds it, queue for it for at most `limit`."""
    started = time.monotonic()
    while True:  # a write ahead that ends within FIRST_TRY_SECONDS is not worth a message
        if conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}).scalar():
            return
        if time.monotonic() - started >= min(FIRST_TRY_SECONDS, limit):
            break
        time.sleep(0.05)
    holder = write_in_progress(engine, conn)
    left = limit - (time.monotonic() - started)
    if left <= 0:
        raise StoreBusy(busy_message(holder, limit))
    _report(waiting_message(holder, limit))
    saved = conn.execute(text("SELECT current_setting('lock_timeout')")).scalar()
    conn.execute(text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{max(1, int(left * 1000))}ms"})
    try:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == "55P03":  # lock_not_available: the limit passed
            raise StoreBusy(busy_message(holder, limit)) from None
        raise
    conn.execute(text("SELECT set_config('lock_timeout', :saved, true)"), {"saved": saved})


def _report(message: str) -> None:
    callback = _report_waits.get()
    if callback is not None:
        callback(message)


@contextmanager
def write(engine: Engine, what: str | None = None):
    """One write transaction (BEGIN IMMEDIATE on SQLite, the advisory lock on PostgreSQL): everything inside commits
    together or not at all, and no other write runs meanwhile. When another write is running, this one waits for it
    (saying what it waits for to `waits_reported_to`'s callback) up to DASHBOARD_WRITE_WAIT_SECONDS, then is refused
    with StoreBusy. `what` describes this write to anyone who has to wait for it ("an import of contracts by ...")."""
    limit = write_wait_seconds()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _sqlite_begin(engine, conn, limit)
            conn.execution_options(write="begun")
        else:
            conn.execution_options(write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                _postgresql_lock(engine, conn, limit)
            conn.info["dashboard_write"] = {"what": None, "path": _holder_file(engine), "token": uuid.uuid4().hex,
                                            "started": dt.datetime.now().astimezone()}
            try:
                announce(conn, what or "a change to the store")
                yield conn
            finally:
                _withdraw(conn)


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
    with write(engine, "an upgrade of the store's tables") as conn:
        migrate(conn, "head")


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Every schema revision this code has a migration for, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config()).walk_revisions()  # newest first
    return [script.revision for script in reversed(list(scripts))]


def migrate(conn: Connection, revision: str) -> None:
    """Bring the store on `conn` (inside `write`) up or down to `revision` ("head": the newest)."""
    from alembic import command

    config = _alembic_config()
    config.attributes["connection"] = conn
    current = schema_revision(conn)
    revisions = known_revisions()
    target = revisions[-1] if revision == "head" else revision
    if current is not None and current in revisions and revisions.index(current) > revisions.index(target):
        command.downgrade(config, target)
    else:
        command.upgrade(config, target)
