"""Shifting the balance of home care: the in-house share week by week against the target and its planned
trajectory, the forecast date the target is met, hours still to transfer, the savings run-rate, hot spots
by area, and published comparators. Pure reads and calculations; no streamlit here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from .. import fmt, xlsx
from ..kinds.homecare import COMPARATOR, by_sector, sector_sums
from ..store import reads, settings
from ..store.access import require
from ..store.batches import BatchInfo, RowWrite, write_batch
from ..store.engine import write

WEEKS_PER_YEAR = 52
TARGET_SETTING = "homecare_target"


@dataclass(frozen=True)
class Target:
    """The decision being tracked (seed 004: Elected Members, 10 December 2007)."""

    baseline_share: float = 0.60
    baseline_date: dt.date = dt.date(2007, 12, 10)
    target_share: float = 0.35
    target_date: dt.date = dt.date(2009, 3, 31)
    unit_cost_in_house: float = 15.38  # £ an hour
    unit_cost_independent: float = 7.69
    savings_target: float = 1_440_000  # £ a full year
    source: str = ("Rotherham Cabinet Member, 21 April 2008: shift home care from 60% to 35% in-house by March "
                   "2009 (about 3,600 hours a week), full-year savings of £1.44m, in-house about twice the cost")

    def planned_share(self, day: dt.date) -> float:
        """The straight-line trajectory from the baseline to the target."""
        span = (self.target_date - self.baseline_date).days
        done = min(max((day - self.baseline_date).days, 0), span)
        return self.baseline_share + (self.target_share - self.baseline_share) * done / span

    @property
    def hourly_saving(self) -> float:
        return self.unit_cost_in_house - self.unit_cost_independent


def load_target(engine: Engine) -> Target:
    stored = settings.get(engine, TARGET_SETTING)
    if not stored:
        return Target()
    values = {k: v for k, v in stored.items() if k in Target.__dataclass_fields__}
    for name in ("baseline_date", "target_date"):
        if isinstance(values.get(name), str):
            values[name] = dt.date.fromisoformat(values[name])
    return Target(**values)


def _stored_form(target: Target) -> dict:
    values = asdict(target)
    values["baseline_date"] = target.baseline_date.isoformat()
    values["target_date"] = target.target_date.isoformat()
    return values


def save_target(engine: Engine, target: Target, who: str) -> None:
    settings.put(engine, TARGET_SETTING, _stored_form(target), who, was=_stored_form(load_target(engine)))


def weekly_by_area(engine: Engine, up_to: dt.date | None = None) -> pd.DataFrame:
    df = sector_sums(engine, ["week_ending", "area"], up_to, blank_area="(no area given)")
    return by_sector(df, ["week_ending", "area"]).sort_values(["week_ending", "area"]).reset_index(drop=True)


@dataclass(frozen=True)
class Forecast:
    status: str  # "on course", "not on course", "flat or rising", "too little data", "target met"
    date: dt.date | None = None  # when the trend reaches the target share
    earliest: dt.date | None = None  # the range from the trend's uncertainty (about 95%)
    latest: dt.date | None = None
    change_per_week: float | None = None  # share points (0-1) per week, negative is towards the target
    weeks_used: int = 0

    def sentence(self, target: Target) -> str:
        if self.status == "too little data":
            return f"Too little data for a forecast: {self.weeks_used} week(s); at least 4 are needed."
        if self.status == "target met":
            return f"The target of {target.target_share:.0%} in-house is met."
        if self.status == "flat or rising":
            return (f"Not on course: over the last {self.weeks_used} weeks the in-house share has not fallen "
                    f"({self.change_per_week * 100:+.2f} points a week).")
        when = f"{self.date:%d %B %Y}"
        span = ""
        if self.earliest and self.latest:
            span = f" (between {self.earliest:%d %b %Y} and {self.latest:%d %b %Y})"
        elif self.earliest:
            span = f" (not before {self.earliest:%d %b %Y}; the trend could also flatten)"
        verdict = "On course" if self.status == "on course" else "Not on course"
        return (f"{verdict}: at the pace of the last {self.weeks_used} weeks ({self.change_per_week * 100:+.2f} "
                f"points a week) {target.target_share:.0%} is reached about {when}{span}; the target date is "
                f"{target.target_date:%d %B %Y}.")


def forecast(weeks: pd.DataFrame, target: Target, window: int = 8) -> Forecast:
    """Fit a straight line to the in-house share over the last `window` weeks and find when it reaches the
    target. The range comes from the slope's standard error (t about 2)."""
    data = weeks.dropna(subset=["in_house_share"]).sort_values("week_ending").tail(window)
    n = len(data)
    if n and data["in_house_share"].iloc[-1] <= target.target_share:
        return Forecast("target met", weeks_used=n)
    if n < 4:
        return Forecast("too little data", weeks_used=n)
    origin = data["week_ending"].iloc[0]
    x = [(d - origin).days / 7 for d in data["week_ending"]]
    y = list(data["in_house_share"])
    mean_x, mean_y = sum(x) / n, sum(y) / n
    sxx = sum((xi - mean_x) ** 2 for xi in x)
    slope = sum((xi - mean_x) * (yi - mean_y) for xi, yi in zip(x, y)) / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((yi - intercept - slope * xi) ** 2 for xi, yi in zip(x, y))
    se = math.sqrt(residual / (n - 2) / sxx) if n > 2 else 0.0
    if slope >= -1e-9:
        return Forecast("flat or rising", change_per_week=slope, weeks_used=n)
    last_x = x[-1]
    fitted_now = intercept + slope * last_x

    def reach(s: float) -> dt.date | None:
        if s >= -1e-9:
            return None
        weeks_ahead = (fitted_now - target.target_share) / -s
        return data["week_ending"].iloc[-1] + dt.timedelta(days=round(weeks_ahead * 7))

    when = reach(slope)
    earliest = reach(slope - 2 * se)
    latest = reach(slope + 2 * se)
    status = "on course" if when <= target.target_date else "not on course"
    return Forecast(status, when, earliest, latest, slope, n)


def position(weeks: pd.DataFrame, target: Target) -> dict:
    """This week against last week, the target and the trajectory; hours still to transfer; savings run-rate."""
    if weeks.empty:
        return {}
    this, last = weeks.iloc[-1], (weeks.iloc[-2] if len(weeks) > 1 else None)
    share = float(this["in_house_share"])
    total = float(this["total_hours"])
    planned = target.planned_share(this["week_ending"])
    moved_share = target.baseline_share - share
    run_rate = moved_share * total * target.hourly_saving * WEEKS_PER_YEAR
    return {
        "week_ending": this["week_ending"],
        "share": share,
        "previous_share": float(last["in_house_share"]) if last is not None else None,
        "change": share - float(last["in_house_share"]) if last is not None else None,
        "planned_share": planned,
        "behind_plan": share - planned,
        "total_hours": total,
        "in_house_hours": float(this["in_house_hours"]),
        "independent_hours": float(this["independent_hours"]),
        "hours_to_transfer": max(0.0, (share - target.target_share) * total),
        "hours_transferred": moved_share * total,
        "savings_run_rate": run_rate,
        "savings_target": target.savings_target,
    }


def trajectory(weeks: pd.DataFrame, target: Target) -> pd.DataFrame:
    """Actual share beside the planned share for each week, and the target line, for the chart."""
    if weeks.empty:
        return pd.DataFrame(columns=["week_ending", "series", "share"])
    end = max(target.target_date, weeks["week_ending"].max())
    planned_days = [target.baseline_date, end]
    rows = [{"week_ending": d, "series": "Actual", "share": s}
            for d, s in zip(weeks["week_ending"], weeks["in_house_share"])]
    rows += [{"week_ending": d, "series": "Planned trajectory", "share": target.planned_share(d)} for d in planned_days]
    rows += [{"week_ending": d, "series": "Target", "share": target.target_share}
             for d in (target.baseline_date, end)]
    return pd.DataFrame(rows)


def hot_spots(by_area: pd.DataFrame, week: dt.date, stall: float = 0.002) -> pd.DataFrame:
    """Each area this week against the week before: where the in-house share rose or stalled."""
    weeks = sorted(w for w in by_area["week_ending"].unique() if w <= week)
    if not weeks:
        return pd.DataFrame(columns=["area", "in_house_share", "previous_share", "change", "in_house_hours",
                                     "independent_hours", "new_independent_hours", "flag"])
    now = by_area[by_area["week_ending"] == weeks[-1]].set_index("area")
    before = by_area[by_area["week_ending"] == weeks[-2]].set_index("area") if len(weeks) > 1 else None
    out = now[["in_house_share", "in_house_hours", "independent_hours"]].copy()
    if before is not None:
        out["previous_share"] = before["in_house_share"].reindex(out.index)
        out["new_independent_hours"] = out["independent_hours"] - before["independent_hours"].reindex(out.index)
        out["new_in_house_hours"] = out["in_house_hours"] - before["in_house_hours"].reindex(out.index)
    else:
        out["previous_share"] = float("nan")
        out["new_independent_hours"] = float("nan")
        out["new_in_house_hours"] = float("nan")
    out["change"] = out["in_house_share"] - out["previous_share"]
    out["flag"] = ["▲ rose" if c > stall else "■ stalled" if abs(c) <= stall else "▼ fell" if c == c else ""
                   for c in out["change"]]
    return out.reset_index().sort_values("change", ascending=False, na_position="last").reset_index(drop=True)


def comparators(engine: Engine) -> pd.DataFrame:
    return reads.rows(engine, COMPARATOR, order_by=[COMPARATOR.c.period_date, COMPARATOR.c.comparator])


def add_comparators(engine: Engine, rows: list[dict], who: str, action: str = "edit") -> int:
    """Add published comparator figures as one batch (undoable like an import)."""
    who = require(engine, who, "demo" if action == "demo" else "edit", "add published comparators").who
    with write(engine) as conn:
        writes = [RowWrite("homecare_comparator", None, dict(r)) for r in rows]
        return write_batch(conn, BatchInfo(kind="homecare", action=action, who=who,
                                           file_name="comparators"), writes)


def week_source(sources: dict[str, dict], week: dt.date) -> dict | None:
    """The file import a week's hours came from, among batches.import_sources' (keyed by the weeks a file held: one
    week, or "first to last"): the latest whose weeks include it."""
    found = None
    for scope, source in sources.items():
        first, _, last = scope.partition(" to ")
        try:
            covers = dt.date.fromisoformat(first) <= week <= dt.date.fromisoformat(last or first)
        except ValueError:
            continue
        if covers and (found is None or source["id"] > found["id"]):
            found = source
    return found


def _points_in_words(change: float | None) -> str:
    """'up 1.3 points', 'down 0.7 points', 'no change' (a sign at the start of a cell would read as a formula)."""
    if fmt.missing(change):
        return fmt.DASH
    points = round(change * 100, 1)
    return "no change" if points == 0 else f"{'up' if points > 0 else 'down'} {abs(points):.1f} points"


def _rounded(values: pd.Series, places: int = 0) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").round(places)


WORKBOOK_FORMATS = {
    "Hot spots": {"In-house share this week": "0.0%", "In-house share last week": "0.0%",
                  "Change (percentage points)": "+0.0;-0.0;0.0", "In-house hours": "#,##0",
                  "Independent hours": "#,##0", "New in-house hours since last week": "+#,##0;-#,##0;0",
                  "New independent hours since last week": "+#,##0;-#,##0;0"},
    "Weeks": {"In-house hours": "#,##0", "Independent hours": "#,##0", "Total hours": "#,##0",
              "In-house share": "0.0%"},
    "This week": {"Value": "#,##0"},
}


def weekly_check_workbook(weeks: pd.DataFrame, spots: pd.DataFrame, pos: dict, fc: Forecast, target: Target,
                          source: dict | None = None) -> bytes:
    """The weekly impact group's record, written for people: this week against last week, the target and the
    forecast in words; the hot spots by area; the weeks so far. Headings are words, shares are percentages, hours
    whole hours and money pounds. `source` is the import the week came from (week_source): where it was
    illustrative (demo data), every sheet says so above its table."""
    week = pos["week_ending"]
    summary = pd.DataFrame([
        ("Week ending", fmt.day(week)),
        ("In-house share this week", fmt.share(pos["share"])),
        ("In-house share last week", fmt.share(pos["previous_share"])),
        ("Change since last week", _points_in_words(pos["change"])),
        ("Planned share this week (on the straight line to the target)", fmt.share(pos["planned_share"])),
        ("Target", f"{target.target_share:.0%} in-house by {fmt.day(target.target_date)}"),
        ("In-house hours this week", round(pos["in_house_hours"])),
        ("Independent hours this week", round(pos["independent_hours"])),
        ("Hours a week still to move at this volume", round(pos["hours_to_transfer"])),
        ("Savings run-rate", f"{fmt.money(pos['savings_run_rate'], '£')} a year"),
        ("Savings target", f"{fmt.money(target.savings_target, '£')} a year"),
        ("Forecast", fc.sentence(target)),
    ], columns=["Measure", "Value"])
    hot = pd.DataFrame({
        "Area": spots["area"],
        "Hot spot": spots["flag"],
        "In-house share this week": _rounded(spots["in_house_share"], 4),
        "In-house share last week": _rounded(spots["previous_share"], 4),
        "Change (percentage points)": _rounded(spots["change"] * 100, 1),
        "In-house hours": _rounded(spots["in_house_hours"]),
        "Independent hours": _rounded(spots["independent_hours"]),
        "New in-house hours since last week": _rounded(spots["new_in_house_hours"]),
        "New independent hours since last week": _rounded(spots["new_independent_hours"]),
    })
    by_week = pd.DataFrame({
        "Week ending": weeks["week_ending"],
        "In-house hours": _rounded(weeks["in_house_hours"]),
        "Independent hours": _rounded(weeks["independent_hours"]),
        "Total hours": _rounded(weeks["total_hours"]),
        "In-house share": _rounded(weeks["in_house_share"], 4),
    })
    heading = [f"Weekly impact group check: home care, week ending {fmt.day(week)}"]
    if source:
        heading.append(f"From {source['file_name']} (batch {source['id']}), imported by {source['created_by']} on "
                       f"{fmt.day(source['created_at'])}.")
        if source.get("illustrative"):
            heading.append("Illustrative figures for demonstration - not from the council's returns.")
    notes = {"This week": heading, "Hot spots": heading[:1] + heading[2:] + [
        "Hot spot: ▲ rose - the in-house share went up since last week; ■ stalled - it moved less than 0.2 points; "
        "▼ fell - it moved towards the target."], "Weeks": heading[:1] + heading[2:]}
    return xlsx.workbook({"This week": summary, "Hot spots": hot, "Weeks": by_week}, notes=notes,
                         formats=WORKBOOK_FORMATS)


def comparator_row(comparator: str, period_date: dt.date, share_pct: float, source: str) -> dict:
    return {"comparator": comparator.strip(), "period": f"{period_date:%B %Y}", "period_date": period_date,
            "in_house_share": round(share_pct / 100, 6), "source": source.strip()}


def comparator_table(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Comparator": df["comparator"], "As at": df["period"],
                         "% in-house": [f"{s:.1%}" for s in df["in_house_share"]], "Source": df["source"]})


def weekly_comparison(weeks: pd.DataFrame, target: Target) -> dict:
    """This week and last week side by side, with new hours by sector and the budget effect: the weekly
    saving is the hours moved from in-house since the baseline times the hourly cost gap."""
    this = weeks.iloc[-1]
    last = weeks.iloc[-2] if len(weeks) > 1 else None

    def saving(row) -> float:
        return (target.baseline_share - row["in_house_share"]) * row["total_hours"] * target.hourly_saving

    return {
        "this": this, "last": last,
        "new_in_house_hours": None if last is None else this["in_house_hours"] - last["in_house_hours"],
        "new_independent_hours": None if last is None else this["independent_hours"] - last["independent_hours"],
        "weekly_saving": saving(this),
        "weekly_saving_change": None if last is None else saving(this) - saving(last),
    }


def this_and_last_week_table(check: dict) -> pd.DataFrame:
    this, last = check["this"], check["last"]
    rows = []
    for label, column, pattern in (("In-house hours", "in_house_hours", "{:,.0f}"),
                                   ("Independent hours", "independent_hours", "{:,.0f}"),
                                   ("Total hours", "total_hours", "{:,.0f}"),
                                   ("In-house share", "in_house_share", "{:.1%}")):
        now = this[column]
        before = last[column] if last is not None else None
        change = None if before is None else (f"{(now - before) * 100:+.1f} points" if column == "in_house_share"
                                              else f"{now - before:+,.0f}")
        rows.append({"": label, "This week": pattern.format(now),
                     "Last week": None if before is None else pattern.format(before), "Change": change})
    return pd.DataFrame(rows)


def hot_spot_table(spots: pd.DataFrame) -> pd.DataFrame:
    """Each area this week: whether its in-house share rose (a hot spot), stalled or fell, its share and change, and
    the hours added in each sector since last week."""
    return pd.DataFrame({
        "Area": spots["area"],
        "Hot spot": [f or None for f in spots["flag"]],
        "In-house": [f"{s:.1%}" for s in spots["in_house_share"]],
        "Change": [f"{c * 100:+.1f} pts" if c == c else None for c in spots["change"]],
        "New independent hours": [f"{h:+,.0f}" if h == h else None for h in spots["new_independent_hours"]],
        "New in-house hours": [f"{h:+,.0f}" if h == h else None for h in spots["new_in_house_hours"]],
    })
