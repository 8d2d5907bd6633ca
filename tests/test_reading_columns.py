"""Reading a long table a column at a time (issue 13): a column whose cells are all of the usual type is read at once,
and a cell that is not reads, and is refused, exactly as it would be on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.importer import ImportRefused, Options, prepare
from lib.ingest.values import clean_texts
from tests.workbooks import xlsx

HEADER = ["Reference", "Title", "Supplier", "Total value", "Start date", "SME"]
LINES = 400


def register(change: dict[tuple[int, int], object] | None = None) -> list[list]:
    """A register of LINES contracts whose columns are each of one type; `change`: (line, column) -> another cell."""
    rows = [HEADER]
    for n in range(LINES):
        rows.append([f"C-{n:04d}", f"Home care lot {n}", f"Provider {n % 7}", 1000.0 + n + 0.125 * (n % 8),
                     dt.date(2008, 1, 1) + dt.timedelta(days=n), "Yes" if n % 3 else "No"])
    for (line, column), value in (change or {}).items():
        rows[line + 1][column] = value
    return rows


def read(engine, rows):
    return prepare(engine, "contracts", "register.xlsx", xlsx(("Register", rows)), Options())


def refusal(engine, rows) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        read(engine, rows)
    return [str(p) for p in refused.value.problems]


def test_columns_of_one_type_are_read_whole(engine):
    records = read(engine, register()).records
    assert len(records) == LINES
    assert records[9] == {"_row": 11, "_key": [(0, "Reference", "C-0009")], "reference": "C-0009",
                          "title": "Home care lot 9", "supplier": "Provider 2", "total_value": 1009.12,
                          "start_date": dt.date(2008, 1, 10), "sme": False}
    assert {type(r["total_value"]) for r in records} == {float} and {type(r["sme"]) for r in records} == {bool}


def test_one_cell_of_another_type_is_read_as_a_cell(engine):
    records = read(engine, register({(5, 3): "£1,250", (6, 4): dt.datetime(2009, 2, 3, 14, 30), (7, 4): "31/03/2010",
                                     (8, 1): "  Day   care ", (9, 5): "y", (10, 3): None})).records
    assert records[5]["total_value"] == 1250.0
    assert records[6]["start_date"] == dt.date(2009, 2, 3) and records[7]["start_date"] == dt.date(2010, 3, 31)
    assert records[8]["title"] == "Day care" and records[9]["sme"] is True
    assert "total_value" not in records[10] and records[11]["total_value"] == 1011.38


def test_a_bad_cell_in_a_long_column_is_refused_by_its_row_and_key(engine):
    problems = refusal(engine, register({(300, 3): "n/a", (301, 3): 2e12, (302, 4): "soon", (303, 2): None}))
    assert problems == [
        "register.xlsx, sheet 'Register', row 302, column 'Total value' (D): found 'n/a', expected an amount, in the "
        "line for reference 'C-0300'",
        "register.xlsx, sheet 'Register', row 303, column 'Total value' (D): found '2000000000000', expected an "
        "amount between -£1,000,000,000,000 and £1,000,000,000,000, in the line for reference 'C-0301'",
        "register.xlsx, sheet 'Register', row 304, column 'Start date' (E): found 'soon', expected a date "
        "(day/month/year), in the line for reference 'C-0302'",
        "register.xlsx, sheet 'Register', row 305, column 'Supplier' (C): found '', expected text, in the line for "
        "reference 'C-0303'",
    ]


def test_problems_found_a_column_at_a_time_come_in_the_order_of_the_rows(engine):
    problems = refusal(engine, register({(20, 4): "soon", (20, 3): "lots", (19, 4): "later", (2, 1): None}))
    assert [p.split(", column")[0].rsplit(", ", 1)[1] for p in problems] == ["row 4", "row 21", "row 22", "row 22"]
    assert {p.split(": found")[0].rsplit(", ", 1)[1] for p in problems[2:]} == {
        "column 'Start date' (E)", "column 'Total value' (D)"}


def test_a_totals_row_and_a_repeated_header_in_a_long_register_are_not_lines(engine):
    rows = register()
    rows.insert(200, list(HEADER))
    rows.append(["Total", None, None, sum(r[3] for r in rows[1:] if isinstance(r[3], float)), None, None])
    records = read(engine, rows).records
    assert len(records) == LINES and records[-1]["reference"] == f"C-{LINES - 1:04d}"


@pytest.mark.parametrize("texts, tidied", [
    (["a b", "c"], ["a b", "c"]), (["a  b", "c"], ["a b", "c"]), (["a", " c"], ["a", "c"]), (["a ", "c"], ["a", "c"]),
    (["a\tb"], ["a b"]), (["a\u2003b", "é"], ["a b", "é"]), (["a\xa0b"], ["a b"]), ([None, "x"], [None, "x"]),
    ([1250.0, "x"], ["1250", "x"]), (["a\x00 b"], ["a\x00 b"])])
def test_a_column_of_text_is_cleaned_as_each_cell_would_be(texts, tidied):
    assert clean_texts(texts) == tidied
