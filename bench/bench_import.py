"""How long the import pipeline takes on a large sheet, against a raw python-calamine read of the same file
measured in the same run (the baseline), so that the ratio means something on a shared, noisy machine.

    .venv/bin/python bench/bench_import.py [ROWS] [REPEATS]

Prints a Markdown table row per stage: best-of-REPEATS seconds and the ratio to the baseline.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import python_calamine  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from lib.importer import Options, commit, prepare  # noqa: E402
from lib.store import engine as db  # noqa: E402


def build(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Monitoring")
    sheet.append(["Revenue budget monitoring - As at 31 March 2008"])
    sheet.append([])
    sheet.append(["Directorate", "Service Area", "Annual Budget £000", "Proj'd out turn £000",
                  "Variance £000", "RAG Status", "Reason for variance"])
    for i in range(rows):
        budget = 1000 + i % 977
        outturn = budget + (i % 41) - 20
        sheet.append([f"Division {i % 12}", f"Cost centre {i:06d}", budget, outturn, outturn - budget,
                      "Red" if outturn > budget else "Green", "Demand above budget" if outturn > budget else None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    data = build(rows)
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{folder}/bench.db")

        def raw_read():
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            book.get_sheet_by_name("Monitoring").to_python()

        baseline, baseline_median = best(raw_read, repeats)
        prepared_holder = {}

        def parse():
            prepared_holder["p"] = prepare(engine, "revenue", "bench.xlsx", data, Options(max_bytes=200 * 2**20))

        parse_best, parse_median = best(parse, repeats)

        def write():
            engine_w = db.make_engine(f"sqlite:///{folder}/bench_{time.perf_counter_ns()}.db")
            prepared = prepare(engine_w, "revenue", "bench.xlsx", data, Options(max_bytes=200 * 2**20))
            start = time.perf_counter()
            commit(engine_w, prepared, "bench")
            return time.perf_counter() - start

        writes = [write() for _ in range(repeats)]
    print(f"{rows:,} rows, {len(data) / 2**20:.1f} MB, best of {repeats}\n")
    print("| stage | best s | median s | x raw calamine read |")
    print("|---|---|---|---|")
    print(f"| raw calamine read (baseline) | {baseline:.2f} | {baseline_median:.2f} | 1.0 |")
    print(f"| check + read + find header + rows + compare (dry run) | {parse_best:.2f} | {parse_median:.2f} | "
          f"{parse_best / baseline:.1f} |")
    print(f"| write one batch (insert + row history) | {min(writes):.2f} | {statistics.median(writes):.2f} | "
          f"{min(writes) / baseline:.1f} |")
    print(f"| whole import | {parse_best + min(writes):.2f} | | {(parse_best + min(writes)) / baseline:.1f} |")


if __name__ == "__main__":
    main()
