"""Every refusal: a clear message naming the file (and sheet, row, column, value where there is one), exit
status 1 from the command line, and a store exactly as it was."""

import io
import zipfile

from openpyxl import Workbook

from lib import cli
from lib.demo.workbooks import seed_revenue_workbook
from tests.conftest import refuse
from tests.workbooks import csv_bytes, xlsx

GOOD_HEADER = ["Service", "Annual Budget £000", "Projected outturn £000"]




def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as entry:
            block = b"0" * (1024 * 1024)
            for _ in range(64):
                entry.write(block)
    return out.getvalue()


def _with_part(data: bytes, part: str, transform) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            dst.writestr(item.filename, transform(content) if item.filename == part else content)
    return out.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>')


def _formula_without_value() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    for row in (["As at 31 March 2008"], GOOD_HEADER, ["Older People", 100, 110], ["Mental Health", 50, None],
                ["Total", "=SUM(B3:B4)", "=SUM(C3:C4)"]):
        sheet.append(row)
    sheet["C4"] = "=B4*1.1"  # openpyxl saves formulas without a value, as a generator script would
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_file_that_is_not_a_workbook(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "budget.xlsx", b"%PDF-1.4 not a spreadsheet")
    assert "budget.xlsx" in err and "not an Excel workbook" in err


def test_a_pdf_named_as_csv(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "budget.csv", b"%PDF-1.4\x00\x01\x02 binary")
    assert "budget.csv: is not an Excel workbook (.xlsx) or CSV file" in err


def test_legacy_xls_says_how_to_save_as_xlsx(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "budget.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "budget.xls" in err and ".xls" in err and "Save As" in err and ".xlsx" in err


def test_macro_enabled_workbook(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "budget.xlsm", seed_revenue_workbook())
    assert "macro-enabled" in err and "Save As" in err


def test_macros_inside_a_file_named_xlsx(tmp_path, capsys, seeded):
    data = _with_part(seed_revenue_workbook(), "[Content_Types].xml",
                      lambda c: c.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"))
    err = refuse(tmp_path, capsys, seeded, "budget.xlsx", data)
    assert "macro-enabled" in err


def test_an_empty_workbook(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "empty.xlsx", xlsx(("Sheet1", [])))
    assert "empty.xlsx: is empty" in err


def test_a_header_with_no_rows(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "header.xlsx", xlsx(("Budget", [["As at 31 March 2008"], GOOD_HEADER])))
    assert "header.xlsx, sheet 'Budget'" in err and "row 2 has no rows of figures below it" in err


def test_missing_required_columns_are_named(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], ["Service", "Spend to date £000"], ["Older People", "100"]]
    err = refuse(tmp_path, capsys, seeded, "missing.xlsx", xlsx(("Budget", rows)))
    assert "missing required columns 'Annual budget £', 'Projected outturn £' or 'Projected variance £'" in err


def test_text_in_an_amount_column_names_sheet_row_column_value(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], [], GOOD_HEADER, ["Older People", "100", "n/a"], ["Mental Health", "5O", "60"]]
    err = refuse(tmp_path, capsys, seeded, "budget.xlsx", xlsx(("Appendix A", rows)))
    assert ("budget.xlsx, sheet 'Appendix A', row 4, column 'Projected outturn £000' (C): found 'n/a', "
            "expected an amount") in err
    assert "row 5, column 'Annual Budget £000' (B): found '5O', expected an amount" in err  # every problem


def test_a_blank_required_figure_is_not_a_zero(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], GOOD_HEADER, ["Older People", "100", None], ["Mental Health", None, "60"]]
    err = refuse(tmp_path, capsys, seeded, "blank.csv", csv_bytes(rows))
    assert "row 4, column 'Annual Budget £000' (B): found '', expected an amount (a blank cell is not a zero)" in err
    assert "row 3, column 'Projected outturn £000' (C)" in err


def test_an_unknown_rag_word(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], GOOD_HEADER + ["RAG"], ["Older People", "100", "110", "Purple"]]
    err = refuse(tmp_path, capsys, seeded, "rag.csv", csv_bytes(rows))
    assert "column 'RAG' (D): found 'Purple', expected a RAG status (Red, Amber, Green or R, A, G)" in err


def test_formula_cells_with_no_saved_value(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "formulas.xlsx", _formula_without_value())
    assert "row 4, column 'Projected outturn £000' (C): found '(formula)', expected a saved value" in err


def test_no_reporting_date_asks_for_as_at(tmp_path, capsys, seeded):
    rows = [GOOD_HEADER, ["Older People", "100", "110"]]
    err = refuse(tmp_path, capsys, seeded, "undated.csv", csv_bytes(rows))
    assert "--as-at" in err


def test_the_same_line_twice(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], GOOD_HEADER, ["Older People", "100", "110"], ["Older People", "100", "120"]]
    err = refuse(tmp_path, capsys, seeded, "dupes.csv", csv_bytes(rows))
    assert "'Older People' appears twice with different figures (rows 3 and 4)" in err


def test_a_line_with_no_figures_at_all(tmp_path, capsys, seeded):
    rows = [["As at 31 March 2008"], GOOD_HEADER, ["Older People", "100", "110"], ["Mental Health"],
            ["Total", "100", "110"]]
    err = refuse(tmp_path, capsys, seeded, "nofigures.csv", csv_bytes(rows))
    assert "row 4" in err and "'Mental Health' has no figures" in err


def test_a_file_over_the_size_limit(tmp_path, capsys, seeded, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.001")
    err = refuse(tmp_path, capsys, seeded, "big.csv", csv_bytes([GOOD_HEADER] + [["x", "1", "1"]] * 200))
    assert "big.csv: is" in err and "the largest file accepted is" in err


def test_a_zip_bomb_is_refused_before_inflating(tmp_path, capsys, seeded):
    err = refuse(tmp_path, capsys, seeded, "bomb.xlsx", _zip_bomb())
    assert "zip bomb" in err


def test_an_xml_entity_bomb(tmp_path, capsys, seeded):
    data = _with_part(seed_revenue_workbook(), "xl/worksheets/sheet1.xml", lambda c: LAUGHS + c.split(b"?>", 1)[-1])
    err = refuse(tmp_path, capsys, seeded, "laughs.xlsx", data)
    assert "XML entity declarations" in err


def test_unknown_kind_or_missing_file_is_a_usage_error(tmp_path, capsys, seeded):
    assert cli.main(["import", "widgets", str(tmp_path / "x.csv")]) == 2
    assert "unknown kind 'widgets'" in capsys.readouterr().err
    assert cli.main(["import", "revenue", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_file_of_another_kind_is_named_as_that_kind(seeded, tmp_path, capsys):
    from lib.demo.plans import seed_000_action_plan

    err = refuse(tmp_path, capsys, seeded, "plan.xlsx", seed_000_action_plan())
    # the plan's own header row is named (not a line of the plan whose words mention a variation)
    assert ("missing required columns 'Service area', 'Annual budget £', 'Projected outturn £' or 'Projected variance "
            "£' (the header in row 3 has 'Page', 'Review Findings', 'Responsibility', 'Actions', 'Date')") in err
    assert "it looks like action plan (kind 'actions')" in err
    err = refuse(tmp_path, capsys, seeded, "appendix.xlsx", seed_revenue_workbook(), "--plan", "P", kind="actions")
    assert "it looks like revenue budget monitoring (kind 'revenue')" in err
