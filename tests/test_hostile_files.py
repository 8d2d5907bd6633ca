"""Files built to hurt the importer: each is refused with a plain message naming the file (exit status 1, the
store unchanged), or read correctly, in bounded time and memory, and never with a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib import cli
from lib.demo.workbooks import seed_revenue_workbook
from lib.ingest import reader, safety
from lib.store import engine as db
from tests.conftest import refuse, snapshot
from tests.hostile import sheet_xml, workbook

ROOT = Path(__file__).resolve().parents[1]
TITLE = ["As at 31 March 2008"]
HEADER = ["Service", "Annual Budget £000", "Projected outturn £000"]
TABLE = [TITLE, HEADER, ["Older People", 100, 110], ["Mental Health", 50, 45]]




MEMORY_LIMIT = 1536 * 1024 * 1024


def import_limited(tmp_path, store_url: str, name: str, data: bytes, *extra: str) -> tuple[int, str]:
    """The command line in a process of its own whose address space is capped at 1.5 GB: a dense read of a huge
    sheet fails that process (MemoryError or an abort), not the test run."""
    path = tmp_path / name
    path.write_bytes(data)
    limit = f"({MEMORY_LIMIT}, {MEMORY_LIMIT})"
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, {limit}); from lib import cli; "
            "sys.exit(cli.main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "import", "revenue", str(path), *extra], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": store_url}, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stderr


# 1. A sheet's real extent is judged from its cells before anything reads it densely

@pytest.mark.parametrize("far", ["XFD1048576", "Z1000000"])
def test_a_far_cell_on_the_sheet_being_imported_is_refused_in_little_memory(tmp_path, store_url, seeded, far):
    before = snapshot(seeded)
    status, err = import_limited(tmp_path, store_url, "far.xlsx", workbook(("Budget", sheet_xml(TABLE, {far: 1}))))
    assert status == 1, err
    assert "Traceback" not in err
    column = "".join(ch for ch in far if ch.isalpha())
    row = int(far[len(column):])
    assert (f"far.xlsx, sheet 'Budget': has cells filled in as far as row {row:,} and column {column}, a grid of "
            f"{row * safety._column_number(column):,} cells counted from A1; at most 2,000,000 cells are read") in err
    assert snapshot(seeded) == before


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_far_cell_on_another_sheet_is_not_read(tmp_path, store_url, seeded, state):
    data = workbook(("Budget", sheet_xml(TABLE)), ("Scratch", sheet_xml([["x"]], {"XFD1048576": 1}), state))
    status, err = import_limited(tmp_path, store_url, "two.xlsx", data, "--dry-run")
    assert status == 0, err
    assert "two.xlsx, sheet 'Scratch': was not read: it has cells filled in as far as row 1,048,576" in err


def test_asking_for_the_far_sheet_by_name_is_refused(tmp_path, store_url, seeded):
    data = workbook(("Budget", sheet_xml(TABLE)), ("Scratch", sheet_xml(TABLE, {"XFD1048576": 1}), "hidden"))
    status, err = import_limited(tmp_path, store_url, "two.xlsx", data, "--sheet", "Scratch")
    assert status == 1, err
    assert "two.xlsx, sheet 'Scratch': has cells filled in as far as row 1,048,576 and column XFD" in err


def test_a_lying_dimension_is_not_believed(tmp_path, capsys, store_url):
    path = tmp_path / "dim.xlsx"
    path.write_bytes(workbook(("Budget", sheet_xml(TABLE, dimension="A1:XFD1048576"))))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TRICKS = {  # sheetData bodies: where python-calamine puts the furthest cell must never be beyond the extent found
    "positions implied by order": '<row r="9"><c/><c/><c><v>1</v></c></row><row><c><v>2</v></c></row>',
    "a row with no position": '<row><c><v>1</v></c></row><row r="4"><c><v>3</v></c><c><v>3</v></c></row>',
    "a '>' inside an attribute": '<row r="1"><c foo="&gt;>" r="E9"><v>2</v></c><c r="A1"><v>1</v></c></row>',
    "a '/>' inside an attribute": '<row r="1"><c r="A1" foo="/>" s="1"><v>2</v></c></row>',
    "the position written twice": '<row r="1"><c r="A1" r="Z9"><v>1</v></c></row>',
    "the position in another attribute": '<row r="1"><c foo=\' r="Z9"\' r="B2"><v>1</v></c></row>',
    "tabs and single quotes": "<row r='2'><c\tr='c2'\ts='1'><v>1</v></c></row>",
    "a prefixed cell": '<row r="1"><x:c xmlns:x="' + NS + '" r="F7"><x:v>1</x:v></x:c></row>',
    "empty formatted cells": '<row r="1"><c r="A1"><v>1</v></c><c r="Z99" s="1"/></row>',
    "an empty string": '<row r="1"><c r="A1"><v>1</v></c><c r="C5" t="inlineStr"><is></is></c></row>',
}


@pytest.mark.parametrize("trick", TRICKS)
def test_the_extent_found_covers_every_cell_the_reader_sees(trick):
    import python_calamine

    body = f'<worksheet xmlns="{NS}"><sheetData>{TRICKS[trick]}</sheetData></worksheet>'
    data = workbook(("S", body))
    try:
        extent = safety.sheet_extents(data)["S"]
    except Exception as refused:  # a tag no XML parser accepts is refused as damaged, which is safe too
        assert "is damaged" in str(refused)
        return
    try:
        end = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("S").end
    except python_calamine.CalamineError:
        return
    if end is not None:
        assert extent.rows >= end[0] + 1 and extent.columns >= end[1] + 1


def test_cells_are_read_at_their_implied_positions():
    data = workbook(("S", sheet_xml([["Service", None, "Budget"], [None, 2]], positions=False)))
    sheet = reader.read_xlsx("a.xlsx", data)[0]
    assert safety.sheet_extents(data)["S"] == safety.Extent(2, 3)
    assert sheet.rows == [["Service", None, "Budget"], [None, 2.0]]


def test_only_the_sheet_asked_for_is_read():
    data = workbook(("One", sheet_xml([["a", 1]])), ("Two", sheet_xml([["b", 2]])))
    sheets = reader.read_xlsx("a.xlsx", data)
    assert [s.name for s in sheets] == ["One", "Two"]
    assert sheets[1].rows == [["b", 2.0]]
    assert sheets[0]._rows is None  # never read


# 2. Infinite, not-a-number and absurd figures are refused where numbers are made

def test_a_figure_that_overflows_when_multiplied_out_is_refused(tmp_path, capsys, seeded):
    rows = [TITLE, HEADER, ["Older People", 1e308, 110], ["Mental Health", 50, 2e9]]
    err = refuse(tmp_path, capsys, seeded, "huge.xlsx", workbook(("Budget", sheet_xml(rows))))
    assert ("huge.xlsx, sheet 'Budget', row 3, column 'Annual Budget £000' (B): found '1e+308', expected an amount "
            "between -£1,000,000,000,000 and £1,000,000,000,000") in err
    assert "row 4, column 'Projected outturn £000' (C): found '2000000000', expected an amount between" in err


def test_not_a_number_and_infinity_cells_are_refused(tmp_path, capsys, seeded):
    rows = [TITLE, HEADER, ["Older People", float("nan"), 110], ["Mental Health", 50, float("-inf")]]
    err = refuse(tmp_path, capsys, seeded, "nan.xlsx", workbook(("Budget", sheet_xml(rows))))
    assert "row 3, column 'Annual Budget £000' (B): found 'nan', expected an amount" in err
    assert "row 4, column 'Projected outturn £000' (C): found '-inf', expected an amount" in err


@pytest.mark.parametrize("text", ["inf", "nan", "-Infinity", "1e999", "9" * 400, "£2,000,000,000"])
def test_csv_text_that_is_no_finite_amount_is_refused(tmp_path, capsys, seeded, text):
    from tests.workbooks import csv_bytes

    rows = [TITLE, HEADER, ["Older People", text, "110"]]
    err = refuse(tmp_path, capsys, seeded, "text.csv", csv_bytes(rows))
    assert "text.csv, sheet 'text', row 3, column 'Annual Budget £000' (B): found '" in err
    assert "expected an amount" in err


@pytest.mark.parametrize("hours", ["1e308", "9" * 400, "2,000,000,000,000"])
def test_hours_beyond_any_real_week_are_refused(tmp_path, capsys, seeded, hours):
    from tests.workbooks import csv_bytes

    rows = [["Week ending", "In-house hours", "Independent hours"], ["04/01/2008", hours, "5,760"]]
    err = refuse(tmp_path, capsys, seeded, "hours.csv", csv_bytes(rows), kind="homecare")
    assert "row 2, column 'In-house hours' (B)" in err and "expected a number" in err


# 3. Every failure of reading a file ends as a refusal naming it, in plain words

def _parts(data: bytes) -> list[str]:
    import zipfile

    return [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith((".xml", ".rels"))]


@pytest.mark.parametrize("part", _parts(seed_revenue_workbook()))
def test_a_damaged_deflate_stream_in_any_part(tmp_path, capsys, seeded, part):
    from tests.hostile import damage_deflate

    err = refuse(tmp_path, capsys, seeded, "damaged.xlsx", damage_deflate(seed_revenue_workbook(), part))
    assert "damaged.xlsx" in err and "damaged" in err
    assert "zlib" not in err and "Error" not in err


def test_an_undeclared_entity_is_called_damage_not_by_the_readers_words(tmp_path, capsys, seeded):
    rows = [TITLE, HEADER, ["Older People &lol9; Services", 100, 110]]
    data = workbook(("Budget", sheet_xml(rows).replace("&amp;lol9;", "&lol9;")))
    err = refuse(tmp_path, capsys, seeded, "entity.xlsx", data)
    assert "entity.xlsx, sheet 'Budget': could not be read: it is damaged or not written as Excel writes it" in err
    assert "lol9" not in err and "unrecognized" not in err


def test_a_csv_cell_longer_than_the_csv_modules_limit_is_read(tmp_path, capsys, store_url):
    from tests.workbooks import csv_bytes

    reason = "The overspend is explained at length. " * 5000  # 195,000 characters
    rows = [TITLE, HEADER + ["Reason"], ["Older People", "100", "110", reason]]
    path = tmp_path / "long.csv"
    path.write_bytes(csv_bytes(rows))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err


def test_nul_characters_in_csv_text_are_dropped(tmp_path, capsys, store_url):
    from sqlalchemy import text

    from tests.workbooks import csv_bytes

    rows = [TITLE, HEADER, ["Older\x00 People", "100", "110"]] + [[f"Line {i}", "1", "1"] for i in range(4000)]
    rows.append(["Mental\x00 Health", "50", "45"])
    path = tmp_path / "nul.csv"
    path.write_bytes(csv_bytes(rows))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err
    with db.get_engine(store_url).connect() as conn:
        names = set(conn.execute(text("SELECT service_area FROM revenue_line")).scalars())
    assert {"Older People", "Mental Health"} <= names
    assert not any("\x00" in n for n in names)


def test_not_a_number_hours_are_refused_not_stored(tmp_path, capsys, seeded):
    rows = [["Week ending", "In-house hours", "Independent hours"], ["04/01/2008", float("nan"), 5760]]
    err = refuse(tmp_path, capsys, seeded, "hours.xlsx", workbook(("Hours", sheet_xml(rows))), kind="homecare")
    assert "hours.xlsx, sheet 'Hours', row 2, column 'In-house hours' (B): found 'nan', expected a number" in err


def test_anything_unexpected_while_reading_is_a_plain_refusal(tmp_path, capsys, seeded, monkeypatch):
    from lib.ingest import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail nobody should see")

    monkeypatch.setattr(pipeline, "read_table", broken)
    err = refuse(tmp_path, capsys, seeded, "budget.xlsx", workbook(("Budget", sheet_xml(TABLE))))
    assert "budget.xlsx: could not be read: something in it is not understood here" in err
    assert "internal detail" not in err


def test_running_out_of_memory_while_reading_is_a_plain_refusal(tmp_path, capsys, seeded, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(reader, "read_csv", exhausted)
    err = refuse(tmp_path, capsys, seeded, "big.csv", b"Service,Budget\nA,1\n")
    assert "big.csv: is too large to read here" in err


# 4. Wide sheets: the work is bounded by the header's text cells; absurd widths are refused before matching

def _wide_workbook(columns: int) -> bytes:
    header = HEADER + [f"Extra column {i}" for i in range(columns - len(HEADER))]
    row = ["Older People", 100, 110] + [1] * (columns - len(HEADER))
    return workbook(("Budget", sheet_xml([TITLE, header, row])))


@pytest.fixture
def count_scores(monkeypatch):
    from lib.ingest import layout

    calls = {"score": 0, "map": 0}
    score, map_columns = layout._score, layout.map_columns

    def counted_score(*args):
        calls["score"] += 1
        return score(*args)

    def counted_map(*args, **kwargs):
        calls["map"] += 1
        return map_columns(*args, **kwargs)

    monkeypatch.setattr(layout, "_score", counted_score)
    monkeypatch.setattr(layout, "map_columns", counted_map)
    return calls


def test_a_16384_column_sheet_is_refused_before_any_column_is_matched(tmp_path, capsys, seeded, count_scores):
    err = refuse(tmp_path, capsys, seeded, "wide.xlsx", _wide_workbook(16_384))
    assert ("wide.xlsx, sheet 'Budget': has 16,384 cells of text across row 2, more than any table's header (at "
            "most 2,000 columns are matched): delete the columns the import does not need") in err
    assert count_scores == {"score": 0, "map": 0}


def test_recognising_a_16384_column_sheet_says_why_it_is_not_read(count_scores):
    from lib.importer import ImportRefused, recognise

    with pytest.raises(ImportRefused) as refused:
        recognise("wide.xlsx", _wide_workbook(16_384))
    assert "has 16,384 cells of text across row 2" in str(refused.value)
    assert count_scores["score"] == 0


def test_a_wide_sheet_within_the_limit_is_read_scoring_only_columns_that_could_match(tmp_path, capsys, store_url,
                                                                                   count_scores):
    path = tmp_path / "wide.xlsx"
    path.write_bytes(_wide_workbook(1_900))
    assert cli.main(["import", "revenue", str(path), "--dry-run"]) == 0, capsys.readouterr().err
    # 'Extra column N' shares no first word with any alias: only the three real columns are ever scored
    assert count_scores["score"] < 100


def test_a_200000_column_csv_is_refused_before_any_column_is_matched(tmp_path, capsys, seeded, count_scores):
    header = ",".join(HEADER + [f"c{i}" for i in range(200_000)])
    data = f"As at 31 March 2008\n{header}\nOlder People,100,110\n".encode()
    err = refuse(tmp_path, capsys, seeded, "wide.csv", data)
    assert "wide.csv: has 200,003 columns in row 2; at most 16,384 are read (as in Excel)" in err
    assert count_scores == {"score": 0, "map": 0}


def test_a_header_under_other_rows_is_matched_once_for_every_kind(count_scores):
    from lib.ingest import layout
    from lib.kinds import KINDS

    rows = layout.Rows([TITLE, HEADER + [f"Note {i}" for i in range(500)], ["Older People", 100, 110]])
    for kind in KINDS.values():
        layout.find_layout(kind, rows)
    assert count_scores["map"] == len(KINDS)
    assert layout._header_candidates(rows) is layout._header_candidates(rows)  # columns built once, not per kind


# 5. Nothing is lost or taken silently: rows in another separator, hidden sheets, twin columns

def test_csv_rows_in_another_separator_are_refused_by_row(tmp_path, capsys, seeded):
    data = (b"As at 31 March 2008\nService,Annual Budget \xc2\xa3000,Projected outturn \xc2\xa3000\n"
            b"Older People,100,110\nMental Health;50;45\nLearning Disabilities\t30\t35\n")
    err = refuse(tmp_path, capsys, seeded, "mixed.csv", data)
    assert ("mixed.csv: rows 4 and 5 are separated by semicolons and tabs while the other rows are separated by "
            "commas: read as they are, their figures would be lost") in err


def test_a_quoted_cell_or_a_note_with_semicolons_is_no_other_separator(tmp_path, capsys, store_url):
    data = (b"As at 31 March 2008\nService,Annual Budget \xc2\xa3000,Projected outturn \xc2\xa3000\n"
            b"Older People,100,110\n\"Note: a; b; 3\"\nNote 2: staffing; transport; other\n")
    path = tmp_path / "notes.csv"
    path.write_bytes(data)
    assert cli.main(["import", "revenue", str(path), "--dry-run"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("state", "words"), [("hidden", "hidden (Home > Format > Hide & Unhide shows it)"),
                                              ("veryHidden", "very hidden (it is not listed under Unhide")])
def test_a_table_read_from_a_hidden_sheet_is_named_in_a_warning(tmp_path, capsys, store_url, state, words):
    data = workbook(("Cover", sheet_xml([["Budget monitoring"]])), ("Budget", sheet_xml(TABLE), state))
    path = tmp_path / "hidden.xlsx"
    path.write_bytes(data)
    assert cli.main(["import", "revenue", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"warning: hidden.xlsx, sheet 'Budget': this sheet is {words}" in err


def test_hidden_sheets_beside_the_one_read_are_named(tmp_path, capsys, store_url):
    data = workbook(("Budget", sheet_xml(TABLE)), ("Old", sheet_xml(TABLE), "hidden"),
                    ("Workings", sheet_xml([["x", 1]]), "veryHidden"))
    path = tmp_path / "others.xlsx"
    path.write_bytes(data)
    assert cli.main(["import", "revenue", str(path)]) == 0
    err = capsys.readouterr().err
    assert ("warning: others.xlsx: has hidden sheets 'Old', 'Workings' (very hidden), not read; the sheet read was "
            "'Budget'") in err


def test_two_columns_with_the_same_header_are_not_a_guess(tmp_path, capsys, seeded):
    rows = [TITLE, ["Service", "Annual Budget £000", "Projected outturn £000", "Annual Budget £000"],
            ["Older People", 100, 110, 120]]
    err = refuse(tmp_path, capsys, seeded, "twins.xlsx", workbook(("Budget", sheet_xml(rows))))
    assert ("twins.xlsx, sheet 'Budget', row 2: columns 'Annual Budget £000' (B) and 'Annual Budget £000' (D) have "
            "the same header, so which of them holds the annual budget would be a guess: rename one of them") in err


def test_twin_columns_matched_by_hand_are_read(engine):
    from lib.importer import Options, prepare

    rows = [TITLE, ["Service", "Annual Budget £000", "Projected outturn £000", "Annual Budget £000"],
            ["Older People", 100, 110, 120]]
    prepared = prepare(engine, "revenue", "twins.xlsx", workbook(("Budget", sheet_xml(rows))),
                       Options(column_overrides={"annual_budget": 3}))
    assert prepared.records[0]["annual_budget"] == 120_000


# 6. Messages that say what the file is, in plain words

UNICODE_TEXT = ("As at 31 March 2008\r\nService\tAnnual Budget £000\tProjected outturn £000\r\n"
                "Older People\t100\t110\r\n")


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_text_as_excel_saves_unicode_text_is_read(tmp_path, capsys, store_url, bom, codec):
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + UNICODE_TEXT.encode(codec))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err
    assert "1 added" in capsys.readouterr().out
    from sqlalchemy import text

    with db.get_engine(store_url).connect() as conn:
        line = conn.execute(text("SELECT service_area, annual_budget FROM revenue_line")).one()
    assert tuple(line) == ("Older People", 100_000)


def test_a_password_protected_workbook_is_named_as_such(tmp_path, capsys, seeded):
    from tests.hostile import ole2

    err = refuse(tmp_path, capsys, seeded, "budget.xlsx", ole2(["EncryptionInfo", "EncryptedPackage"]))
    assert ("budget.xlsx: is protected with a password (encrypted), so it cannot be read: open it in Excel, remove "
            "the password") in err
    assert "old-style" not in err


def test_a_compound_file_without_encryption_is_still_an_old_style_workbook(tmp_path, capsys, seeded):
    from tests.hostile import ole2

    err = refuse(tmp_path, capsys, seeded, "budget.xls", ole2(["Workbook"]))
    assert "is an old-style Excel file (.xls)" in err


def test_a_time_where_a_date_is_expected_is_a_bad_date(tmp_path, capsys, seeded):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Hours"
    sheet.append(["Week ending", "In-house hours", "Independent hours"])
    sheet.append([0, 8640, 5760])  # Excel's day 0 in a date cell shows as 00:00:00
    sheet["A2"].number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    err = refuse(tmp_path, capsys, seeded, "hours.xlsx", out.getvalue(), kind="homecare")
    assert ("hours.xlsx, sheet 'Hours', row 2, column 'Week ending' (A): found '00:00:00', expected a date "
            "(day/month/year), not a time of day") in err


def test_a_damaged_list_of_sheets_is_not_described_in_the_readers_words(tmp_path, capsys, seeded):
    data = workbook(("Budget", sheet_xml(TABLE)), parts={"xl/workbook.xml": b"<workbook><sheets><sheet"})
    err = refuse(tmp_path, capsys, seeded, "broken.xlsx", data)
    assert "broken.xlsx: is damaged" in err
    assert "Cannot detect" not in err and "XmlError" not in err and "line 1" not in err


ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m"


def test_terminal_escapes_from_a_file_are_shown_not_obeyed(tmp_path, capsys, seeded):
    from tests.workbooks import csv_bytes

    rows = [TITLE, HEADER, ["Older People", f"100{ESCAPES}", "110"]]
    err = refuse(tmp_path, capsys, seeded, "escapes\x1b[31m.csv", csv_bytes(rows))
    assert r"found '100\x1b[2J\x1b]0;owned\x07\x9b31m', expected an amount" in err
    assert r"escapes\x1b[31m.csv" in err
    assert not any(ch in err for ch in "\x1b\x07\x9b")


def test_names_from_a_file_are_printed_plainly_on_success(tmp_path, capsys, store_url):
    from tests.workbooks import csv_bytes

    path = tmp_path / "names\x1b[31m.csv"
    path.write_bytes(csv_bytes([TITLE, HEADER, [f"Older People{ESCAPES}", "100", "110"]]))
    assert cli.main(["import", "revenue", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert r"dry run: revenue from names\x1b[31m.csv, sheet 'names\x1b[31m'" in out
    assert r"add: Older People\x1b[2J" in out  # the line as written, its escapes shown, not run
    assert not any(ch in out for ch in "\x1b\x07\x9b")


def test_problem_text_is_safe_wherever_it_is_shown():
    from lib.ingest.present import problems_table
    from lib.ingest.problems import Problem

    problem = Problem("a\x1b.csv", "bad\u202eword", sheet="S\x00", value="x\ny\x1b", expected="an amount")
    assert str(problem) == r"a\x1b.csv, sheet 'S\x00': found 'x\ny\x1b', expected an amount"
    table = problems_table([problem]).to_string()
    assert "\x1b" not in table and "\u202e" not in table


@pytest.mark.parametrize("text", ["--5", "-£-5", "(-5)", "-5 CR", "٥٠٠", "١٬٢٣٤", "５００"])
def test_double_signs_and_other_scripts_digits_are_not_amounts(tmp_path, capsys, seeded, text):
    from tests.workbooks import csv_bytes

    err = refuse(tmp_path, capsys, seeded, "digits.csv", csv_bytes([TITLE, HEADER, ["Older People", text, "110"]]))
    assert f"column 'Annual Budget £000' (B): found '{text}', expected an amount" in err


@pytest.mark.parametrize("text", ["٣١/٠٣/٢٠٠٨", "٢٠٠٨-٠٣-٣١"])
def test_dates_in_other_scripts_digits_are_not_read_as_dates(text):
    from lib.ingest.values import BadValue, parse_date

    with pytest.raises(BadValue):
        parse_date(text)


# 8. Machine date-times are dates

@pytest.mark.parametrize(("text", "expected"), [
    ("2020-06-03T00:00:00Z", "2020-06-03"), ("2020-06-03T00:00:00+01:00", "2020-06-03"),
    ("2020-06-02T23:00:00Z", "2020-06-03"),  # midnight in the UK in summer, written in UTC
    ("2020-01-02T23:00:00Z", "2020-01-02"), ("2020-06-03T09:30:00.000-05:00", "2020-06-03"),
    ("31/03/2020 00:00", "2020-03-31"), ("31/03/2020 14:30:00", "2020-03-31"), ("03/06/2020 00:00", "2020-06-03"),
])
def test_machine_date_times_are_read_as_uk_dates(text, expected):
    import datetime as dt

    from lib.ingest.values import parse_date

    assert parse_date(text) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("text", ["2020-06-03T25:00:00Z", "31/03/2020 00:00 later", "2020-06-03T00:00:00+1"])
def test_broken_date_times_are_still_refused(text):
    from lib.ingest.values import BadValue, parse_date

    with pytest.raises(BadValue):
        parse_date(text)


def test_a_register_exported_with_date_times_imports(tmp_path, capsys, store_url):
    from sqlalchemy import text

    from tests.workbooks import csv_bytes

    rows = [["contract_number", "contract_title", "supplier_name", "contract_value", "start_date", "end_date"],
            ["N-1", "Home care zone 1", "Care Co Ltd", "1200000", "2020-06-02T23:00:00Z", "31/03/2023 00:00"]]
    path = tmp_path / "awards.csv"
    path.write_bytes(csv_bytes(rows))
    assert cli.main(["import", "contracts", str(path)]) == 0, capsys.readouterr().err
    with db.get_engine(store_url).connect() as conn:
        start, end = conn.execute(text("SELECT start_date, end_date FROM contract")).one()
    assert (str(start)[:10], str(end)[:10]) == ("2020-06-03", "2023-03-31")


# 9. The separator is judged from records, not lines

def test_tab_indented_bullets_in_quoted_cells_do_not_make_a_comma_file_tab_separated(tmp_path, capsys, store_url):
    from tests.workbooks import csv_bytes

    bullets = "Actions:\n\t- meet the PCT\n\t- agree the plan\n\t- report back\n\t- review in June"
    rows = [["Ref", "Objective", "Action", "Lead", "Due date"]]
    rows += [[f"1.{i}", "Improve home care", bullets, "KH", "31/03/2009"] for i in range(1, 6)]
    sheet = reader.read_csv("plan.csv", csv_bytes(rows))[0]
    assert sheet.rows[0] == ["Ref", "Objective", "Action", "Lead", "Due date"]
    assert sheet.rows[1][2] == bullets
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes(rows))
    assert cli.main(["import", "actions", str(path), "--plan", "Home care", "--dry-run"]) == 0, capsys.readouterr()


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_separator_is_found_with_titles_and_thousands(delimiter):
    from tests.workbooks import csv_bytes

    rows = [TITLE, [], HEADER, ["Older People", "1,250,000", "1,300,000"], ["Mental Health", "50", "45"]] * 3
    sheet = reader.read_csv("b.csv", csv_bytes(rows, delimiter=delimiter))[0]
    assert sheet.rows[3] == ["Older People", "1,250,000", "1,300,000"]


# 12. OpenDocument spreadsheets are read under the same limits

def test_an_ods_spreadsheet_imports(tmp_path, capsys, store_url):
    from tests.hostile import ods, ods_rows

    path = tmp_path / "budget.ods"
    path.write_bytes(ods(("Budget", ods_rows(TABLE))))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err
    assert "batch 1: revenue from budget.ods, sheet 'Budget' as at 2008-03-31: 2 added" in capsys.readouterr().out


@pytest.mark.parametrize("far", ["rows", "cells"])
def test_an_ods_whose_repeats_reach_far_is_refused_in_little_memory(tmp_path, store_url, seeded, far):
    from tests.hostile import ods, ods_cell, ods_row, ods_rows

    if far == "rows":  # an empty block of a million rows, then one value at column Z
        big = [ods_row(ods_cell("x")), ods_row(ods_cell(None, 50), repeat=999_999), ods_row(ods_cell(None, 25),
                                                                                            ods_cell(1))]
    else:  # one value repeated across 16,000 columns and a million rows
        big = [ods_row(ods_cell(1, 16_000), repeat=1_000_000)]
    data = ods(("Budget", ods_rows(TABLE)), ("Scratch", big))
    status, err = import_limited(tmp_path, store_url, "far.ods", data)
    assert status == 1, err
    assert "far.ods, sheet 'Scratch': has cells filled in as far as row 1,0" in err
    assert "an .ods is read whole, so every sheet in it must fit" in err and "Traceback" not in err


def test_an_ods_with_macros_or_not_a_spreadsheet_is_named(tmp_path, capsys, seeded):
    from tests.hostile import ods, ods_rows

    data = ods(("Budget", ods_rows(TABLE)), parts={"Basic/Standard/Module1.xml": b"<module/>"})
    err = refuse(tmp_path, capsys, seeded, "macro.ods", data)
    assert "macro.ods: is a spreadsheet with macros" in err
    err = refuse(tmp_path, capsys, seeded, "letter.odt", ods(("x", []), mimetype="application/vnd.oasis."
                                                                                   "opendocument.text"))
    assert "letter.odt: is an OpenDocument text document, not a spreadsheet" in err


def test_ods_extents_count_repeated_rows_and_cells():
    from tests.hostile import ods, ods_cell, ods_row

    data = ods(("T", [ods_row(ods_cell("a"), ods_cell(None, 3), ods_cell(2, 2)), ods_row(ods_cell(None, 9), repeat=4),
                      ods_row(ods_cell(None), ods_cell("b"), repeat=3), ods_row(ods_cell(None, 1000), repeat=100)]))
    assert safety.ods_extents(data) == {"T": safety.Extent(rows=8, columns=6)}


# 12. Old-style workbooks (.xls) are read under the same limits

def test_an_xls_workbook_imports(tmp_path, capsys, store_url):
    from tests.hostile import xls

    path = tmp_path / "budget.xls"
    path.write_bytes(xls(("Budget", TABLE)))
    assert cli.main(["import", "revenue", str(path)]) == 0, capsys.readouterr().err
    assert "batch 1: revenue from budget.xls, sheet 'Budget' as at 2008-03-31: 2 added" in capsys.readouterr().out


@pytest.mark.parametrize("visibility", [1, 2])
def test_an_xls_with_a_far_cell_on_any_sheet_is_refused_in_little_memory(tmp_path, store_url, seeded, visibility):
    from tests.hostile import xls

    data = xls(("Budget", TABLE), ("Scratch", [["x"]], {(65_535, 255): 1}, visibility))
    status, err = import_limited(tmp_path, store_url, "far.xls", data)
    assert status == 1, err
    assert ("far.xls, sheet 'Scratch': has cells filled in as far as row 65,536 and column IV, a grid of 16,777,216 "
            "cells counted from A1") in err
    assert "an .xls is read whole, so every sheet in it must fit" in err and "Traceback" not in err


def test_a_hidden_xls_sheet_read_is_named(tmp_path, capsys, store_url):
    from tests.hostile import xls

    path = tmp_path / "hidden.xls"
    path.write_bytes(xls(("Cover", [["Budget monitoring"]]), ("Budget", TABLE, {}, 1)))
    assert cli.main(["import", "revenue", str(path)]) == 0
    assert "warning: hidden.xls, sheet 'Budget': this sheet is hidden" in capsys.readouterr().err


def test_xls_macros_are_refused(tmp_path, capsys, seeded):
    from tests.hostile import ole2, patch_xls_stream, xls

    err = refuse(tmp_path, capsys, seeded, "vba.xls", ole2(["Workbook", "_VBA_PROJECT_CUR"]))
    assert "vba.xls: is an old-style workbook with macros, which is refused for safety" in err

    def macro_sheet(stream: bytes) -> bytes:  # BOUNDSHEET's sheet type byte: 1 is an Excel 4.0 macro sheet
        import struct

        at = 0
        while struct.unpack_from("<H", stream, at)[0] != 0x0085:  # walk the records to the first BOUNDSHEET
            at += 4 + struct.unpack_from("<H", stream, at + 2)[0]
        return stream[: at + 9] + b"\x01" + stream[at + 10:]

    err = refuse(tmp_path, capsys, seeded, "xlm.xls", patch_xls_stream(xls(("Budget", TABLE)), macro_sheet))
    assert "xlm.xls: is an old-style workbook with macros" in err


@pytest.mark.parametrize(("data", "words"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "is an old-style Excel file (.xls) that could not be read"),
    (b"<html><table><tr><td>1</td></tr></table></html>", "is named .xls but is not an Excel workbook inside"),
])
def test_a_damaged_or_disguised_xls_is_named_plainly(tmp_path, capsys, seeded, data, words):
    err = refuse(tmp_path, capsys, seeded, "budget.xls", data)
    assert f"budget.xls: {words}" in err


def test_a_word_document_of_the_old_kind_is_named(tmp_path, capsys, seeded):
    from tests.hostile import ole2

    err = refuse(tmp_path, capsys, seeded, "minutes.doc", ole2(["WordDocument"]))
    assert "minutes.doc: is a Word document (an Office file of the old kind)" in err
