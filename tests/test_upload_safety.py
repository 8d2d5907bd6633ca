"""The checks made on a file's bytes before anything parses it."""

import io
import zipfile

import pytest

from lib.ingest import safety
from lib.ingest.problems import ImportRefused
from tests.workbooks import csv_bytes, xlsx


def refused(name, data, **kw) -> str:
    with pytest.raises(ImportRefused) as exc:
        safety.check_upload(name, data, **kw)
    return str(exc.value)


def test_workbooks_and_csv_in_either_encoding_pass():
    assert safety.check_upload("a.xlsx", xlsx(("S", [["a", "b"], [1, 2]]))) == "xlsx"
    assert safety.check_upload("a.csv", csv_bytes([["Service", "£ Budget"], ["Café", "1"]])) == "csv"
    assert safety.check_upload("a.csv", csv_bytes([["Service", "£ Budget"]], encoding="cp1252")) == "csv"


def test_a_word_document_is_named_as_such():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "is a Word document" in refused("report.docx", out.getvalue())


def test_a_damaged_zip():
    assert "damaged" in refused("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100)


def test_a_text_file_named_xlsx():
    assert "named .xlsx but is not an Excel workbook" in refused("x.xlsx", b"Service,Budget\nA,1\n")


def test_size_limit_is_stated_in_megabytes():
    message = refused("big.csv", b"a,b\n" * 400_000, max_bytes=1024 * 1024)
    assert "big.csv: is 1.5 MB; the largest file accepted is 1.0 MB" in message


def test_too_many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(safety.MAX_ENTRIES + 1):
            z.writestr(f"xl/p{i}.xml", "")
    assert "parts" in refused("many.xlsx", out.getvalue())


def test_a_part_that_inflates_beyond_its_declared_size_is_stopped():
    out = io.BytesIO()
    payload = b"<a>" + b"x" * 200_000 + b"</a>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/styles.xml", payload)
    data = bytearray(out.getvalue())
    # lie in the central directory: declare the styles part as 10 bytes uncompressed
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    # inflating stops at the declared size, and the check of the part's CRC then fails
    assert refused("liar.xlsx", bytes(data)) == "liar.xlsx: is damaged or not an Excel workbook (.xlsx)"


def test_formula_cells_without_values_are_found_by_sheet():
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Budget & Outturn"
    book.active.append([1, 2, "=A1+B1"])
    book.create_sheet("Other").append(["=1+1"])
    out = io.BytesIO()
    book.save(out)
    assert safety.formula_cells_without_values(out.getvalue()) == {"Budget & Outturn": ["C1"], "Other": ["A1"]}


@pytest.mark.parametrize("cell", ['<c r="B2"><f>1+1</f></c>', '<c r="B2"><f t="shared" ref="B2:B3" si="0"/></c>',
                                  '<x:c xmlns:x="{ns}" r="B2"><x:f>1+1</x:f></x:c>',
                                  '<c r="B2"><x:f xmlns:x="{ns}">1+1</x:f></c>'])
def test_formula_cells_are_found_however_their_tag_is_written(cell):
    from tests.hostile import workbook

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = f'<worksheet xmlns="{ns}"><sheetData><row r="2">{cell.format(ns=ns)}</row></sheetData></worksheet>'
    assert safety.formula_cells_without_values(workbook(("S", body))) == {"S": ["B2"]}


def test_text_from_files_shows_as_written_not_as_markdown():
    from lib.ui import style

    assert style.plain("see [the plan](http://evil.example) ![x](http://t.example/p.png) $5 *now*") == (
        r"see \[the plan\](http:" + style.JOINER + r"//evil.example) \!\[x\](http:" + style.JOINER
        + r"//t.example/p.png) \$5 \*now\*")  # the joiner: a bare URL is not made a link either
    assert style.plain("Older People's Services") == "Older People's Services"
