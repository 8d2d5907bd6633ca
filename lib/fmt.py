"""Figures as people read them: money in £, £000 or short form, signed changes, shares and dates. No Streamlit here,
so that a page, a slide and a PDF print the same figure the same way."""

from __future__ import annotations

import datetime as dt
import math

DASH = "–"  # an empty cell


def missing(value) -> bool:
    """None, NaN or pandas' NaT: a blank cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ == "NaTType"


def money(value: float | None, unit: str = "£000") -> str:
    """£338k (£000), £63.256m (£m), £1,440,000 (£), or a headline that fits its box ("short": £950k, £19.7m,
    £1.97bn). Negatives with a true minus sign."""
    if missing(value):
        return DASH
    size = abs(value)
    if unit == "£000":
        text = f"£{size / 1000:,.0f}k"
    elif unit == "£m":
        text = f"£{size / 1e6:,.3f}m"
    elif unit == "short":  # the unit is chosen after rounding: 999,999 is £1.0m, not £1,000k
        text = (f"£{size / 1e3:,.0f}k" if round(size / 1e3) < 1000 else f"£{size / 1e6:.1f}m"
                if round(size / 1e6, 1) < 100 else f"£{size / 1e6:,.0f}m" if round(size / 1e6) < 1000
                else f"£{size / 1e9:.2f}bn")
    else:
        text = f"£{size:,.0f}"
    return f"−{text}" if value < -0.005 else text


def signed_money(value: float | None, unit: str = "£000") -> str:
    """+£338k / -£107k (an ASCII minus, so that st.metric reads the delta's direction)."""
    if missing(value):
        return DASH
    return ("+" if value > 0.005 else "") + money(value, unit).replace("−", "-")


def thousands(value: float | None, signed: bool = False) -> str:
    """An amount in £000 as a report prints it: 63,256 or +338."""
    if missing(value):
        return DASH
    return f"{value / 1000:+,.0f}" if signed else f"{value / 1000:,.0f}"


def variance_word(variance: float) -> str:
    return "overspend" if variance > 0.5 else "underspend" if variance < -0.5 else "on budget"


def movement_delta(movement: float | None) -> str | None:
    return None if missing(movement) else f"{signed_money(movement)} since last report"


def share(value: float | None, places: int = 1) -> str:
    return DASH if missing(value) else f"{value * 100:.{places}f}%"


def points(change: float | None, places: int = 1) -> str:
    """A change in share as percentage points: +2.3 points."""
    return DASH if missing(change) else f"{change * 100:+.{places}f} points"


def points_delta(change: float | None, suffix: str) -> str | None:
    """A change in share as percentage points, ASCII-signed so that st.metric colours it the right way."""
    if missing(change):
        return None
    return f"{change * 100:+.1f} points {suffix}"


def points_delta_args(change: float | None, suffix: str) -> dict:
    """st.metric's delta arguments for a change in the in-house share (down is good): a change that rounds to 0.0
    points says "no change" in grey with no arrow, rather than a red up arrow beside "+0.0"."""
    if not missing(change) and round(change * 100, 1) == 0:
        return {"delta": f"no change {suffix}", "delta_color": "off", "delta_arrow": "off"}
    return {"delta": points_delta(change, suffix), "delta_color": "inverse"}


def day(value: dt.date | None) -> str:
    """21 April 2008."""
    return DASH if missing(value) else f"{value.day} {value:%B %Y}"


def short_day(value: dt.date | None) -> str:
    """21 Apr 2008."""
    return DASH if missing(value) else f"{value.day} {value:%b %Y}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 action', '3 actions'."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
