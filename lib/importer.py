"""Importing a file as a kind named by the person or the command line: the one import pipeline (lib/ingest/) with the
kind looked up in the registry (lib/kinds/). The upload page, the command line and the demo import through here."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from .ingest import pipeline
from .ingest.compare import Plan
from .ingest.context import Options
from .ingest.pipeline import Prepared
from .ingest.problems import ImportRefused
from .kinds import KINDS, get_kind
from .store.access import Actor, require

__all__ = ["ImportRefused", "Options", "Plan", "Prepared", "commit", "prepare", "recognise"]


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
