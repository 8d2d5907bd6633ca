"""What every area's summary is made of: a headline as at a date, the changes between two dates, the movement a tile
shows, and the content of its pages in the meeting pack. Each area module in this package fills these in; the
package's `__init__` lists the areas in their fixed order. Pure reads and calculations; no streamlit here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Engine

from ... import fmt
from ...store.batches import import_sources

WORSE, BETTER, NEUTRAL = "worse", "better", "neutral"  # which way a change or a movement goes for the council


@dataclass(frozen=True)
class Source:
    """The import a figure came from, and whether it is illustrative demo data rather than the council's own."""

    file_name: str
    batch: int
    imported_by: str
    imported_at: dt.datetime
    illustrative: bool

    def describe(self) -> str:
        label = " (illustrative demo data, not the council's own)" if self.illustrative else ""
        return (f"{self.file_name}, batch {self.batch}, imported by {self.imported_by} on "
                f"{self.imported_at.day} {self.imported_at:%b %Y}{label}")


@dataclass(frozen=True)
class Figure:
    """One figure as people read it (`text`, printed by lib/fmt.py) with the value behind it for a spreadsheet."""

    label: str
    text: str
    value: float | None = None


@dataclass(frozen=True)
class Headline:
    """An area as at a date: its figures, its RAG with the rule that gives it, and one sentence saying what it
    means. `as_at` is the date of the figures themselves (the report or week shown), which may be before the date
    asked for; None when the store holds nothing for the area on or before it."""

    area: str
    title: str
    as_at: dt.date | None
    sentence: str
    figures: tuple[Figure, ...] = ()
    rag: str | None = None
    rag_basis: str = ""
    sources: tuple[Source, ...] = ()
    key: int = 0  # which figure a tile shows large

    @property
    def key_figure(self) -> Figure | None:
        return self.figures[self.key] if self.figures else None

    @property
    def illustrative(self) -> bool:
        return any(s.illustrative for s in self.sources)


@dataclass(frozen=True)
class Change:
    """Something that changed between two dates, in plain words with its figures. `importance` orders the changes
    (bigger first); `page` is where the dashboard shows it."""

    area: str
    sentence: str
    figures: tuple[Figure, ...]
    importance: float
    page: str
    direction: str = NEUTRAL


@dataclass(frozen=True)
class Movement:
    """An area's movement between two dates, as one short line on its tile (the tiles' heading names the earlier
    date)."""

    text: str
    direction: str = NEUTRAL


@dataclass(frozen=True)
class PackContent:
    """An area's pages in the meeting pack and on the meeting screens: a small table and the data of one chart with
    words describing it (the chart's alternative text). The table holds figures (amounts, shares, dates) for the
    spreadsheet; `formats` prints a column's figures as the screen, the slides and the PDF show them."""

    table_title: str
    table: pd.DataFrame
    chart_title: str
    chart_data: pd.DataFrame
    chart_description: str
    note: str = ""  # a line under the table, e.g. "the 6 lines with the largest variance of 10"
    formats: dict[str, Callable[[object], str]] = field(default_factory=dict)

    def shown(self) -> pd.DataFrame:
        """The table as text, each figure printed as people read it (a blank as a dash)."""
        out = self.table.copy()
        for column, printed in self.formats.items():
            out[column] = [fmt.DASH if fmt.missing(v) else printed(v) for v in self.table[column]]
        return out.fillna("").astype(str)


# How pack tables print their figures (named functions, not lambdas: cached reads are pickled)

def in_thousands(value: float) -> str:
    """A figure already in £000 as a report prints it: 63,256."""
    return f"{value:,.0f}"


def signed_thousands(value: float) -> str:
    """A change already in £000 as a report prints it: +338, -17."""
    return f"{value:+,.0f}"


def whole(value: float) -> str:
    return f"{value:,.0f}"


def whole_percent(value: float) -> str:
    return fmt.share(value, 0)


@dataclass(frozen=True)
class Materiality:
    """How big a change must be to be written about. Smaller ones are left out of "since the last meeting"."""

    money: float = 50_000.0  # £: a budget line's or the total's variance, capital projection or slippage
    share_points: float = 0.005  # home care in-house share, as a fraction (0.005 is half a percentage point)
    indicator_pct: float = 5.0  # an indicator's value, as % of its target (a change of RAG is always written)
    contract_value: float = 5_000.0  # £ a year: contracts below the Transparency Code's threshold are not mentioned

    def describe(self) -> str:
        return (f"Changes smaller than £{self.money / 1000:,.0f}k in a budget figure, {self.share_points * 100:g} "
                f"points in the home care share or {self.indicator_pct:g}% of an indicator's target are left out, "
                f"as are contracts worth under £{self.contract_value:,.0f} a year; a change of RAG is always "
                "written.")


DEFAULT_MATERIALITY = Materiality()

# Bad news first, then movements, then good news; within each, the bigger the change against its threshold the
# higher it comes.
_TIERS = {WORSE: 3, NEUTRAL: 2, BETTER: 1}


def importance(direction: str, size: float, threshold: float, boost: int = 0) -> float:
    """An ordering number: the direction's tier, then how many times over the threshold the change is (capped).
    `boost` lifts a change within its tier (a status turning Red above a figure merely moving)."""
    ratio = abs(size) / threshold if threshold else 0.0
    return _TIERS[direction] * 1000 + boost * 100 + min(ratio, 99.0)


@dataclass
class SourceIndex:
    """The imports behind one kind's rows, to name the source of a figure by the date it belongs to."""

    sources: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, engine: Engine, kind: str) -> SourceIndex:
        return cls(import_sources(engine, kind))

    def for_date(self, day: dt.date | None) -> tuple[Source, ...]:
        """The import whose scope is that date, or a range of dates ("2007-12-14 to 2008-04-18") holding it."""
        if day is None:
            return ()
        found = []
        for scope, row in self.sources.items():
            first, _, last = scope.partition(" to ")
            try:
                start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
            except ValueError:
                continue
            if start <= day <= end:
                found.append(row)
        return tuple(_source(r) for r in found[-1:])

    def for_batches(self, batch_ids) -> tuple[Source, ...]:
        """The imports that added rows still in the store (register-like kinds, whose rows are updated in place rather
        than replaced by date), from the rows' own batch numbers."""
        wanted = {int(b) for b in batch_ids if not pd.isna(b)}
        return tuple(_source(r) for r in self.sources.values() if int(r["id"]) in wanted)


def _source(row: dict) -> Source:
    return Source(row["file_name"] or "(no file name)", int(row["id"]), row["created_by"], row["created_at"],
                  bool(row["illustrative"]))


def nothing_to_compare(d0: dt.date | None, d1: dt.date | None, noun: str = "report") -> Movement | None:
    """A tile's movement when two reports cannot be compared: none yet, no new one since, or the first."""
    if d1 is None:
        return Movement(f"No {noun} yet")
    if d0 == d1:
        return Movement(f"No new {noun}")
    if d0 is None:
        return Movement(f"First {noun}, as at {fmt.short_day(d1)}")
    return None


def latest_on_or_before(dates: list[dt.date], day: dt.date) -> dt.date | None:
    earlier = [d for d in dates if d <= day]
    return earlier[-1] if earlier else None


def worst(rags, order=("Red", "Amber", "Green")) -> str | None:
    """The worst RAG among several (Red before Amber before Green), None when there is none."""
    present = {r for r in rags if isinstance(r, str)}
    return next((r for r in order if r in present), None)


def since_phrase(since: dt.date) -> str:
    return f"since {since.day} {since:%B %Y}"
