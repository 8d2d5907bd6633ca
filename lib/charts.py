"""DataFrame -> Altair chart, nothing else. Sized and lettered for a projector."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .vocab import (
    ACTION_RAGS,
    CONTRACT_STATUS_SWATCH,
    NOT_STATED,
    PRIMARY,
    RAG_ORDER,
    RAG_SWATCH,
    RED,
    SECTOR_COLOURS,
    STATUS_COLOURS,
)

FONT = 16


def _rag_scale(domain=(*RAG_ORDER, NOT_STATED)) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[RAG_SWATCH[r].fill for r in domain])


def _shape_scale(domain=(*RAG_ORDER, NOT_STATED)) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[RAG_SWATCH[r].mark for r in domain])


def _style(chart: alt.Chart) -> alt.Chart:
    return (chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT, labelLimit=320)
            .configure_legend(labelFontSize=FONT, titleFontSize=FONT, orient="bottom")
            .configure_title(fontSize=FONT + 4, anchor="start")
            .configure_view(strokeWidth=0))


def variance_bars(df: pd.DataFrame, rag_column: str = "rag") -> alt.Chart:
    """Diverging bars of projected variance (£000) by service area: overspend right, underspend left, with
    the RAG word at the end of each bar so it reads without colour."""
    data = df.assign(
        variance_k=df["variance"] / 1000,
        rag_shown=df[rag_column].fillna(NOT_STATED),
        label=[f"{v / 1000:+,.0f}k {r if isinstance(r, str) else ''}".strip()
               for v, r in zip(df["variance"], df[rag_column])],
    )
    order = list(data["service_area"])
    base = alt.Chart(data).encode(y=alt.Y("service_area:N", sort=order, title=None))
    bars = base.mark_bar(height=22).encode(
        x=alt.X("variance_k:Q", title="Projected variance £000 (over + / under −)"),
        color=alt.Color("rag_shown:N", scale=_rag_scale(), title="RAG"),
        tooltip=[alt.Tooltip("service_area:N", title="Service area"),
                 alt.Tooltip("variance_k:Q", title="Variance £000", format=",.0f"),
                 alt.Tooltip("rag_shown:N", title="RAG")],
    )
    labels = base.mark_text(fontSize=FONT - 2, align="left", dx=4).encode(
        x=alt.X("label_x:Q"), text="label:N").transform_calculate(label_x="max(datum.variance_k, 0)")
    rule = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    return _style((bars + labels + rule).properties(height=max(200, 38 * len(data))))


def variance_trend(total: pd.DataFrame) -> alt.Chart:
    """Total projected variance (£000) at each reporting date."""
    data = total.assign(variance_k=total["variance"] / 1000, report=[f"{d:%d %b %y}" for d in total["as_at"]])
    base = alt.Chart(data).encode(
        x=alt.X("report:O", title="Report as at", sort=list(data["report"]), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("variance_k:Q", title="Projected variance £000"),
        tooltip=[alt.Tooltip("report:O", title="As at"),
                 alt.Tooltip("variance_k:Q", title="Variance £000", format=",.0f")],
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
    text = base.mark_text(dy=-14, fontSize=FONT - 2).encode(text=alt.Text("variance_k:Q", format="+,.0f"))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], color="#555").encode(y="y:Q")
    return _style((line + text + zero).properties(height=320))


def variance_trend_by_area(trend: pd.DataFrame) -> alt.Chart:
    data = trend.assign(variance_k=trend["variance"] / 1000, report=[f"{d:%d %b %y}" for d in trend["as_at"]])
    order = list(dict.fromkeys(data.sort_values("as_at")["report"]))
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("report:O", title="Report as at", sort=order, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("variance_k:Q", title="Projected variance £000"),
        color=alt.Color("service_area:N", title="Service area", legend=alt.Legend(columns=2)),
        tooltip=["service_area:N", alt.Tooltip("report:O", title="As at"),
                 alt.Tooltip("variance_k:Q", title="£000", format=",.0f")],
    )
    return _style(chart.properties(height=380))


def capital_percent_spent(df: pd.DataFrame) -> alt.Chart:
    """Actual spend as % of the approved programme for each scheme, coloured and labelled by its RAG."""
    data = df.assign(
        pct=df["pct_spent"].fillna(0) * 100,
        rag_shown=df["rag"].fillna(NOT_STATED),
        name=[f"{c} {s}" if isinstance(c, str) and c else s for c, s in zip(df["scheme_code"], df["scheme"])],
    )
    data["label"] = [f"{p:.0f}% {r}" for p, r in zip(data["pct"], data["rag_shown"])]
    data["bar"] = data["pct"].clip(upper=100)  # overspent schemes run to the 100% line; the label says how far
    order = list(data["name"])
    base = alt.Chart(data).encode(y=alt.Y("name:N", sort=order, title=None))
    bars = base.mark_bar(height=20).encode(
        x=alt.X("bar:Q", title="Actual spend as % of approved programme", scale=alt.Scale(domain=[0, 120])),
        color=alt.Color("rag_shown:N", scale=_rag_scale(), title="RAG"),
        tooltip=["name:N", "client_group:N", alt.Tooltip("pct:Q", title="% spent", format=".0f"), "rag_shown:N"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=FONT - 2).encode(x="bar:Q", text="label:N")
    full = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="x:Q")
    return _style((bars + labels + full).properties(height=max(220, 34 * len(data))))


def share_over_time(trajectory: pd.DataFrame) -> alt.Chart:
    """In-house share each week against the planned trajectory and the target line."""
    data = trajectory.assign(week_ending=pd.to_datetime(trajectory["week_ending"]), pct=trajectory["share"] * 100)
    colours = alt.Scale(domain=["Actual", "Planned trajectory", "Target"],
                        range=[PRIMARY, RAG_SWATCH[NOT_STATED].fill, RAG_SWATCH[RED].fill])
    dashes = alt.Scale(domain=["Actual", "Planned trajectory", "Target"], range=[[1, 0], [6, 4], [2, 2]])
    chart = alt.Chart(data).mark_line(strokeWidth=3).encode(
        x=alt.X("week_ending:T", title="Week ending", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("pct:Q", title="% of home care hours in-house", scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", scale=colours, title=None),
        strokeDash=alt.StrokeDash("series:N", scale=dashes, title=None),
        tooltip=[alt.Tooltip("week_ending:T", title="Week ending", format="%d %b %Y"), "series:N",
                 alt.Tooltip("pct:Q", title="% in-house", format=".1f")],
    )
    points = chart.transform_filter(alt.datum.series == "Actual").mark_point(size=50, filled=True)
    return _style((chart + points).properties(height=340))


def hours_by_sector(weeks: pd.DataFrame) -> alt.Chart:
    long = weeks.melt(id_vars=["week_ending"], value_vars=["in_house_hours", "independent_hours"],
                      var_name="sector", value_name="hours")
    long["sector"] = long["sector"].map({"in_house_hours": "In-house", "independent_hours": "Independent"})
    long["week_ending"] = pd.to_datetime(long["week_ending"])
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("week_ending:T", title="Week ending", axis=alt.Axis(format="%d %b")),
        y=alt.Y("hours:Q", title="Hours a week", stack="zero"),
        color=alt.Color("sector:N", title=None,
                        scale=alt.Scale(domain=list(SECTOR_COLOURS), range=list(SECTOR_COLOURS.values()))),
        tooltip=[alt.Tooltip("week_ending:T", format="%d %b %Y"), "sector:N", alt.Tooltip("hours:Q", format=",.0f")],
    )
    return _style(chart.properties(height=300))


def area_shares(spots: pd.DataFrame, target_share: float) -> alt.Chart:
    """Each area's in-house share this week, with its change since last week in the label and the target rule."""
    data = spots.assign(pct=spots["in_house_share"] * 100,
                        label=[f"{s:.1%} ({c * 100:+.1f}) {f}" if c == c else f"{s:.1%}"
                               for s, c, f in zip(spots["in_house_share"], spots["change"], spots["flag"])])
    order = list(data.sort_values("pct", ascending=False)["area"])
    base = alt.Chart(data).encode(y=alt.Y("area:N", sort=order, title=None))
    bars = base.mark_bar(height=20, color=PRIMARY).encode(
        x=alt.X("pct:Q", title="% in-house this week", scale=alt.Scale(domain=[0, 100])))
    labels = base.mark_text(align="left", dx=4, fontSize=FONT - 2).encode(x="pct:Q", text="label:N")
    target = alt.Chart(pd.DataFrame({"x": [target_share * 100]})).mark_rule(
        color=RAG_SWATCH[RED].fill, strokeDash=[4, 4], strokeWidth=2).encode(x="x:Q")
    return _style((bars + labels + target).properties(height=max(200, 36 * len(data))))


def comparator_shares(df: pd.DataFrame, own: pd.DataFrame) -> alt.Chart:
    """Published comparators (each with its own date) beside the council's own weekly share."""
    rows = [{"when": d, "who": c, "pct": s * 100} for d, c, s in
            zip(df["period_date"], df["comparator"], df["in_house_share"])]
    if not own.empty:
        last = own.iloc[-1]
        rows.append({"when": last["week_ending"], "who": "Weekly returns (latest)",
                     "pct": last["in_house_share"] * 100})
    data = pd.DataFrame(rows)
    data["when"] = pd.to_datetime(data["when"])
    chart = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=80)).encode(
        x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("pct:Q", title="% of hours in-house", scale=alt.Scale(domain=[0, 70])),
        color=alt.Color("who:N", title=None),
        tooltip=["who:N", alt.Tooltip("when:T", format="%b %Y"), alt.Tooltip("pct:Q", format=".1f")],
    )
    return _style(chart.properties(height=300))


def value_bars(df: pd.DataFrame, column: str, title: str) -> alt.Chart:
    """Annual value of live contracts by a category, labelled with £k and share."""
    data = df.assign(annual_k=df["annual"] / 1000, label=[f"£{a / 1000:,.0f}k ({s:.0%})"
                                                          for a, s in zip(df["annual"], df["share"])])
    base = alt.Chart(data).encode(y=alt.Y(f"{column}:N", sort="-x", title=None))
    bars = base.mark_bar(height=20, color=PRIMARY).encode(x=alt.X("annual_k:Q", title=f"{title}, £000 a year"))
    labels = base.mark_text(align="left", dx=4, fontSize=FONT - 2).encode(x="annual_k:Q", text="label:N")
    return _style((bars + labels).properties(height=max(160, 34 * len(data))))


def contract_timeline(df: pd.DataFrame, day) -> alt.Chart:
    """Contract periods as bars from start to end, coloured by status, with a rule at the as-at date."""
    data = df.dropna(subset=["start_date", "end_date"]).copy()
    data["start"] = pd.to_datetime(data["start_date"])
    data["end"] = pd.to_datetime(data["end_date"])
    data["name"] = data["reference"] + " " + data["supplier"].fillna("")
    colours = alt.Scale(domain=list(CONTRACT_STATUS_SWATCH), range=[s.fill for s in CONTRACT_STATUS_SWATCH.values()])
    bars = alt.Chart(data).mark_bar(height=16).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T",
        y=alt.Y("name:N", sort=alt.EncodingSortField("end", order="ascending"), title=None),
        color=alt.Color("status:N", scale=colours, title="Status"),
        tooltip=["reference:N", "title:N", "supplier:N", alt.Tooltip("start:T", format="%d %b %Y"),
                 alt.Tooltip("end:T", format="%d %b %Y"), "status:N", "standing:N"],
    )
    today = alt.Chart(pd.DataFrame({"x": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeWidth=2).encode(x="x:T")
    return _style((bars + today).properties(height=alt.Step(24)))


def progress_by_objective(counts: pd.DataFrame) -> alt.Chart:
    """Stacked shares of actions by status for each objective, with the count in the tooltip."""
    totals = counts.groupby("objective")["actions"].sum()
    data = counts.assign(label=[f"{o if len(o) <= 52 else o[:49] + '...'} ({totals[o]})" for o in counts["objective"]])
    order = list(dict.fromkeys(data["label"]))
    chart = alt.Chart(data).mark_bar(height=22).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=400)),
        x=alt.X("share:Q", stack="normalize", title="Share of actions (number of actions in brackets)",
                axis=alt.Axis(format="%")),
        color=alt.Color("status:N", title=None, legend=alt.Legend(columns=3),
                        scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))),
        order=alt.Order("status_order:Q"),
        tooltip=["objective:N", "status:N", "actions:Q", alt.Tooltip("share:Q", format=".0%")],
    ).transform_calculate(status_order="indexof(['Complete','In progress','Not started','Delayed','Cancelled'], "
                                       "datum.status)")
    return _style(chart.properties(height=alt.Step(32)))


def due_dates(df: pd.DataFrame, day) -> alt.Chart:
    """Open actions by due date, coloured by RAG, with a rule at the as-at date."""
    data = df[df["due_date"].notna() & df["is_action"]].copy()
    data["due"] = pd.to_datetime(data["due_date"])
    data["rag_shown"] = data["rag"].where(data["rag"].isin(RAG_ORDER), NOT_STATED)
    data["name"] = data["plan"] + " " + data["ref"]
    points = alt.Chart(data).mark_point(filled=True, size=120).encode(
        x=alt.X("due:T", title="Due", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("plan:N", title=None),
        color=alt.Color("rag:N", title="RAG", scale=_rag_scale(ACTION_RAGS)),
        shape=alt.Shape("rag:N", title="RAG", scale=_shape_scale(ACTION_RAGS)),
        tooltip=["plan:N", "ref:N", "action:N", alt.Tooltip("due:T", format="%d %b %Y"), "status:N", "rag:N"],
    )
    today = alt.Chart(pd.DataFrame({"x": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeWidth=2).encode(x="x:T")
    return _style((points + today).properties(height=alt.Step(60)))


def indicator_trend(trend: pd.DataFrame) -> alt.Chart:
    """Each indicator's actual value at each report (points shaped and coloured by RAG) against its target (a dashed
    line), one small chart per indicator so that different scales do not flatten each other."""
    data = trend.assign(as_at=pd.to_datetime(trend["as_at"]), rag_shown=trend["rag"].fillna(NOT_STATED))
    base = alt.Chart(data).encode(x=alt.X("as_at:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=4)))
    actual = base.mark_line(color=PRIMARY, strokeWidth=2).encode(y=alt.Y("actual:Q", title=None,
                                                                         scale=alt.Scale(zero=False)))
    points = base.mark_point(size=140, filled=True).encode(
        y="actual:Q", color=alt.Color("rag_shown:N", scale=_rag_scale(), title="RAG"),
        shape=alt.Shape("rag_shown:N", scale=_shape_scale(), title="RAG"),
        tooltip=[alt.Tooltip("as_at:T", title="As at", format="%d %b %Y"), "label:N", "actual:Q", "target:Q",
                 alt.Tooltip("rag_shown:N", title="RAG")])
    target = base.mark_line(strokeDash=[6, 4], color="#444").encode(y="target:Q")
    return _style((target + actual + points).properties(width=260, height=180).facet(
        facet=alt.Facet("label:N", title=None, header=alt.Header(labelFontSize=FONT, labelLimit=420)), columns=3)
        .resolve_scale(y="independent"))
