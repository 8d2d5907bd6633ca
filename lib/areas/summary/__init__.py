"""One interface over every area for the overview, the meeting screens, the pack and the command line: each area's
headline as at a date, what changed between two dates (sentences with their figures, most important first, small
changes left out), the movement its tile shows, and its pages in the pack. AREAS lists the areas in the fixed order
they are shown in. Pure reads and calculations; no streamlit here.

    headlines(engine, as_at)                      -> [Headline]       one per area
    changes(engine, since, as_at, materiality)    -> [Change]         every area's, most important first
    movements(engine, since, as_at)               -> {area: Movement} one line per tile
    pack_contents(engine, as_at, every_row)       -> {area: PackContent | None}
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import NamedTuple

from sqlalchemy.engine import Engine

from . import actions, capital, contracts, homecare, indicators, revenue
from .base import (
    BETTER,
    DEFAULT_MATERIALITY,
    NEUTRAL,
    WORSE,
    Change,
    Figure,
    Headline,
    Materiality,
    Movement,
    PackContent,
    Source,
)

__all__ = ["AREAS", "BETTER", "DEFAULT_MATERIALITY", "NEUTRAL", "WORSE", "Area", "Change", "Figure", "Headline",
           "Materiality", "Movement", "PackContent", "Source", "changes", "headlines", "movements", "pack_contents"]


class Area(NamedTuple):
    key: str
    title: str
    page: str  # where the dashboard shows the area
    module: ModuleType  # its headline, changes, movement and pack


AREAS: tuple[Area, ...] = tuple(Area(m.KEY, m.TITLE, m.PAGE, m) for m in
                                (revenue, capital, indicators, homecare, actions, contracts))


def headlines(engine: Engine, as_at: dt.date) -> list[Headline]:
    return [area.module.headline(engine, as_at) for area in AREAS]


def changes(engine: Engine, since: dt.date, as_at: dt.date,
            materiality: Materiality = DEFAULT_MATERIALITY) -> list[Change]:
    """What changed between the picture as at `since` and as at `as_at`, most important first (areas in their fixed
    order where importance is equal)."""
    found = [c for area in AREAS for c in area.module.changes(engine, since, as_at, materiality)]
    return sorted(found, key=lambda c: -c.importance)


def movements(engine: Engine, since: dt.date, as_at: dt.date) -> dict[str, Movement]:
    return {area.key: area.module.movement(engine, since, as_at) for area in AREAS}


def pack_contents(engine: Engine, as_at: dt.date, every_row: bool = False) -> dict[str, PackContent | None]:
    """Each area's table and chart data: tables of the few rows a screen or a slide holds, or of every row (for the
    spreadsheet)."""
    return {area.key: area.module.pack(engine, as_at, None) if every_row else area.module.pack(engine, as_at)
            for area in AREAS}
