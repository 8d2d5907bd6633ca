"""Several app servers on one PostgreSQL store: two processes each running the dashboard (each its own engine and
caches) see each other's imports on their next page view, and their writes share one batch sequence."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from contextlib import contextmanager

import pytest

from lib.store import batches as history
from lib.store import engine as db
from tests.conftest import ROOT, STORE
from tests.workbooks import csv_bytes

pytestmark = pytest.mark.skipif(STORE != "postgresql", reason="app servers share a PostgreSQL store "
                                "(run with DASHBOARD_TEST_STORE=postgresql)")


@contextmanager
def app_server(store_url: str):
    env = {**os.environ, "DATABASE_URL": store_url, "DASHBOARD_NO_DEMO": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.app_server"], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ask(*command: str):
        proc.stdin.write(" ".join(command) + "\n")
        proc.stdin.flush()
        reply = json.loads(proc.stdout.readline())
        assert not reply["exception"], reply
        return reply["answer"]

    try:
        assert json.loads(proc.stdout.readline()) == {"ready": True}
        yield ask
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
        proc.stdout.close()


def register(path, *refs: str):
    today = dt.date.today()
    start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=400)
    path.write_bytes(csv_bytes([["Reference", "Title", "Supplier", "Total value", "Start date", "End date"]] + [
        [ref, f"Contract {ref}", "Care Ltd", 12000, f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"] for ref in refs]))
    return str(path)


def test_two_app_servers_on_one_store_see_each_others_writes(store_url, tmp_path):
    with app_server(store_url) as first, app_server(store_url) as second:
        assert first("live") is None and second("live") is None  # both have looked (and cached) the empty store
        done = second("upload", register(tmp_path / "b.csv", "B-1", "B-2"), "Officer B")
        assert done == ["Imported as batch 1: 2 added, 0 changed, 0 removed, 0 left alone. Undo it below if it was "
                        "wrong."]
        assert first("live") == "2"  # the first server shows the second's import on its next page view
        done = first("upload", register(tmp_path / "a.csv", "A-1", "B-2"), "Officer A")
        assert done[0].startswith("Imported as batch 2: 1 added, 0 changed, 0 removed, 1 left alone")
        assert second("live") == "3" and first("live") == "3"
    batches = history.list_batches(db.get_engine(store_url))
    assert list(batches["created_by"]) == ["app:Officer A", "app:Officer B"]
