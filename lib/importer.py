"""Importing a file as a kind named by the person or the command line: the one import pipeline (lib/ingest/) with the
kind looked up in the registry (lib/kinds/). The upload page, the command line and the demo import through here."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from .errors import UsageError
from .ingest import pipeline
from .ingest.compare import Plan
from .ingest.context import Options
from .ingest.pipeline import Prepared
from .ingest.problems import ImportRefused
from .kinds import KINDS, get_kind
from .store.access import Actor, require

__all__ = ["ImportRefused", "Options", "Plan", "Prepared", "column_map", "commit", "prepare", "recognise"]


def prepare(engine: Engine, kind_name: str, file_name: str, data: bytes, options: Options | None = None,
            progress: Callable[[float, str], None] | None = None) -> Prepared:
    """Read and check a file as `kind_name`; raise ImportRefused with every problem, or return what it would do."""
    return pipeline.prepare(engine, get_kind(kind_name), file_name, data, options, progress, kinds=list(KINDS.values()))


def commit(engine: Engine, prepared: Prepared, who: Actor | str, action: str = "import") -> tuple[int, Plan]:
    """Write a prepared import as one batch, if `who` may; returns its number and what it did."""
    actor = require(engine, who, "demo" if action == "demo" else "import",
                    f"import {prepared.kind.name} from {prepared.file_name}")
    return pipeline.commit(engine, prepared, actor.who, action)


def recognise(file_name: str, data: bytes, max_bytes: int | None = None) -> list[tuple[str, float]]:
    """The kinds whose required columns the file has, best first."""
    return pipeline.recognise(list(KINDS.values()), file_name, data, max_bytes)


def column_map(kind_name: str, pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(header, field) pairs a person gave (--map "HEADER=field"), with each field named by its name or its label
    ("supplier" or "Supplier"); an unknown field, or one field given twice, is a usage error listing the fields."""
    kind = get_kind(kind_name)
    by_word = {}
    for fld in kind.fields:
        by_word[fld.name.casefold()] = fld.name
        by_word[" ".join(fld.label.split()).casefold()] = fld.name
        by_word[" ".join(fld.label.rstrip(" £").split()).casefold()] = fld.name
    chosen: dict[str, str] = {}
    for header, word in pairs:
        name = by_word.get(" ".join(word.split()).casefold())
        if name is None:
            fields = ", ".join(f"{f.name} ({f.label})" for f in kind.fields)
            raise UsageError(f"--map: '{word}' is not a field of {kind.name}; its fields are {fields}")
        if name in chosen and chosen[name] != header:
            raise UsageError(f"--map: {name} is given twice ('{chosen[name]}' and '{header}'); a field is read from "
                             "one column")
        chosen[name] = header
    return tuple((header, name) for name, header in chosen.items())
