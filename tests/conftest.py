"""Shared fixtures: every test builds its own store, none touches data/. The store is a real SQLite file in WAL
mode, or with DASHBOARD_TEST_STORE=postgresql a fresh database on a real PostgreSQL server started for the run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib import cli  # noqa: E402
from lib.store import engine as db  # noqa: E402

STORE = os.environ.get("DASHBOARD_TEST_STORE", "sqlite")


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres_support import Server

    server = Server().start()
    yield server
    server.stop()


@pytest.fixture
def store_url(request, tmp_path, monkeypatch):
    if STORE == "postgresql":
        url = request.getfixturevalue("postgres_server").new_database()
    else:
        url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db.forget_engine(url)  # its pooled connections closed, so a long run never holds hundreds open


@pytest.fixture
def engine(store_url):
    eng = db.make_engine(store_url)
    yield eng
    eng.dispose()


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused import changed nothing."""
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in tables}


@pytest.fixture
def no_demo(monkeypatch):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")


os.environ.setdefault("TZ", "UTC")


@pytest.fixture
def seeded(store_url, tmp_path):
    """A store holding seed 004's revenue report, to show a refused file leaves it untouched."""
    from lib.demo.workbooks import seed_revenue_workbook

    path = tmp_path / "seed.xlsx"
    path.write_bytes(seed_revenue_workbook())
    assert cli.main(["import", "revenue", str(path)]) == 0
    return db.get_engine(store_url)


def refuse(tmp_path, capsys, engine, name: str, data: bytes, *extra: str, kind: str = "revenue") -> str:
    """Import a file from the command line and check it is refused: exit status 1, nothing changed, no traceback.
    Returns what was printed on standard error."""
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(engine)
    capsys.readouterr()
    status = cli.main(["import", kind, str(path), *extra])
    err = capsys.readouterr().err
    assert status == 1, err
    assert snapshot(engine) == before
    assert "nothing was changed" in err and "Traceback" not in err
    return err


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (for the tests marked browser)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
