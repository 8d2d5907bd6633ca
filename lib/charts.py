"""DataFrame -> Altair chart, nothing else. Sized and lettered for a projector."""

from __future__ import annotations

import altair as alt
import pandas as pd

RAG_COLOURS = {"Red": "#c0392b", "Amber": "#e69f00", "Green": "#1e8449", "Not stated": "#7f8c8d"}
FONT = 16


def _rag_scale() -> alt.Scale:
    return alt.Scale(domain=list(RAG_COLOURS), range=list(RAG_COLOURS.values()))


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
        rag_shown=df[rag_column].fillna("Not stated"),
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
        rag_shown=df["rag"].fillna("Not stated"),
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
