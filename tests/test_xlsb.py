"""Excel binary workbooks (.xlsb) are read under the same limits as .xlsx: each sheet measured from its cell
records before python-calamine reads it, macros refused, damage refused in plain words, hidden sheets named."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import struct
import subprocess
import sys

import openpyxl
import pytest
import python_calamine

from lib import cli
from lib.demo.workbooks import illustrative_contracts_workbook, seed_revenue_workbook
from lib.importer import Options, prepare
from lib.ingest import reader, safety, xlsb
from lib.ingest.problems import ImportRefused
from tests.conftest import ROOT, refuse, snapshot
from tests.hostile import ods, ods_rows, sheet_xml, workbook
from tests.test_hostile_files import HEADER, MEMORY_LIMIT, TABLE, TITLE, import_limited
from tests.xlsb_writer import (
    BEGIN_BOOK,
    BEGIN_BUNDLE_SHS,
    BEGIN_SHEET,
    BEGIN_SHEET_DATA,
    CELL_BLANK,
    CELL_REAL,
    CELL_ST,
    DATE_STYLE,
    END_BOOK,
    END_BUNDLE_SHS,
    END_SHEET,
    END_SHEET_DATA,
    FMLA_ERROR,
    WS_DIM,
    bundle_sheet,
    cell,
    cell_head,
    record,
    row_header,
    sheet_bin,
    workbook_bin,
)
from tests.xlsb_writer import xlsb as write_xlsb

XFD1048576 = (1_048_575, 16_383)  # 0-based


def from_xlsx(data: bytes, **options) -> bytes:
    """The same workbook as an .xlsb: every sheet, its state and its cells' values as openpyxl reads them."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return write_xlsb(*((ws.title, [list(r) for r in ws.iter_rows(values_only=True)], None, ws.sheet_state)
                        for ws in book.worksheets), **options)


def read(data: bytes, name: str = "S") -> list[list[object]]:
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python(
        skip_empty_area=False)


def sheet_part(*body: bytes, dimension: bytes = b"\0" * 16) -> bytes:
    """A worksheet part holding the records given inside its sheet data."""
    return (record(BEGIN_SHEET) + record(WS_DIM, dimension) + record(BEGIN_SHEET_DATA) + b"".join(body)
            + record(END_SHEET_DATA) + record(END_SHEET))


# The test's own writer, checked against python-calamine before anything else relies on it

@pytest.mark.parametrize("shared", [True, False])
def test_the_writers_workbooks_are_read_by_python_calamine(shared):
    rows = [["Service", "Budget", "Due", "Open"], ["Older People", 100, dt.date(2008, 3, 31), True],
            ["Mental Health", -45.5, dt.date(2011, 1, 2), False], [None, 2 ** 40, None, "é€"]]
    data = write_xlsb(("Budget", rows), ("Old", [["x"]], {(9, 3): 7}, "hidden"), ("Workings", [[1]], {}, "veryHidden"),
                      shared=shared)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert [(m.name, str(m.visible).rsplit(".", 1)[-1]) for m in book.sheets_metadata] == [
        ("Budget", "Visible"), ("Old", "Hidden"), ("Workings", "VeryHidden")]
    assert read(data, "Budget") == [["Service", "Budget", "Due", "Open"],
                                    ["Older People", 100, dt.date(2008, 3, 31), True],
                                    ["Mental Health", -45.5, dt.date(2011, 1, 2), False], ["", 2 ** 40, "", "é€"]]
    assert read(data, "Old")[9] == ["", "", "", 7]
    # Excel's own content type for every .xlsb's workbook part says "macroEnabled", macros or not: it is read
    assert b"sheet.binary.macroEnabled.main" in _part(data, "[Content_Types].xml")
    assert safety.check_upload("budget.xlsb", data) == "xlsb"


def _part(data: bytes, name: str) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name)


# What an .xlsb holds is imported as the same workbook saved as .xlsx would be

@pytest.mark.parametrize(("kind", "make"), [("revenue", seed_revenue_workbook),
                                            ("contracts", illustrative_contracts_workbook)])
@pytest.mark.parametrize("shared", [True, False])
def test_an_xlsb_imports_as_the_same_workbook_in_xlsx(engine, kind, make, shared):
    as_xlsx = make()
    as_xlsb = from_xlsx(as_xlsx, shared=shared)
    from_b = prepare(engine, kind, "book.xlsb", as_xlsb)
    from_x = prepare(engine, kind, "book.xlsx", as_xlsx)
    assert from_b.sheet == from_x.sheet and from_b.title == from_x.title
    assert len(from_b.records) > 5
    assert from_b.records == from_x.records
    assert from_b.scope_value == from_x.scope_value
    assert [str(w).replace(".xlsb", ".xlsx") for w in from_b.warnings] == [str(w) for w in from_x.warnings]
    assert from_b.plan.count("add") == from_x.plan.count("add") == len(from_x.records)


def test_the_command_line_imports_a_contract_register_in_xlsb_and_refuses_with_exit_1(tmp_path, store_url):
    good, far = tmp_path / "register.xlsb", tmp_path / "far.xlsb"
    good.write_bytes(from_xlsx(illustrative_contracts_workbook()))
    rows = openpyxl.load_workbook(io.BytesIO(illustrative_contracts_workbook())).worksheets[0].iter_rows(
        values_only=True)
    far.write_bytes(write_xlsb(("Contract register", [list(r) for r in rows], {XFD1048576: 1})))
    env = {**os.environ, "DATABASE_URL": store_url}

    def limited():  # a dense read of the far sheet fails this process, not the test run
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    def run(path):
        return subprocess.run([sys.executable, "-m", "lib.cli", "import", "contracts", str(path)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120, preexec_fn=limited)

    done = run(good)
    assert done.returncode == 0, done.stderr
    assert "contracts from register.xlsb, sheet 'Contract register'" in done.stdout and " added" in done.stdout
    done = run(far)
    assert done.returncode == 1
    assert ("far.xlsb, sheet 'Contract register': has cells filled in as far as row 1,048,576 and column XFD"
            in done.stderr)
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr


# 1. A far cell: the sheet is measured from its records, never read densely

def test_a_far_cell_on_the_sheet_being_imported_is_refused_in_little_memory(tmp_path, store_url, seeded):
    before = snapshot(seeded)
    data = write_xlsb(("Budget", TABLE, {XFD1048576: 1}))
    assert len(data) < 2500
    status, err = import_limited(tmp_path, store_url, "far.xlsb", data)
    assert status == 1, err
    assert ("far.xlsb, sheet 'Budget': has cells filled in as far as row 1,048,576 and column XFD, a grid of "
            "17,179,869,184 cells counted from A1; at most 2,000,000 cells are read") in err
    assert "Traceback" not in err
    assert snapshot(seeded) == before


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_far_cell_on_a_hidden_sheet_is_never_read(tmp_path, store_url, seeded, state):
    data = write_xlsb(("Budget", TABLE), ("Scratch", [["x"]], {XFD1048576: 1}, state))
    status, err = import_limited(tmp_path, store_url, "two.xlsb", data, "--dry-run")
    assert status == 0, err
    assert "two.xlsb, sheet 'Scratch': was not read: it has cells filled in as far as row 1,048,576" in err
    status, err = import_limited(tmp_path, store_url, "two.xlsb", data, "--sheet", "Scratch")
    assert status == 1, err
    assert "two.xlsb, sheet 'Scratch': has cells filled in as far as row 1,048,576 and column XFD" in err
    assert "Traceback" not in err


class Spy:
    """Stands for python_calamine in the reader, noting every sheet python-calamine is asked to read."""

    def __init__(self):
        self.read: list[str] = []
        spy = self

        class Book:
            def __init__(self, book):
                self._book = book

            def __getattr__(self, name):
                return getattr(self._book, name)

            def get_sheet_by_name(self, name):
                spy.read.append(name)
                return self._book.get_sheet_by_name(name)

        class Workbook:
            @staticmethod
            def from_filelike(handle):
                return Book(python_calamine.CalamineWorkbook.from_filelike(handle))

        self.CalamineWorkbook = Workbook


@pytest.mark.parametrize("where", ["Budget", "Scratch"])
def test_python_calamine_never_opens_a_sheet_too_large(engine, monkeypatch, where):
    spy = Spy()
    monkeypatch.setattr(reader, "python_calamine", spy)
    far = {XFD1048576: 1}
    data = write_xlsb(("Budget", TABLE, far if where == "Budget" else {}),
                      ("Scratch", [["x"]], far if where == "Scratch" else {}, "hidden"))
    if where == "Budget":
        with pytest.raises(ImportRefused, match="has cells filled in as far as row 1,048,576 and column XFD"):
            prepare(engine, "revenue", "far.xlsb", data)
    else:
        prepared = prepare(engine, "revenue", "far.xlsb", data)
        assert len(prepared.records) == 2
        assert any("'Scratch': was not read" in str(w) for w in prepared.warnings)
    assert where not in spy.read


def test_a_lying_dimension_is_not_believed():
    claims_all = sheet_bin(TABLE, dimension=(0, 1_048_575, 0, 16_383))
    data = write_xlsb(("Budget", TABLE), parts={"xl/worksheets/sheet1.bin": claims_all})
    assert xlsb.sheet_extents(data) == {"Budget": safety.Extent(4, 3)}
    claims_little = sheet_bin(TABLE, {(999_999, 25): 1}, dimension=(0, 3, 0, 2))
    data = write_xlsb(("Budget", TABLE), parts={"xl/worksheets/sheet1.bin": claims_little}, shared=False)
    assert xlsb.sheet_extents(data) == {"Budget": safety.Extent(1_000_000, 26)}


def test_cells_python_calamine_places_are_all_counted():
    """Records placed as python-calamine places them: a cell before any row header is in row 1, a blank formatted
    cell does not count (python-calamine skips it); a cell after the end of the sheet data or in a row past
    Excel's last does (python-calamine stops before it, or fails: reaching further is the safe side), and so does
    a formula's error value (which python-calamine skips today)."""
    part = sheet_part(cell(4, 6, None), row_header(2),
                      record(CELL_BLANK, cell_head(900)), row_header(5000), record(CELL_BLANK, cell_head(3)))
    data = write_xlsb(("S", [[1]]), parts={"xl/worksheets/sheet1.bin": part})
    assert xlsb.sheet_extents(data)["S"] == safety.Extent(1, 5)
    assert read(data) == [["", "", "", "", 6]]
    end = part.rindex(record(END_SHEET))
    after = part[:end] + row_header(70) + cell(9, 1.5, None) + part[end:]
    data = write_xlsb(("S", [[1]]), parts={"xl/worksheets/sheet1.bin": after})
    assert xlsb.sheet_extents(data)["S"] == safety.Extent(71, 10)
    beyond = sheet_part(row_header(1_048_576), cell(0, 1, None))
    data = write_xlsb(("S", [[1]]), parts={"xl/worksheets/sheet1.bin": beyond})
    assert xlsb.sheet_extents(data)["S"].too_big
    error = sheet_part(row_header(30), record(FMLA_ERROR, cell_head(40) + b"\x07" + b"\0" * 10))
    data = write_xlsb(("S", [[1]]), parts={"xl/worksheets/sheet1.bin": error})
    assert xlsb.sheet_extents(data)["S"] == safety.Extent(31, 41)


@pytest.mark.parametrize("seed", range(6))
def test_the_extent_found_covers_every_cell_python_calamine_reads(seed):
    rng = random.Random(seed)
    cells = {(rng.randrange(3000), rng.randrange(300)): rng.choice([1, 2.5, "t", True, dt.date(2020, 1, 1)])
             for _ in range(rng.randrange(1, 60))}
    data = write_xlsb(("S", [], cells), shared=bool(seed % 2))
    extent = xlsb.sheet_extents(data)["S"]
    end = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("S").end
    assert (extent.rows, extent.columns) == (end[0] + 1, end[1] + 1)


def test_records_across_the_scans_blocks_are_framed_right():
    """Parts of several megabytes: long texts run across the chunks the zip is inflated in and the blocks the
    scan reads, and the far cell at the end is still found."""
    rows = [["x" * length, n] for n, length in enumerate(range(20_000, 20_300))]
    data = write_xlsb(("S", rows, {(40_000, 70): "end"}), shared=False)
    assert xlsb.sheet_extents(data) == {"S": safety.Extent(40_001, 71)}


def test_a_sheet_listed_twice_or_in_two_entries_gets_the_furthest_reach():
    listed = workbook_bin([("S", "rId1", 0), ("S", "rId2", 0)])
    data = write_xlsb(("S", [[1]]), ("T", [[1]], {(99, 9): 1}), parts={"xl/workbook.bin": listed})
    assert xlsb.sheet_extents(data) == {"S": safety.Extent(100, 10)}
    unlisted = workbook_bin([("S", "rId1", 0), ("S", "rId9", 0)])
    rels = _part(data, "xl/_rels/workbook.bin.rels").replace(b'Id="rId2"', b'Id="rId9"').replace(
        b"sheet2.bin", b"nowhere.bin")  # a worksheet, to python-calamine, that is not there
    data = write_xlsb(("S", [[1]]), ("T", [[1]]), parts={"xl/workbook.bin": unlisted,
                                                         "xl/_rels/workbook.bin.rels": rels})
    assert xlsb.sheet_extents(data) == {}  # one listing leads nowhere: never read blind
    sheets = reader.read_workbook("a.xlsb", data, "xlsb")
    assert sheets[0].refusal and "could not be checked before reading" in sheets[0].refusal.message


def test_too_many_records_are_refused_before_they_are_all_scanned(monkeypatch):
    monkeypatch.setattr(xlsb, "MAX_RECORDS", 500)
    data = write_xlsb(("S", [[n, n] for n in range(400)]))
    with pytest.raises(ImportRefused, match="has more than 500 records in its sheets, more than is read here"):
        xlsb.sheet_extents(data, "big.xlsb")


# 12. Macros are refused; a package holding two kinds of workbook is refused

@pytest.mark.parametrize(("parts", "types"), [
    ({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60}, ""),
    ({"xl/macrosheets/sheet1.bin": sheet_bin([["=1"]])}, ""),
    ({}, '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'),
])
def test_an_xlsb_with_macros_is_refused(tmp_path, capsys, seeded, parts, types):
    data = write_xlsb(("Budget", TABLE), parts=parts, extra_types=types)
    err = refuse(tmp_path, capsys, seeded, "macro.xlsb", data)
    assert "macro.xlsb: is a macro-enabled workbook, which is refused for safety" in err


def test_entities_in_an_xlsb_s_xml_parts_are_refused(tmp_path, capsys, seeded):
    rels = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships/>'
    err = refuse(tmp_path, capsys, seeded, "lol.xlsb", write_xlsb(("Budget", TABLE),
                                                                  parts={"xl/_rels/workbook.bin.rels": rels}))
    assert "lol.xlsb: contains XML entity declarations (xl/_rels/workbook.bin.rels)" in err


@pytest.mark.parametrize("package", ["xlsx", "ods", "xlsb"])
def test_a_package_holding_two_kinds_of_workbook_is_refused(tmp_path, capsys, seeded, package):
    """python-calamine reads a package with the first reader that opens it: measured as one kind, it could be
    read as the other, unmeasured."""
    other = write_xlsb(("Budget", TABLE))  # were it read unmeasured, a far cell in it would go unseen
    binary = {n: _part(other, n) for n in ("xl/workbook.bin", "xl/_rels/workbook.bin.rels",
                                              "xl/worksheets/sheet1.bin", "xl/sharedStrings.bin")}
    if package == "xlsx":
        data = workbook(("Budget", sheet_xml(TABLE)), parts=binary)
    elif package == "ods":
        data = ods(("Budget", ods_rows(TABLE)), parts=binary)
    else:
        xml = workbook(("Budget", sheet_xml(TABLE)))
        rels = "xl/_rels/workbook.xml.rels"
        data = write_xlsb(("Budget", TABLE), parts={rels: _part(xml, rels)})
    err = refuse(tmp_path, capsys, seeded, f"mixed.{package}", data)
    assert f"mixed.{package}: holds the parts of more than one kind of workbook" in err


# Damage: refused in plain words, never a traceback nor a panic of python-calamine's Rust code

def _listed(*records: bytes) -> bytes:
    return record(BEGIN_BOOK) + record(BEGIN_BUNDLE_SHS) + b"".join(records) + record(END_BUNDLE_SHS) + record(END_BOOK)


DAMAGE = {
    "a sheet part cut in a record": ({"xl/worksheets/sheet1.bin": sheet_bin(TABLE)[:-9]},
                                     "is damaged: a part of it (xl/worksheets/sheet1.bin) ends in the middle of a "
                                     "record"),
    "a list of sheets cut in a record": ({"xl/workbook.bin": workbook_bin([("Budget", "rId1", 0)])[:-5]},
                                         "is damaged: a part of it (xl/workbook.bin) ends in the middle of a record"),
    "a shared string beyond the list": ({"xl/sharedStrings.bin": None},
                                        "(xl/worksheets/sheet1.bin) has a cell pointing to a shared string that is "
                                        "not there"),
    "a sheet without its relationship": ({"xl/workbook.bin": _listed(bundle_sheet("Budget", "rId7"))},
                                         "(xl/workbook.bin) lists the sheet 'Budget', whose part is not in the "
                                         "workbook's relationships"),
    "a short dimension": ({"xl/worksheets/sheet1.bin": sheet_part(row_header(0), cell(0, 1, None),
                                                                  dimension=b"\0" * 4)},
                          "(xl/worksheets/sheet1.bin) has a record too short for what it must hold"),
    "a short cell": ({"xl/worksheets/sheet1.bin": sheet_part(row_header(0), record(CELL_REAL, cell_head(0)))},
                     "(xl/worksheets/sheet1.bin) has a cell record too short for its value"),
    "a text longer than its cell": ({"xl/worksheets/sheet1.bin": sheet_part(
        row_header(0), record(CELL_ST, cell_head(0) + struct.pack("<I", 500) + b"a\0"))},
        "(xl/worksheets/sheet1.bin) has a cell whose text does not fit in its record"),
    "a short sheet entry": ({"xl/workbook.bin": _listed(record(0x9C, b"\0" * 8))},
                            "(xl/workbook.bin) lists a sheet in a record too short for it"),
    "no list of sheets": ({"xl/workbook.bin": None}, "is not an Excel workbook (.xlsx) or CSV file"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_xlsb_is_refused_in_plain_words(tmp_path, capfd, seeded, damage):
    parts, words = DAMAGE[damage]
    data = write_xlsb(("Budget", TABLE), parts=parts)
    path = tmp_path / "bad.xlsb"
    path.write_bytes(data)
    before = snapshot(seeded)
    assert cli.main(["import", "revenue", str(path)]) == 1
    err = capfd.readouterr().err
    assert words in err and "bad.xlsb" in err
    assert "Traceback" not in err and "panicked" not in err  # nothing reached python-calamine's Rust code
    assert snapshot(seeded) == before


def test_a_sheet_whose_part_is_missing_is_never_read(tmp_path, capsys, seeded, monkeypatch):
    spy = Spy()
    monkeypatch.setattr(reader, "python_calamine", spy)
    data = write_xlsb(("Budget", TABLE), parts={"xl/worksheets/sheet1.bin": None})
    sheet = reader.read_workbook("gone.xlsb", data, "xlsb")[0]
    assert "could not be checked before reading (the workbook's list of sheets does not lead to it)" in str(
        sheet.refusal)
    err = refuse(tmp_path, capsys, seeded, "gone.xlsb", data)
    assert "could not be checked before reading" in err and "is empty" not in err
    assert spy.read == []


def test_a_panic_of_python_calamine_is_a_refusal_not_a_crash(tmp_path, capsys, seeded):
    """What is not checked before python-calamine reads it (a defined name too short for its own fields, a date
    too far in the past for its clock) may still panic its Rust code: that is a refusal naming the file."""
    short_name = record(BEGIN_BOOK) + record(BEGIN_BUNDLE_SHS) + bundle_sheet("Budget", "rId1") + record(
        END_BUNDLE_SHS) + record(0x27, b"\0" * 4) + record(END_BOOK)
    err = refuse(tmp_path, capsys, seeded, "name.xlsb", write_xlsb(("Budget", TABLE),
                                                                   parts={"xl/workbook.bin": short_name}))
    assert "name.xlsb: could not be read as an Excel binary workbook (.xlsb): it may be damaged" in err
    ancient = TABLE[:2] + [["Older People", 100, 110]]
    part = sheet_bin(ancient, strings=None)
    end = part.rindex(record(END_SHEET_DATA))
    part = (part[:end] + row_header(3) + record(CELL_REAL, cell_head(0, DATE_STYLE) + struct.pack("<d", -1e308))
            + part[end:])
    err = refuse(tmp_path, capsys, seeded, "ancient.xlsb", write_xlsb(("Budget", ancient), shared=False,
                                                                     parts={"xl/worksheets/sheet1.bin": part}))
    assert "ancient.xlsb, sheet 'Budget': could not be read: it is damaged or not written as Excel writes it" in err


def test_a_date_python_calamine_cannot_hold_in_an_xlsx_is_a_refusal_too(tmp_path, capsys, seeded):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Budget"
    for row in TABLE:
        sheet.append(row)
    sheet.append(["Learning Disability", -1e308, 1])
    sheet["B5"].number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    err = refuse(tmp_path, capsys, seeded, "ancient.xlsx", out.getvalue())
    assert "ancient.xlsx, sheet 'Budget': could not be read: it is damaged or not written as Excel writes it" in err


# 5. Hidden sheets are named, as in an .xlsx

@pytest.mark.parametrize(("state", "words"), [("hidden", "hidden (Home > Format > Hide & Unhide shows it)"),
                                              ("veryHidden", "very hidden (it is not listed under Unhide")])
def test_a_table_read_from_a_hidden_xlsb_sheet_is_named_in_a_warning(tmp_path, capsys, store_url, state, words):
    path = tmp_path / "hidden.xlsb"
    path.write_bytes(write_xlsb(("Cover", [["Budget monitoring"]]), ("Budget", TABLE, {}, state)))
    assert cli.main(["import", "revenue", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"warning: hidden.xlsb, sheet 'Budget': this sheet is {words}" in err


def test_hidden_xlsb_sheets_beside_the_one_read_are_named(tmp_path, capsys, store_url):
    path = tmp_path / "others.xlsb"
    path.write_bytes(write_xlsb(("Budget", TABLE), ("Old", TABLE, {}, "hidden"), ("Workings", [["x", 1]], {},
                                                                                  "veryHidden")))
    assert cli.main(["import", "revenue", str(path)]) == 0
    assert ("warning: others.xlsb: has hidden sheets 'Old', 'Workings' (very hidden), not read; the sheet read was "
            "'Budget'") in capsys.readouterr().err


def test_shared_and_inline_strings_and_dates_read_alike(engine):
    rows = [TITLE, HEADER, ["Older People", 100, 110], ["Mental Health", 50, 45]]
    for shared in (True, False):
        prepared = prepare(engine, "revenue", "b.xlsb", write_xlsb(("Budget", rows), shared=shared), Options())
        assert prepared.scope_value == dt.date(2008, 3, 31)
        assert [r["service_area"] for r in prepared.records] == ["Older People", "Mental Health"]


def test_the_upload_page_reads_an_xlsb_and_refuses_a_far_cell_in_words(store_url, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/upload.py").run()
    at.get("file_uploader")[0].set_value(("far.xlsb", write_xlsb(("Budget", TABLE, {XFD1048576: 1})),
                                          "application/vnd.ms-excel.sheet.binary.macroEnabled.12"))
    at.run()
    assert not at.exception
    assert "far.xlsb was not imported" in at.error[0].value
    assert "has cells filled in as far as row 1,048,576 and column XFD" in "\n".join(m.value for m in at.markdown)
    at.get("file_uploader")[0].set_value(("Appendix A.xlsb", from_xlsx(seed_revenue_workbook()),
                                          "application/vnd.ms-excel.sheet.binary.macroEnabled.12"))
    at.text_input(key="upload_who").set_value("Finance")
    at.run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Added"] == "10"


def test_a_panic_on_the_command_line_shows_no_rust_backtrace(tmp_path, store_url):
    short_name = record(BEGIN_BOOK) + record(BEGIN_BUNDLE_SHS) + bundle_sheet("Budget", "rId1") + record(
        END_BUNDLE_SHS) + record(0x27, b"\0" * 4) + record(END_BOOK)
    path = tmp_path / "name.xlsb"
    path.write_bytes(write_xlsb(("Budget", TABLE), parts={"xl/workbook.bin": short_name}))
    done = subprocess.run([sys.executable, "-m", "lib.cli", "import", "revenue", str(path)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "RUST_BACKTRACE": "1"}, timeout=120)
    assert done.returncode == 1
    assert "could not be read as an Excel binary workbook (.xlsb)" in done.stderr
    assert "stack backtrace" not in done.stderr and "Traceback" not in done.stderr
