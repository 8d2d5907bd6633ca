"""The words of the domain, each defined once: RAG (names, shapes, colours), action statuses, home care sectors,
contract words (types, provider sectors, standings, status on a date) and indicator polarity.

The bottom of the stack: it imports nothing of the project. Charts, tables, badges, exports and the importer's word
lists all read these.

Colour never carries a meaning alone: every RAG colour has a shape and a word beside it. The palette is chosen for
colour-blind readers (a dark red, a light orange and a blue-green differ in lightness as well as hue), and every text
colour meets a contrast of at least 4.5:1 against the background it is drawn on (tests/test_vocab.py works it out).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- RAG -------------------------------------------------------------------------------------------------------

RED, AMBER, GREEN = "Red", "Amber", "Green"
RAG_ORDER = (RED, AMBER, GREEN)
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Swatch:
    """How one status is drawn: `fill` for chart marks and strong bars, `tint` a pale background for a tag or table
    cell, `ink` the text colour on the tint (and on white), `on_fill` the text colour on the fill."""

    fill: str
    tint: str
    ink: str
    on_fill: str
    shape: str  # a character beside the word, so the meaning survives without colour
    mark: str  # the Vega-Lite point shape for the same status in a chart


RAG_SWATCH: dict[str, Swatch] = {
    RED: Swatch("#b2182b", "#f6d5d7", "#6b0f1a", "#ffffff", "▲", "triangle-up"),
    AMBER: Swatch("#e69f00", "#fde7c2", "#6e3b00", "#111111", "◆", "diamond"),
    GREEN: Swatch("#127f68", "#d0ebe4", "#0b4a3c", "#ffffff", "●", "circle"),
    "Complete": Swatch("#1f5f9e", "#d8e6f3", "#0e3358", "#ffffff", "■", "square"),
    "Cancelled": Swatch("#6b6b6b", "#e6e6e6", "#333333", "#ffffff", "✕", "cross"),
    NOT_STATED: Swatch("#8a8a8a", "#eeeeee", "#444444", "#111111", "○", "circle"),
}

_RAG_WORDS = {"red": RED, "r": RED, "amber": AMBER, "a": AMBER, "yellow": AMBER, "y": AMBER, "orange": AMBER,
              "green": GREEN, "g": GREEN}
RAG_EXPECTED = "a RAG status (Red, Amber, Green or R, A, G)"


def rag_of(word: str) -> str | None:
    """Red, Amber or Green from the words sheets use (R/A/G, Yellow), with or without a shape before it as this
    dashboard writes it ("▲ Red"), or None."""
    text = " ".join(str(word).lower().split()).rstrip(".")
    return _RAG_WORDS.get(text.lstrip("".join(s.shape for s in RAG_SWATCH.values()) + " "))


def rag_text(rag: str | None, blank: str = "not stated") -> str:
    """'▲ Red', '◆ Amber', '● Green' (and 'Complete', 'Cancelled' with their shapes): a status that reads without
    colour."""
    if not isinstance(rag, str) or rag not in RAG_SWATCH or rag == NOT_STATED:
        return blank
    return f"{RAG_SWATCH[rag].shape} {rag}"


# --- Action plans ------------------------------------------------------------------------------------------------

NOT_STARTED, IN_PROGRESS, DELAYED = "Not started", "In progress", "Delayed"
COMPLETE, CANCELLED = "Complete", "Cancelled"
ACTION_STATUSES: dict[str, tuple[str, ...]] = {  # each status and the words plans use for it
    NOT_STARTED: ("not started", "not yet started", "to start", "planned", "pending", "new", "not begun"),
    IN_PROGRESS: ("in progress", "on track", "ongoing", "on going", "started", "underway", "under way", "progressing",
                  "in hand", "partially complete", "partly complete"),
    DELAYED: ("delayed", "behind", "behind schedule", "slipped", "slipping", "at risk", "late", "overdue"),
    COMPLETE: ("complete", "completed", "done", "achieved", "closed", "finished", "met", "implemented"),
    CANCELLED: ("cancelled", "canceled", "withdrawn", "dropped", "no longer required", "superseded"),
}
STATUSES = tuple(ACTION_STATUSES)
CLOSED = frozenset({COMPLETE, CANCELLED})
ACTION_RAGS = (RED, AMBER, GREEN, COMPLETE, CANCELLED)  # the RAG of an action: closed ones shown as such
STATUS_COLOURS = {NOT_STARTED: "#c9ced3", IN_PROGRESS: "#6fa8dc", DELAYED: RAG_SWATCH[AMBER].fill,
                  COMPLETE: RAG_SWATCH["Complete"].fill, CANCELLED: RAG_SWATCH["Cancelled"].fill}
# beside each status's colour, a shape (Complete and Cancelled as their RAG's), and the text colour on its fill
STATUS_MARKS = {NOT_STARTED: "○", IN_PROGRESS: "◐", DELAYED: RAG_SWATCH[AMBER].shape,
                COMPLETE: RAG_SWATCH["Complete"].shape, CANCELLED: RAG_SWATCH["Cancelled"].shape}
STATUS_ON_FILL = {NOT_STARTED: "#111111", IN_PROGRESS: "#111111", DELAYED: RAG_SWATCH[AMBER].on_fill,
                  COMPLETE: RAG_SWATCH["Complete"].on_fill, CANCELLED: RAG_SWATCH["Cancelled"].on_fill}


def status_text(status: str | None) -> str | None:
    """'◐ In progress', '■ Complete': an action's status that reads without colour."""
    return f"{STATUS_MARKS[status]} {status}" if status in STATUS_MARKS else None
_STATUS_LOOKUP = {w: status for status, words in ACTION_STATUSES.items() for w in words}


def action_status(word: str) -> str | None:
    return _STATUS_LOOKUP.get(" ".join(str(word).lower().replace("-", " ").split()).rstrip("."))


# --- Home care sectors -------------------------------------------------------------------------------------------

IN_HOUSE, INDEPENDENT = "In-house", "Independent"
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    IN_HOUSE: ("in-house", "in house", "inhouse", "council", "la", "local authority", "internal"),
    INDEPENDENT: ("independent", "independent sector", "private", "voluntary", "private and voluntary", "external",
                  "third sector", "3rd sector"),
}
SECTOR_COLOURS = {IN_HOUSE: "#1f4e79", INDEPENDENT: "#9bbbd9"}
_SECTOR_LOOKUP = {" ".join(w.replace("-", " ").split()): sector for sector, words in SECTOR_WORDS.items()
                  for w in words}


def sector_of(word: str) -> str | None:
    """In-house or Independent from the words returns use, or None."""
    return _SECTOR_LOOKUP.get(" ".join(str(word).lower().replace("-", " ").split()))


# --- Contracts ---------------------------------------------------------------------------------------------------

CONTRACT_TYPES = {"block": "Block", "spot": "Spot", "framework": "Framework", "sla": "SLA",
                  "service level agreement": "SLA", "grant": "Grant", "cost and volume": "Cost and volume",
                  "block and spot": "Block and spot", "spot purchase": "Spot", "block contract": "Block"}
PROVIDER_SECTORS = {"in house": "In-house", "council": "In-house", "la": "In-house", "local authority": "In-house",
                    "internal": "In-house", "private": "Private", "independent": "Private", "for profit": "Private",
                    "voluntary": "Voluntary", "third sector": "Voluntary", "3rd sector": "Voluntary",
                    "charity": "Voluntary", "vcse": "Voluntary", "not for profit": "Voluntary", "nhs": "NHS",
                    "health": "NHS"}
STANDINGS = {"steady state": "Steady state", "interim": "Interim", "expired": "Expired", "exempted": "Exempted",
             "exempt": "Exempted", "exemption": "Exempted", "live": "Steady state", "current": "Steady state",
             "active": "Steady state"}
LIVE_STANDINGS = frozenset({"Steady state", "Interim", "Exempted"})  # standings that say a contract is still running

LIVE, EXPIRED = "Live", "Expired"  # a contract's status on a date, from its dates ("Not started" as for actions)
CONTRACT_STATUS_SWATCH = {LIVE: RAG_SWATCH[GREEN], EXPIRED: RAG_SWATCH[RED], NOT_STARTED: RAG_SWATCH[NOT_STATED]}


def contract_status_text(status: str | None) -> str | None:
    """'● Live', '▲ Expired', '○ Not started': a contract's status that reads without colour."""
    return f"{CONTRACT_STATUS_SWATCH[status].shape} {status}" if status in CONTRACT_STATUS_SWATCH else None


def contract_word(text: str) -> str:
    """A register's word as compared with the lists above: lower case, hyphens and slashes as spaces."""
    return " ".join(str(text).lower().replace("-", " ").replace("/", " ").split())


# --- Performance indicators --------------------------------------------------------------------------------------

HIGHER, LOWER = "Higher is better", "Lower is better"
POLARITY_WORDS = {
    HIGHER: ("higher is better", "higher", "high", "up", "increase", "maximise", "maximize", "bigger is better", "+",
             "h", "hib"),
    LOWER: ("lower is better", "lower", "low", "down", "decrease", "minimise", "minimize", "smaller is better", "-",
            "l", "lib"),
}
_POLARITY_LOOKUP = {w: p for p, words in POLARITY_WORDS.items() for w in words}


def polarity_of(word: str) -> str | None:
    return _POLARITY_LOOKUP.get(" ".join(str(word).lower().split()).rstrip("."))


# --- Roles ------------------------------------------------------------------------------------------------------

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)  # each may do what the ones before it may, and more
ROLE_CAN = {VIEWER: "see everything and change nothing", EDITOR: "import, edit and undo",
            ADMIN: "import, edit and undo, and manage roles and settings"}


# --- Other colours -----------------------------------------------------------------------------------------------

PRIMARY = "#1f4e79"  # the theme's blue: bars that carry no status
MUTED = "#595959"  # secondary text on white (7:1)
