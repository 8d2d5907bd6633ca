"""The kinds of spreadsheet the dashboard reads, one module each, and the one registry of them.

A kind's module holds everything about it: its table, its fields and the headers councils use for them, its rules
beyond reading cells (derived figures, word lists), and its export. The pipeline, the store comparison, the export,
the command line, the template download and the README's list all read KINDS.
"""

from __future__ import annotations

from ..errors import UsageError
from ..ingest.fields import Kind
from .actions import ACTIONS
from .capital import CAPITAL
from .contracts import CONTRACTS
from .homecare import HOMECARE
from .indicators import INDICATORS
from .revenue import REVENUE

KINDS: dict[str, Kind] = {k.name: k for k in (REVENUE, CAPITAL, HOMECARE, ACTIONS, CONTRACTS, INDICATORS)}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UsageError(f"unknown kind '{name}': expected one of {', '.join(KINDS)}") from None
