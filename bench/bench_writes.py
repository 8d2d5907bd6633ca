"""How long an import holds the store's write lock (other writers wait that long), against a plain executemany of the
same rows into a bare table measured in the same run (the baseline), on a SQLite file store.

    .venv/bin/python bench/bench_writes.py [ROWS] [REPEATS]

Measures, for a contract register of ROWS contracts: the lock held by the first import (every row added) and by a
re-import that changes every row (every row updated, with its before and after kept for undo).
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.importer import Options, commit, prepare  # noqa: E402
from lib.ingest import compare  # noqa: E402
from lib.store import engine as db  # noqa: E402

held: list[float] = []
_write = compare.write


@contextmanager
def timed_write(engine, *args, **kwargs):
    with _write(engine, *args, **kwargs) as conn:
        start = time.perf_counter()
        yield conn
        held.append(time.perf_counter() - start)  # to the end of the body; the commit itself is not timed


def register(rows: int, bump: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Reference", "Title", "Supplier", "Total value", "Start date", "End date"])
    for i in range(rows):
        writer.writerow([f"C{i:07d}", f"Contract {i}", f"Supplier {i % 300}", 10_000 + i + bump, "01/04/2008",
                         "31/03/2011"])
    return out.getvalue().encode()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    compare.write = timed_write
    first, again, baseline = [], [], []
    options = Options(max_bytes=500 * 2**20)
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            engine = db.make_engine(f"sqlite:///{folder}/bench.db")
            commit(engine, prepare(engine, "contracts", "c.csv", register(rows, 0), options), "bench")
            first.append(held[-1])
            commit(engine, prepare(engine, "contracts", "c.csv", register(rows, 1), options), "bench")
            again.append(held[-1])
            engine.dispose()
            plain = sqlite3.connect(f"{folder}/plain.db")
            plain.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, reference TEXT, title TEXT, supplier TEXT, "
                          "total_value REAL)")
            start = time.perf_counter()
            plain.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                              [(i, f"C{i:07d}", f"Contract {i}", f"Supplier {i % 300}", 10_000.0 + i)
                               for i in range(rows)])
            plain.commit()
            baseline.append(time.perf_counter() - start)
            plain.close()
    base = min(baseline)
    print(f"{rows:,} contracts, best of {repeats}\n")
    print("| write lock held by | best s | median s | x plain executemany |")
    print("|---|---|---|---|")
    print(f"| plain executemany of the rows (baseline) | {base:.2f} | {statistics.median(baseline):.2f} | 1.0 |")
    for label, times in (("the first import (every row added)", first),
                         ("a re-import changing every row", again)):
        print(f"| {label} | {min(times):.2f} | {statistics.median(times):.2f} | {min(times) / base:.1f} |")


if __name__ == "__main__":
    main()
