"""Reading the rows under a found header (issue 10): which rows are lines, which are sections, notes and footnotes, and
how a refusal about a row names it."""

from __future__ import annotations

from lib.importer import Options, prepare
from tests.workbooks import csv_bytes, xlsx


def read(engine, kind: str, rows: list[list], fmt: str = "csv", **options):
    data = csv_bytes(rows) if fmt == "csv" else xlsx(("Sheet1", rows))
    return prepare(engine, kind, f"file.{fmt}", data, Options(**options))


def test_contracts_with_no_value_or_dates_yet_are_lines(engine):
    rows = [["Reference", "Title", "Supplier", "Total value", "Start date"],
            ["C-001", "Home care", "Care Co Ltd", None, None],
            ["C-002", "Day care", "Day Co Ltd", "100", "01/04/2020"],
            ["C-003", "Meals", "Meals Ltd", None, None]]
    prepared = read(engine, "contracts", rows)
    assert [rec["reference"] for rec in prepared.records] == ["C-001", "C-002", "C-003"]
