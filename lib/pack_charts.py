"""The one chart of each area on the meeting screens and in the meeting pack, from the area's pack content
(lib/areas/summary): the pages' own charts where one fits a screen, and the few only the meeting needs. DataFrame ->
Altair chart, nothing else."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import charts
from .areas.summary import PackContent
from .vocab import ACTION_RAGS, RAG_SWATCH, rag_text


def action_rags_by_plan(counts: pd.DataFrame) -> alt.Chart:
    """Each plan's actions as one bar split by RAG, every part labelled with its shape and number so that it reads
    without colour."""
    data = counts[counts["actions"] > 0].copy()
    data["order"] = data["rag"].map({r: i for i, r in enumerate(ACTION_RAGS)})
    data = data.sort_values(["plan", "order"])
    data["end"] = data.groupby("plan")["actions"].cumsum()
    data["start"] = data["end"] - data["actions"]
    data["middle"] = (data["start"] + data["end"]) / 2
    data["label"] = [f"{rag_text(r).split()[0]} {n}" for r, n in zip(data["rag"], data["actions"])]
    domain = [r for r in ACTION_RAGS if r in set(data["rag"])]
    base = alt.Chart(data).encode(y=alt.Y("plan:N", title=None, axis=alt.Axis(labelLimit=460)))
    bars = base.mark_bar(height=44, stroke="#ffffff", strokeWidth=1).encode(
        x=alt.X("start:Q", title="Actions"), x2="end:Q",
        color=alt.Color("rag:N", title="RAG", sort=domain,
                        scale=alt.Scale(domain=domain, range=[RAG_SWATCH[r].fill for r in domain])),
        tooltip=["plan:N", "rag:N", "actions:Q"])
    labels = base.mark_text(fontSize=charts.FONT, fontWeight="bold").encode(
        x="middle:Q", text="label:N",
        color=alt.Color("rag:N", scale=alt.Scale(domain=domain, range=[RAG_SWATCH[r].on_fill for r in domain]),
                        legend=None))
    return charts._style((bars + labels).resolve_scale(color="independent").properties(
        height=alt.Step(70)))


SCREEN_PLOT_HEIGHT = 240  # px: the plotting area of a meeting screen's chart, drawn wider than tall


def on_screen(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """A chart for a meeting screen: its plotting area no taller than SCREEN_PLOT_HEIGHT, so that the drawing is wide
    and its lettering large once scaled to the screen (the small multiples of a facet keep their own size)."""
    if isinstance(chart, alt.FacetChart):
        return chart
    height = chart.to_dict().get("height")
    if isinstance(height, (int, float)) and height > SCREEN_PLOT_HEIGHT:
        chart = chart.properties(height=SCREEN_PLOT_HEIGHT)
    return chart


def area_chart(area: str, content: PackContent) -> alt.Chart:
    """The chart for an area's pack content."""
    data = content.chart_data
    if area == "revenue":
        return charts.variance_bars(data)
    if area == "capital":
        return charts.capital_percent_spent(data)
    if area == "indicators":
        return charts.indicator_trend(data)
    if area == "homecare":
        return charts.share_over_time(data)
    if area == "actions":
        return action_rags_by_plan(data)
    if area == "contracts":
        return charts.value_bars(data, "provider_sector", "Annual value of live contracts")
    raise KeyError(f"no chart for the area '{area}'")
