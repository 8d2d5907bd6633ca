"""The command line's --map "HEADER=field" (issue 10 point 11): what the upload page's column matcher does, by header.
An unknown field, or a header the file does not have, is a usage error (exit 2) listing the choices."""

from __future__ import annotations

import pytest

from lib import cli
from lib.store import engine as db
from tests.conftest import snapshot
from tests.workbooks import csv_bytes

# for every kind, a file whose required column goes by a header no alias knows, and the --map that reads it
UNKNOWN_HEADERS = {
    "revenue": ([["As at 31 March 2008"], ["Cost line", "Annual Budget £000", "Projected outturn £000"],
                 ["Older People", "100", "110"]], "Cost line=service_area", 2),
    "capital": ([["As at 31 March 2008"], ["Scheme", "Approved budget", "Spent so far", "Projected"],
                 ["Assistive technology", "250", "236", "250"]], "Spent so far=Actual expenditure to date £", 2),
    "homecare": ([["Period", "In-house hours", "Independent hours"], ["04/01/2008", "8640", "5760"]],
                 "Period=week_ending", 1),
    "actions": ([["Ref", "Objective", "What happens", "Lead"], ["1.1", "Shift the balance", "Transfer hours", "KH"]],
                "What happens=action", 1),
    "contracts": ([["Notice ID", "Award Title", "Awarded to", "Award Value"], ["CF-1", "Home care", "Care Co", "100"]],
                  "Awarded to=supplier", 1),
    "indicators": ([["As at 31 March 2008"], ["Code", "Indicator", "Aim", "Actual", "Polarity"],
                    ["C72", "Admissions", "95", "94.6", "Lower is better"]], "Aim=target", 2),
}


def run(tmp_path, capsys, kind: str, rows: list[list], *extra: str) -> tuple[int, str, str]:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(csv_bytes(rows))
    capsys.readouterr()
    options = ["--plan", "Plan"] if kind == "actions" else []
    status = cli.main(["import", kind, str(path), *options, *extra])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("kind", list(UNKNOWN_HEADERS))
def test_a_column_under_an_unknown_header_is_read_with_map(store_url, tmp_path, capsys, kind):
    rows, mapping, header_row = UNKNOWN_HEADERS[kind]
    status, _out, err = run(tmp_path, capsys, kind, rows)
    assert status == 1
    header = mapping.split("=")[0]
    assert f"(the header in row {header_row} has" in err and f"'{header}'" in err
    assert "--map \"HEADER=" in err
    status, out, err = run(tmp_path, capsys, kind, rows, "--map", mapping)
    assert status == 0, err
    assert "1 added" in out or "2 added" in out  # home care's one week is two records, in-house and independent


def test_map_chooses_one_of_two_columns_with_the_same_header(store_url, tmp_path, capsys):
    from sqlalchemy import text

    rows = [["As at 31 March 2008"], ["Service", "Annual Budget £000", "Projected outturn £000", "Annual Budget £000"],
            ["Older People", "100", "110", "120"]]
    status, _out, err = run(tmp_path, capsys, "revenue", rows)
    assert status == 1
    assert ("or on the command line with --map \"Annual Budget £000 (D)=annual_budget\" - and import it again"
            in err)
    status, _out, err = run(tmp_path, capsys, "revenue", rows, "--map", "Annual Budget £000=annual_budget")
    assert status == 2 and "'Annual Budget £000' heads columns B and D" in err
    status, _out, err = run(tmp_path, capsys, "revenue", rows, "--map", "Annual Budget £000 (D)=annual_budget")
    assert status == 0, err
    with db.get_engine(store_url).connect() as conn:
        assert conn.execute(text("SELECT annual_budget FROM revenue_line")).scalar() == 120_000


@pytest.mark.parametrize(("mapping", "words"), [
    ("Awarded to=suplier", ["'suplier' is not a field of contracts; its fields are reference (Reference)",
                            "supplier (Supplier)"]),
    ("Awarded by=supplier", ["no column of contracts.csv, sheet 'contracts' is headed 'Awarded by'; its headers are "
                             "'Notice ID', 'Award Title', 'Awarded to', 'Award Value'"]),
    ("Awarded to supplier", ["'Awarded to supplier' is not HEADER=field"]),
])
def test_an_unknown_field_or_header_is_a_usage_error_listing_the_choices(store_url, tmp_path, capsys, mapping, words):
    engine = db.get_engine(store_url)
    before = snapshot(engine)
    rows = UNKNOWN_HEADERS["contracts"][0]
    status, out, err = run(tmp_path, capsys, "contracts", rows, "--map", mapping)
    assert status == 2
    for word in words:
        assert word in err
    assert "Traceback" not in err and not out
    assert snapshot(engine) == before


def test_one_field_from_two_headers_is_a_usage_error(store_url, tmp_path, capsys):
    rows = UNKNOWN_HEADERS["contracts"][0]
    status, _out, err = run(tmp_path, capsys, "contracts", rows, "--map", "Awarded to=supplier", "--map",
                            "Award Title=Supplier")
    assert status == 2 and "supplier is given twice ('Awarded to' and 'Award Title')" in err


def test_map_overrides_what_the_importer_would_have_chosen(store_url, tmp_path, capsys):
    from sqlalchemy import text

    rows = [["Reference", "Title", "Supplier", "Parent company"], ["C-1", "Home care", "Care Co", "Care Group plc"]]
    status, _out, err = run(tmp_path, capsys, "contracts", rows, "--map", "parent company=supplier")
    assert status == 0, err
    with db.get_engine(store_url).connect() as conn:
        assert conn.execute(text("SELECT supplier FROM contract")).scalar() == "Care Group plc"
