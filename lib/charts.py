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
    STATUS_MARKS,
    STATUS_ON_FILL,
    contract_status_text,
    status_text,
)

FONT = 16
ROW = 34  # pixels a bar (with its label) takes: every bar gets its row and its label, however many there are
SMALL_WIDTH = 320  # a small multiple's plot: two across, with their axes, fit the page beside the sidebar at 1280
AXIS_END = 120  # % spent: the capital chart's axis ends here; a scheme beyond it is drawn to the end and marked ▶


def _rag_scale(domain=(*RAG_ORDER, NOT_STATED)) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[RAG_SWATCH[r].fill for r in domain])


def _shape_scale(domain=(*RAG_ORDER, NOT_STATED)) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[RAG_SWATCH[r].mark for r in domain])


def _style(chart: alt.Chart, fit_width: bool = True) -> alt.Chart:
    """Projector lettering, and every label of a bar chart's categories drawn (never thinned out). With `fit_width`
    the chart takes the page's width while its height is its own: the plot keeps the height the chart asks for and
    the axes and legend are added to it, rather than squeezed into it (Streamlit's default)."""
    styled = (chart.configure_axis(labelFontSize=FONT, titleFontSize=FONT, labelLimit=320)
              .configure_axisBand(labelOverlap=False)
              .configure_legend(labelFontSize=FONT, titleFontSize=FONT, orient="bottom")
              .configure_title(fontSize=FONT + 4, anchor="start")
              .configure_view(strokeWidth=0))
    if fit_width:
        styled = styled.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return styled


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
    return _style((bars + labels + rule).properties(height=alt.Step(ROW)))


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
    """Each service area's projected variance (£000) at each report, one small chart per area (its own scale, so
    that a small line is not flattened by a large one), the dashed line at zero, the latest figure written at the
    end; the areas furthest over budget first."""
    data = trend.assign(variance_k=trend["variance"] / 1000, when=pd.to_datetime(trend["as_at"]))
    latest = data.sort_values("as_at").groupby("service_area").tail(1)
    data["latest"] = [f"{v:+,.0f}k" if i in latest.index else "" for i, v in zip(data.index, data["variance_k"])]
    order = list(latest.sort_values("variance_k", ascending=False)["service_area"])
    base = alt.Chart().encode(x=alt.X("when:T", title=None, axis=alt.Axis(format="%b %y", tickCount=4, labelAngle=0)))
    zero = alt.Chart().mark_rule(color="#555", strokeDash=[4, 4]).encode(y=alt.datum(0))
    line = base.mark_line(color=PRIMARY, strokeWidth=3, point=alt.OverlayMarkDef(size=60, color=PRIMARY)).encode(
        y=alt.Y("variance_k:Q", title="£000", axis=alt.Axis(tickCount=4, tickMinStep=1, format=",.0f")),
        tooltip=[alt.Tooltip("service_area:N", title="Service area"),
                 alt.Tooltip("when:T", title="As at", format="%d %b %Y"),
                 alt.Tooltip("variance_k:Q", title="Variance £000", format="+,.0f")])
    label = base.mark_text(align="right", dy=-14, fontSize=FONT, fontWeight="bold").encode(
        y="variance_k:Q", text="latest:N")
    cells = alt.layer(zero, line, label, data=data).properties(width=SMALL_WIDTH, height=130)
    return _style(cells.facet(
        facet=alt.Facet("service_area:N", title=None, sort=order,
                        header=alt.Header(labelFontSize=FONT, labelFontWeight="bold", labelLimit=SMALL_WIDTH + 40,
                                          labelAnchor="start", labelColor="#111111")),
        columns=2, spacing={"row": 24, "column": 40}).resolve_scale(y="independent"), fit_width=False)


def capital_percent_spent(df: pd.DataFrame) -> alt.Chart:
    """Actual spend as % of the approved programme for each scheme, coloured and labelled by its RAG, every scheme
    with its own row and label. A scheme beyond the axis's end (120%) is drawn to the end, and its label, inside
    the bar, gives the real figure and an arrow: "649% ▶ Green". A scheme with no approved budget is labelled so."""
    pct = df["pct_spent"] * 100
    data = df.assign(
        pct=pct,
        rag_shown=df["rag"].fillna(NOT_STATED),
        name=[f"{c} {s}" if isinstance(c, str) and c else s for c, s in zip(df["scheme_code"], df["scheme"])],
    )
    data["beyond"] = data["pct"] > AXIS_END
    data["bar"] = data["pct"].fillna(0).clip(upper=AXIS_END)
    data["inside"] = data["bar"] > 100  # no room after the bar: the label goes inside its end
    data["label"] = ["no approved budget · " + r if p != p else f"{p:,.0f}% ▶ {r}" if b else f"{p:.0f}% {r}"
                     for p, r, b in zip(data["pct"], data["rag_shown"], data["beyond"])]
    data["ink"] = [RAG_SWATCH[r].on_fill if i else "#111111" for r, i in zip(data["rag_shown"], data["inside"])]
    order = list(data["name"])
    base = alt.Chart(data).encode(y=alt.Y("name:N", sort=order, title=None))
    bars = base.mark_bar(height=22).encode(
        x=alt.X("bar:Q", title=f"Actual spend as % of approved programme (▶: beyond {AXIS_END}%)",
                scale=alt.Scale(domain=[0, AXIS_END], clamp=True)),
        color=alt.Color("rag_shown:N", scale=_rag_scale(), title="RAG",
                        legend=alt.Legend(symbolType="square", symbolSize=220)),
        tooltip=["name:N", "client_group:N", alt.Tooltip("pct:Q", title="% spent", format=",.0f"), "rag_shown:N"],
    )
    outside = base.transform_filter(~alt.datum.inside).mark_text(align="left", dx=4, fontSize=FONT - 2).encode(
        x="bar:Q", text="label:N", color=alt.Color("ink:N", scale=None))
    inside = base.transform_filter(alt.datum.inside).mark_text(
        align="right", dx=-6, fontSize=FONT - 2, fontWeight="bold").encode(
        x="bar:Q", text="label:N", color=alt.Color("ink:N", scale=None))
    full = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="x:Q")
    return _style((bars + full + outside + inside).properties(height=alt.Step(ROW)))


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
    return _style((bars + labels + target).properties(height=alt.Step(ROW)))


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
    return _style((bars + labels).properties(height=alt.Step(ROW)))


def contract_timeline(df: pd.DataFrame, day) -> alt.Chart:
    """Contract periods as bars from start to end, coloured by status, with a rule at the as-at date. Each row's
    label ends with the status's shape and word ("MH-01 Rotherham Mind · ▲ Expired"), so colour is never alone."""
    data = df.dropna(subset=["start_date", "end_date"]).copy()
    data["start"] = pd.to_datetime(data["start_date"])
    data["end"] = pd.to_datetime(data["end_date"])
    data["name"] = [f"{r} {s} · {contract_status_text(t)}" if isinstance(s, str) and s else
                    f"{r} · {contract_status_text(t)}" for r, s, t in zip(data["reference"], data["supplier"],
                                                                          data["status"])]
    colours = alt.Scale(domain=list(CONTRACT_STATUS_SWATCH), range=[s.fill for s in CONTRACT_STATUS_SWATCH.values()])
    bars = alt.Chart(data).mark_bar(height=16).encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="end:T",
        y=alt.Y("name:N", sort=alt.EncodingSortField("end", order="ascending"), title=None,
                axis=alt.Axis(labelLimit=420)),
        color=alt.Color("status:N", scale=colours, title="Status"),
        tooltip=["reference:N", "title:N", "supplier:N", alt.Tooltip("start:T", format="%d %b %Y"),
                 alt.Tooltip("end:T", format="%d %b %Y"), "status:N", "standing:N"],
    )
    today = alt.Chart(pd.DataFrame({"x": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeWidth=2).encode(x="x:T")
    return _style((bars + today).properties(height=alt.Step(26)))


PROGRESS_ORDER = ("Complete", "In progress", "Not started", "Delayed", "Cancelled")  # left to right in a bar
WORDS_FROM = 0.3  # a segment at least this share of its bar has room for the status word beside its count
COUNT_FROM = 0.06  # narrower than this, a segment has no room even for its shape and count (the tooltip has them)


def progress_segments(counts: pd.DataFrame) -> pd.DataFrame:
    """by_objective's counts laid out as bar segments: where each starts and ends (shares of the objective's
    actions, statuses in PROGRESS_ORDER), and the label inside it: the status's shape and the count, with the
    status in words where there is room ("◐ 4 in progress", "■ 2"), so that the bars read without colour."""
    totals = counts.groupby("objective", sort=False)["actions"].sum()
    first = {o: i for i, o in enumerate(dict.fromkeys(counts["objective"]))}
    data = counts.assign(rank=counts["status"].map({s: i for i, s in enumerate(PROGRESS_ORDER)}),
                         place=counts["objective"].map(first)).sort_values(["place", "rank"], kind="stable")
    data["end"] = data.groupby("objective", sort=False)["share"].cumsum()
    data["start"] = data["end"] - data["share"]
    data["middle"] = (data["start"] + data["end"]) / 2
    data["label"] = [f"{o if len(o) <= 52 else o[:49] + '...'} ({totals[o]})" for o in data["objective"]]
    data["status_shown"] = [status_text(st) for st in data["status"]]
    data["segment"] = [(f"{STATUS_MARKS[st]} {n} {st.lower()}" if share >= WORDS_FROM else f"{STATUS_MARKS[st]} {n}")
                       if share >= COUNT_FROM else "" for st, n, share in zip(data["status"], data["actions"],
                                                                               data["share"])]
    data["ink"] = [STATUS_ON_FILL[st] for st in data["status"]]
    return data.drop(columns=["rank", "place"]).reset_index(drop=True)


def progress_by_objective(counts: pd.DataFrame) -> alt.Chart:
    """A bar per objective split by status, each segment labelled with its shape and count (and the status in words
    where it fits), the legend giving each status's shape and word beside its colour."""
    data = progress_segments(counts)
    order = list(dict.fromkeys(data["label"]))
    statuses = [s for s in PROGRESS_ORDER if s in STATUS_COLOURS]
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=400)))
    bars = base.mark_bar(height=26, stroke="#ffffff", strokeWidth=1).encode(
        x=alt.X("start:Q", title="Share of actions (number of actions in brackets)",
                axis=alt.Axis(format="%", tickCount=5),
                scale=alt.Scale(domain=[0, 1])),
        x2="end:Q",
        color=alt.Color("status_shown:N", title=None,
                        legend=alt.Legend(columns=3, symbolType="square", symbolSize=220),
                        scale=alt.Scale(domain=[status_text(s) for s in statuses],
                                        range=[STATUS_COLOURS[s] for s in statuses])),
        tooltip=["objective:N", "status:N", "actions:Q", alt.Tooltip("share:Q", format=".0%")],
    )
    text = base.mark_text(fontSize=FONT - 2, fontWeight="bold").encode(
        x="middle:Q", text="segment:N", color=alt.Color("ink:N", scale=None))
    return _style((bars + text).properties(height=alt.Step(ROW)))


LANE = 18  # pixels of a plan's row given to each RAG: with yOffset, a chart's step is the lane's, not the row's
OVERDUE_FIRST = {RED: 5, "Amber": 4, "Green": 3, NOT_STATED: 2, "Complete": 1, "Cancelled": 0}  # drawn last, on top


def due_dates(df: pd.DataFrame, day) -> alt.Chart:
    """Actions by due date, one row per plan split into a lane per RAG (so that a red point never hides under a
    complete one), shaped and coloured by RAG, with a rule at the as-at date. Overdue (Red) actions are drawn last,
    on top of everything, with their reference beside them."""
    data = df[df["due_date"].notna() & df["is_action"]].copy()
    data["due"] = pd.to_datetime(data["due_date"])
    data["rag_shown"] = data["rag"].where(data["rag"].isin(ACTION_RAGS), NOT_STATED)
    data["draw_order"] = data["rag_shown"].map(OVERDUE_FIRST)
    data["overdue_label"] = [r if g == RED else "" for r, g in zip(data["ref"], data["rag_shown"])]
    data = data.sort_values("draw_order", kind="stable")
    shown = (*ACTION_RAGS, NOT_STATED)
    lanes = alt.Scale(domain=list(shown))
    base = alt.Chart(data).encode(
        x=alt.X("due:T", title="Due", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("plan:N", title=None),
        yOffset=alt.YOffset("rag_shown:N", scale=lanes),
    )
    legend = alt.Legend(symbolSize=200, symbolOpacity=1)
    point = dict(color=alt.Color("rag_shown:N", title="RAG", scale=_rag_scale(shown), legend=legend),
                 shape=alt.Shape("rag_shown:N", title="RAG", scale=_shape_scale(shown), legend=legend),
                 order=alt.Order("draw_order:Q"),
                 tooltip=["plan:N", "ref:N", "action:N", alt.Tooltip("due:T", format="%d %b %Y"), "status:N",
                          alt.Tooltip("rag_shown:N", title="RAG")])
    others = base.transform_filter(alt.datum.rag_shown != RED).mark_point(
        filled=True, size=110, opacity=0.85, stroke="#ffffff", strokeWidth=0.5).encode(**point)
    overdue = base.transform_filter(alt.datum.rag_shown == RED).mark_point(
        filled=True, size=200, stroke="#111111", strokeWidth=1).encode(**point)
    labels = base.transform_filter(alt.datum.rag_shown == RED).mark_text(
        align="left", dx=10, fontSize=FONT - 2, fontWeight="bold", color=RAG_SWATCH[RED].ink).encode(
        text="overdue_label:N")
    today = alt.Chart(pd.DataFrame({"x": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeWidth=2).encode(x="x:T")
    return _style((today + others + overdue + labels).properties(height=alt.Step(LANE)))


def due_by_month(counts: pd.DataFrame, day) -> alt.Chart:
    """Many actions' due dates as counts: a bar per month stacked by RAG (due_dates draws each action, which a screen
    cannot show for thousands), with a rule at the as-at date."""
    data = counts.assign(rag_shown=counts["rag"].where(counts["rag"].isin(ACTION_RAGS), NOT_STATED))
    shown = (*ACTION_RAGS, NOT_STATED)
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("yearmonth(month):T", title="Due (month)", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("sum(actions):Q", title="Actions"),
        color=alt.Color("rag_shown:N", title="RAG", scale=_rag_scale(shown)),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Due", format="%b %Y"),
                 alt.Tooltip("rag_shown:N", title="RAG"), alt.Tooltip("sum(actions):Q", title="Actions")])
    today = alt.Chart(pd.DataFrame({"x": [pd.Timestamp(day)]})).mark_rule(color="#111", strokeWidth=2).encode(x="x:T")
    return _style((bars + today).properties(height=320))


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
    return _style((target + actual + points).properties(width=200, height=180).facet(
        facet=alt.Facet("label:N", title=None, header=alt.Header(labelFontSize=FONT, labelLimit=250)), columns=3)
        .resolve_scale(y="independent"), fit_width=False)
