"""The README's account of what the importer reads stays true: its limits are the code's, and the command line's
--map is described where the import command is."""

from __future__ import annotations

from lib.ingest import layout, safety, values, xlsb
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()
LIMITS = README.split("The limits (constants in `lib/ingest/`", 1)[1].split("`lib/importer.py` is the door", 1)[0]


def test_the_readmes_limits_are_the_codes():
    assert f"| {safety.MAX_UPLOAD_BYTES // 2**20} MB, or `DASHBOARD_MAX_UPLOAD_MB` |" in LIMITS
    assert f"| {safety.MAX_CELLS:,} | `safety.MAX_CELLS` |" in LIMITS
    assert f"| {safety.MAX_ROWS:,} and {safety.MAX_COLUMNS:,}, as in Excel |" in LIMITS
    assert f"| {safety.MAX_WORKBOOK_CELLS:,} | `safety.MAX_WORKBOOK_CELLS` |" in LIMITS
    assert f"| {xlsb.MAX_RECORDS:,} | `xlsb.MAX_RECORDS` |" in LIMITS
    assert (f"over {safety.RATIO_FLOOR // 2**20} MB | {safety.MAX_ENTRIES:,} parts, "
            f"{safety.MAX_TOTAL_UNCOMPRESSED // 2**20} MB, {safety.MAX_RATIO} times |") in LIMITS
    assert f"(no header is wider) | {layout.MAX_HEADER_CELLS:,} |" in LIMITS
    assert values.MAX_MAGNITUDE == 10**12 and "| £1 trillion either side of zero |" in LIMITS
    assert f"among the first {layout.MAX_HEADER_SCAN} rows" in README


def test_the_readme_describes_map_with_the_import_command():
    usage = next(p for p in README.split("\n\n") if "python -m lib.cli import KIND FILE" in p)
    assert '[--map "HEADER=field" ...]' in usage
    assert '`--map\n"HEADER=field"` (repeatable)' in README
