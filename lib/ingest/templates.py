"""A blank workbook for each kind, made from its description: a title row, then the headers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from .fields import Kind

_MADE: dict[str, bytes] = {}


def template_workbook(kind: Kind) -> bytes:
    """The kind's template, made once a process (it depends on nothing but the kind's description)."""
    if kind.name not in _MADE:
        _MADE[kind.name] = _make(kind)
    return _MADE[kind.name]


def _make(kind: Kind) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = kind.title[:31]
    title = kind.title + (" - As at 31 March 2008 (put your reporting date here)" if kind.scope == "as_at" else "")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f.label for f in kind.fields])
    for i, fld in enumerate(kind.fields, start=1):
        cell = sheet.cell(row=2, column=i)
        cell.font = Font(bold=True)
        required = "Required. " if fld.required else ""
        also = f"Also read under: {', '.join(fld.aliases[:6])}." if fld.aliases else ""
        cell.comment = Comment(f"{required}{fld.help} {also}".strip(), "dashboard")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(fld.label) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
