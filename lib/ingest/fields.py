"""How a kind of spreadsheet is described: its fields (name, type, the headers councils use for it), which field is
the row's key, which is carried down from section rows, what a re-import replaces, the table its rows go to, the rules
beyond reading cells, and its export.

The kinds themselves are in lib/kinds/, one module each; the pipeline, the store comparison, the template download,
the export and the command line read these descriptions and nothing else about a kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Table
    from sqlalchemy.engine import Engine

TEXT, AMOUNT, NUMBER, DATE, RAG, SHARE, NOTE_REF = "text", "amount", "number", "date", "rag", "share", "note_ref"
BOOL = "bool"
PARAGRAPHS = "paragraphs"  # text whose line breaks are kept (bulleted actions, risks); spaces tidied per line
EXPECTED = {
    BOOL: "yes or no",
    TEXT: "text",
    PARAGRAPHS: "text",
    AMOUNT: "an amount",
    NUMBER: "a number",
    DATE: "a date (day/month/year)",
    RAG: "a RAG status (Red, Amber, Green or R, A, G)",
    SHARE: "a percentage",
    NOTE_REF: "a note number",
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # the header a template uses
    type: str = TEXT
    aliases: tuple[str, ...] = ()  # header phrases that name this field (compared after normalising)
    avoid: tuple[str, ...] = ()  # words in a header (or its group) that rule this field out
    prefer: tuple[str, ...] = ()  # words in the header's group that make this the better of twin columns
    required: bool = False
    blank_ok: bool = False  # a required column whose cells may be blank (carried down, or a finding with no action)
    help: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # identifies a row within its scope
    scope: str | None = None  # rows are grouped by this (a reporting date); a re-import replaces the group
    section_field: str | None = None  # filled from section rows ("Adult Services") carried down
    code_field: str | None = None  # when set, a row with this cell filled is always a data line
    text_rows: bool = False  # a table of text (an action plan): every row is read; the kind's rules sort them
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of each group is required
    note_ref_field: str | None = None
    note_targets: dict[str, str] = field(default_factory=dict)  # note heading mode -> field the text goes to
    description: str = ""
    model: Any = None  # the SQLModel class of its table (declared in the kind's module)
    finish: Callable[[Kind, Any], object] | None = None  # rules beyond reading cells (given the Kind and the
    # ingest.context.Context of the import); returns the scope value
    review: Callable[[Engine, Kind, list[dict], Any], list[str]] | None = None  # warnings from comparing the
    # finished records with the store (given the engine, the Kind, the records and the scope value)
    export_columns: tuple[str, ...] = ()  # the stable columns of PRODUCT.md first, then the rest
    export: Callable[[Engine, dt.date | None], pd.DataFrame] | None = None  # the kind's rows for export, as at a date
    extra_tables: tuple[Any, ...] = ()  # other tables the kind keeps (home care's published comparators)

    @property
    def table(self) -> str:
        """The name of the store table its rows go to."""
        return self.model.__tablename__

    @property
    def table_obj(self) -> Table:
        return self.model.__table__

    def field(self, name: str) -> Field:
        return self._by_name()[name]

    def _by_name(self) -> dict[str, Field]:
        cached = self.__dict__.get("_fields_by_name")
        if cached is None:
            cached = {f.name: f for f in self.fields}
            object.__setattr__(self, "_fields_by_name", cached)  # frozen dataclass: cache once
        return cached

    @property
    def amount_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.type in (AMOUNT, NUMBER))
