"""The one import pipeline, for every kind of spreadsheet:

    check the bytes (size, format, zip and XML bombs) -> read sheets -> find the sheet and its header ->
    map columns by aliases -> read rows (sections, totals, notes) and coerce values, collecting every
    problem -> kind rules (reporting date, derived figures, duplicates) -> compare with the store (dry run)
    -> write as one batch in one transaction.

`prepare` does everything up to the comparison and raises ImportRefused with every problem when the file
cannot be imported; `commit` writes a prepared import. Both take the Kind itself (lib/kinds/ has the registry); the
upload page, the command line and the demo call them through lib/importer.py, which looks kinds up by name.
"""

from __future__ import annotations

import functools
import gc
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import UsageError
from ..store.batches import BatchInfo
from . import compare, safety
from .context import Context, Options, check_duplicate_keys
from .fields import Kind
from .layout import Layout, apparent_header, columns_headed, find_layout, near_misses
from .problems import ImportRefused, Problem, column_letter, safe_text
from .reader import Sheet, read_sheets
from .table import read_table
from .values import clean_text, is_blank


@dataclass
class Prepared:
    kind: Kind
    file_name: str
    sheet: str
    layout: Layout
    records: list[dict]
    warnings: list[Problem]
    scope_value: object
    plan: compare.Plan
    title: str = ""  # the text above the table

    def unmapped_columns(self) -> list:
        used = {col.index for col in self.layout.columns.values()}
        return [col for col in self.layout.all_columns if col.index not in used]

    def mapping_table(self) -> list[dict]:
        """Which column of the sheet was read as which field, for the page and the dry run."""
        return [{"field": self.kind.field(name).label, "column": f"{col.leaf} ({column_letter(col.index)})",
                 "units": self.layout.units.get(name)} for name, col in self.layout.columns.items()]


def _choose_sheet(kind: Kind, sheets: list[Sheet], options: Options, file_name: str) -> tuple[Sheet, Layout | None]:
    if options.sheet:
        wanted = options.sheet.strip().lower()
        for sheet in sheets:
            if sheet.name.strip().lower() == wanted:
                if not sheet.rows and sheet.refusal:  # too large to read, or too wide to be a table
                    raise ImportRefused([sheet.refusal])
                return sheet, find_layout(kind, sheet.rows, _forced(options, sheet))
        names = ", ".join(f"'{s.name}'" for s in sheets)
        raise ImportRefused([Problem(file_name, f"has no sheet '{options.sheet}'; its sheets are {names}")])
    candidates = []
    for sheet in sheets:
        layout = find_layout(kind, sheet.rows, _forced(options, sheet))
        if layout is not None:
            candidates.append((not layout.missing, sheet.visible, layout.score, sheet, layout))
    if not candidates:
        too_big = [s.refusal for s in sheets if s.refusal]
        if too_big:  # the table may well be on a sheet too large to read
            raise ImportRefused(too_big)
        return next((s for s in sheets if s.rows), sheets[0]), None
    best = max(candidates, key=lambda c: c[:3])
    return best[3], best[4]


def _forced(options: Options, sheet: Sheet) -> dict[str, int] | None:
    """Columns matched by hand: the upload page's (by position) and --map's (by header, found on this sheet; a
    header heading several columns is left to _check_headers_given, which says so)."""
    forced = dict(options.column_overrides or {})
    for header, name in options.column_headers:
        columns = columns_headed(sheet.rows, header)
        if len(columns) == 1:
            forced[name] = columns[0]
    return forced or None


def _check_headers_given(file_name: str, sheet: Sheet, layout: Layout | None, options: Options) -> None:
    """Every --map header must head one column of the sheet read: otherwise the command itself is wrong."""
    for header, _name in options.column_headers:
        columns = columns_headed(sheet.rows, header)
        if len(columns) == 1:
            continue
        where = f"{file_name}, sheet '{sheet.name}'"
        if columns:
            letters = " and ".join(column_letter(c) for c in columns)
            raise UsageError(safe_text(
                f"--map: '{header}' heads columns {letters} of {where}: say which, as "
                f"\"{header} ({column_letter(columns[-1])})=...\""))
        headers = layout.all_columns if layout is not None else (apparent_header(sheet.rows) or (0, []))[1]
        shown = ", ".join(f"'{c.leaf}'" for c in headers[:40]) or "no header"
        raise UsageError(safe_text(f"--map: no column of {where} is headed '{header}'; its headers are {shown}"))


def _sheet_warnings(file_name: str, chosen: Sheet, sheets: list[Sheet]) -> list[Problem]:
    """What a person should know about the sheets: that the one read is hidden in the workbook, which other
    sheets are hidden (and were not read), and which were too large to read."""
    warnings = []
    if chosen.state != "visible":
        warnings.append(Problem(file_name, f"this sheet is {_hidden(chosen)} in the workbook, so what was read from "
                                           "it may not be what people see when they open the file: check it is the "
                                           "sheet you meant", sheet=chosen.name, warning=True))
    hidden = [s for s in sheets if s is not chosen and s.state != "visible"]
    if hidden:
        names = ", ".join(f"'{s.name}'" + (" (very hidden)" if s.state == "very hidden" else "") for s in hidden)
        warnings.append(Problem(file_name, f"has hidden sheet{'s' if len(hidden) > 1 else ''} {names}, not read; "
                                           f"the sheet read was '{chosen.name}'", warning=True))
    warnings += [Problem(file_name, f"was not read: it {s.refusal.message}", sheet=s.name, warning=True)
                 for s in sheets if s is not chosen and s.refusal]
    return warnings


def _hidden(sheet: Sheet) -> str:
    return ("very hidden (it is not listed under Unhide; only the VBA editor shows it)"
            if sheet.state == "very hidden" else "hidden (Home > Format > Hide & Unhide shows it)")


def _refuse_twins(file_name: str, sheet: Sheet, kind: Kind, layout: Layout) -> None:
    """Columns with the same header that both fit a field: taking the first would be a guess."""
    problems = []
    for name, chosen, twins in layout.twins:
        others = " and ".join(f"'{_shorten(c.leaf)}' ({column_letter(c.index)})" for c in twins)
        what = kind.field(name).label.rstrip(" £").lower()
        problems.append(Problem(
            file_name, f"columns '{_shorten(chosen.leaf)}' ({column_letter(chosen.index)}) and {others} have the same "
                       f"header, so which of them holds the {what} would be a guess: rename one of them in the "
                       "file, or match the column by hand - with the column matcher on the upload page, or on the "
                       f"command line with --map \"{_shorten(chosen.leaf)} ({column_letter(twins[-1].index)})={name}\" "
                       "- and import it again", sheet=sheet.name, row=layout.header_rows[-1] + 1))
    if problems:
        raise ImportRefused(problems, columns=layout.all_columns)


def _refuse_missing(kind: Kind, kinds: list[Kind], file_name: str, sheet: Sheet, layout: Layout | None) -> None:
    """What is missing, what the header holds instead (naming its row), and which kind the sheet looks like."""
    other = _looks_like(kind, kinds, sheet)
    hint = f"; it looks like {other.title.lower()} (kind '{other.name}')" if other else ""
    if layout is None:
        expected = ", ".join(f"'{f.label}'" for f in kind.fields if f.required or kind.one_of
                             and any(f.name in g for g in kind.one_of))
        message = f"no table of {kind.title.lower()} found: expected a header row with columns such as {expected}"
        columns: list = []
        if found := apparent_header(sheet.rows):
            row, columns = found
            names = [f.name for f in kind.fields if f.required] + [n for g in kind.one_of for n in g]
            message += (f"; the header in row {row + 1} has {_found(columns)}"
                        f"{_near_words(kind, near_misses(kind, names, columns))}")
        raise ImportRefused([Problem(file_name, message + hint, sheet=sheet.name)], columns=columns,
                            looks_like=other.name if other else None)
    names = []
    for item in layout.missing:
        labels = [f"'{kind.field(n).label}'" for n in item.split(" or ")]
        names.append(" or ".join(labels))
    by_hand = "" if other else (f"; if a column holds it under another header, match it by hand (the column matcher "
                                f"on the upload page, or --map \"HEADER={layout.missing[0].split(' or ')[0]}\")")
    raise ImportRefused([Problem(
        file_name, f"missing required column{'s' if len(names) > 1 else ''} {', '.join(names)} "
                   f"(the header in row {layout.header_rows[-1] + 1} has {_found(layout.all_columns)})"
                   f"{_near_words(kind, layout.near)}{by_hand}{hint}",
        sheet=sheet.name)], columns=layout.all_columns, looks_like=other.name if other else None)


def _found(columns: list) -> str:
    shown = ", ".join(f"'{_shorten(c.leaf)}'" for c in columns[:12])
    return shown + (f" and {len(columns) - 12} more" if len(columns) > 12 else "")


def _near_words(kind: Kind, near: dict) -> str:
    """'Number of visits per week' (B) only mentions 'week': not taken for a Week ending column."""
    parts = []
    for name, found in near.items():
        columns = " and ".join(f"'{_shorten(col.leaf)}' ({column_letter(col.index)})" for col, _ in found[:3])
        words = "', '".join(dict.fromkeys(word for _, word in found[:3]))
        parts.append(f"{columns} only mention{'s' if len(found[:3]) == 1 else ''} '{words}', so "
                     f"{'it was' if len(found[:3]) == 1 else 'they were'} not taken for the "
                     f"{kind.field(name).label.rstrip(' £')} column")
    return "; " + "; ".join(parts) if parts else ""


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _looks_like(kind: Kind, kinds: list[Kind], sheet: Sheet) -> Kind | None:
    """The kind whose every required column the sheet has, best fit first, when it is not the kind asked for: the
    usual reason for missing columns is choosing the wrong kind."""
    others = [(found.score, k) for k in kinds if k.name != kind.name
              and (found := find_layout(k, sheet.rows)) is not None and not found.missing]
    return max(others, key=lambda o: o[0])[1] if others else None


def _formula_problems(kind: Kind, ctx: Context, data: bytes, fmt: str) -> None:
    if fmt != "xlsx":
        return
    cells = safety.formula_cells_without_values(data).get(ctx.sheet.name, [])
    if not cells:
        return
    rows = {rec["_row"] for rec in ctx.records}
    by_column = {col.index: name for name, col in ctx.layout.columns.items()}
    for ref in cells:
        letters = "".join(ch for ch in ref if ch.isalpha())
        row = int("".join(ch for ch in ref if ch.isdigit()))
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch.upper()) - 64
        index -= 1
        if row in rows and index in by_column:
            record = next(rec for rec in ctx.records if rec["_row"] == row)
            ctx.problem("", record=record, field_name=by_column[index], value="(formula)",
                        expected="a saved value: this formula cell has none (the file was not saved by Excel); "
                                 "open it in Excel and save it, or paste the values")


_log = logging.getLogger(__name__)


def _plain_refusals(read: Callable) -> Callable:
    """Whatever goes wrong while reading a file ends as a refusal naming it, never as a traceback: the readers
    turn what they expect (damaged zips, calamine's errors, CSV errors, memory) into plain words, and anything
    else is caught here, its detail kept in the log only. Errors of the store, and of the command (a --map header
    the file does not have), are not the file's and pass."""

    signature = inspect.signature(read)

    @functools.wraps(read)
    def guarded(*args, **kwargs):
        try:
            return read(*args, **kwargs)
        except (ImportRefused, UsageError, SQLAlchemyError):
            raise
        except MemoryError:
            name = PurePath(signature.bind(*args, **kwargs).arguments["file_name"]).name
            raise ImportRefused([Problem(name, "is too large to read here: delete what the import does not "
                                               "need, or split it into smaller files")]) from None
        except Exception:
            name = PurePath(signature.bind(*args, **kwargs).arguments["file_name"]).name
            _log.info("reading %s failed unexpectedly", name, exc_info=True)
            raise ImportRefused([Problem(name, "could not be read: something in it is not understood here; "
                                               "nothing was changed - please pass the file to whoever looks "
                                               "after the dashboard")]) from None

    return guarded


def _collector_paused(work: Callable) -> Callable:
    """Python's cycle collector paused while a file is read, checked and written: each pass of it looks at every
    container alive - every row of cells, every record - so a 50,000-row import spent more time in it than in reading
    the file. Nothing made here needs it (cells, rows and records hold no cycles); it runs again afterwards."""

    @functools.wraps(work)
    def paused(*args, **kwargs):
        was_on = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return paused


@_collector_paused
@_plain_refusals
def prepare(engine: Engine, kind: Kind, file_name: str, data: bytes, options: Options | None = None,
            progress: Callable[[float, str], None] | None = None, kinds: list[Kind] = ()) -> Prepared:
    """Read and check a file for an import; raise ImportRefused with every problem, or return what it would do.
    `kinds`: every kind, to say which one a file refused for missing columns looks like."""
    options = options or Options()
    progress = progress or (lambda fraction, stage: None)
    name = PurePath(file_name).name
    progress(0.05, "Checking the file is a safe workbook")
    fmt = safety.check_upload(name, data, options.max_bytes)
    progress(0.15, "Reading the sheets")
    sheets = read_sheets(name, data, fmt)
    progress(0.5, "Finding the table and reading its rows")
    if not sheets or not any(s.has_cells for s in sheets):
        raise ImportRefused([Problem(name, "is empty: no sheet has any cells filled in")])
    sheet, layout = _choose_sheet(kind, sheets, options, name)
    _check_headers_given(name, sheet, layout, options)
    if layout is None or layout.missing:
        _refuse_missing(kind, list(kinds), name, sheet, layout)
    _refuse_twins(name, sheet, kind, layout)
    parsed = read_table(kind, sheet.rows, layout, name, sheet.name)
    if not parsed.records:
        raise ImportRefused([Problem(
            name, f"the header in row {layout.header_rows[-1] + 1} has no rows of figures below it",
            sheet=sheet.name)] + parsed.problems)
    title = " · ".join(clean_text(v) for row in sheet.rows[: layout.header_rows[0]] for v in row if not is_blank(v))
    ctx = Context(name, sheet, layout, parsed.records, parsed.problems, options, title[:200])
    ctx.problems.extend(_sheet_warnings(name, sheet, sheets))
    _formula_problems(kind, ctx, data, fmt)
    scope_value = kind.finish(kind, ctx) if kind.finish else None
    check_duplicate_keys(kind, ctx)
    errors = [p for p in ctx.problems if not p.warning]
    if errors:
        raise ImportRefused(ctx.problems)
    progress(0.8, "Comparing with the store")
    for warning in kind.review(engine, kind, ctx.records, scope_value) if kind.review else []:
        ctx.problem(warning, warning=True)
    plan = compare.preview(engine, kind, ctx.records, scope_value)
    progress(1.0, "Ready")
    return Prepared(kind, name, sheet.name, layout, ctx.records, [p for p in ctx.problems if p.warning],
                    scope_value, plan, title[:1000])


@_collector_paused
def commit(engine: Engine, prepared: Prepared, who: str, action: str = "import") -> tuple[int, compare.Plan]:
    info = BatchInfo(kind=prepared.kind.name, action=action, who=who, file_name=prepared.file_name,
                     sheet=prepared.sheet, title=prepared.title, warnings=[str(w) for w in prepared.warnings])
    return compare.commit(engine, prepared.kind, prepared.records, prepared.scope_value, info, prepared.plan)


@_collector_paused
@_plain_refusals
def recognise(kinds: list[Kind], file_name: str, data: bytes, max_bytes: int | None = None) -> list[tuple[str, float]]:
    """Kinds whose required columns the file has, best first, for the upload page's "recognise it"."""
    name = PurePath(file_name).name
    fmt = safety.check_upload(name, data, max_bytes)
    sheets = read_sheets(name, data, fmt)
    found = []
    for kind in kinds:
        scores = [layout.score for s in sheets if (layout := find_layout(kind, s.rows)) and not layout.missing]
        if scores:
            found.append((kind.name, max(scores)))
    if not found and (unread := [s.refusal for s in sheets if s.refusal]):
        raise ImportRefused(unread)  # the table may be on a sheet too large to read: say so, not "not recognised"
    return sorted(found, key=lambda x: -x[1])
