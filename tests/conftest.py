"""Shared fixtures: every test builds its own store (a real SQLite file in WAL mode); none touches data/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lib import db  # noqa: E402


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def engine(store_url):
    eng = db.make_engine(store_url)
    yield eng
    eng.dispose()


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused import changed nothing."""
    with engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in tables}


@pytest.fixture
def no_demo(monkeypatch):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")


os.environ.setdefault("TZ", "UTC")
