"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listening on a Unix socket only,
one fresh database per test. Used when DASHBOARD_TEST_STORE=postgresql (scripts/test.sh runs a second pass so).

As root, the server runs as the 'postgres' user (initdb refuses root). Debian's package puts the programs in
/usr/lib/postgresql/<version>/bin; scripts/setup.sh --postgres installs it when missing.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg


def _program(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} was not found: run scripts/setup.sh --postgres")
    return found


class Server:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dashboard-pg-"))
        self.data = self.folder / "data"
        self.port = 5432
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> Server:
        self._run(_program("initdb"), "-D", str(self.data), "-A", "trust", "-U", "dashboard", "-E", "UTF8",
                  "--no-sync")
        # every test's store keeps a few pooled connections until the test ends: room for the whole suite's
        options = (f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off -c full_page_writes=off "
                   "-c max_connections=800")
        self._run(_program("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w",
                  "start")
        return self

    def stop(self) -> None:
        try:
            self._run(_program("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def new_database(self) -> str:
        name = f"store_{next(self._names)}"
        with psycopg.connect(f"host={self.folder} port={self.port} user=dashboard dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://dashboard@/{name}?host={self.folder}&port={self.port}"
