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
    data = total.assign(variance_k=total["variance"] / 1000, as_at=pd.to_datetime(total["as_at"]))
    base = alt.Chart(data).encode(
        x=alt.X("as_at:T", title="Reporting date", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("variance_k:Q", title="Projected variance £000"),
        tooltip=[alt.Tooltip("as_at:T", title="As at", format="%d %b %Y"),
                 alt.Tooltip("variance_k:Q", title="Variance £000", format=",.0f")],
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
    text = base.mark_text(dy=-14, fontSize=FONT - 2).encode(text=alt.Text("variance_k:Q", format="+,.0f"))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(strokeDash=[4, 4], color="#555").encode(y="y:Q")
    return _style((line + text + zero).properties(height=320))


def variance_trend_by_area(trend: pd.DataFrame) -> alt.Chart:
    data = trend.assign(variance_k=trend["variance"] / 1000, as_at=pd.to_datetime(trend["as_at"]))
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("as_at:T", title="Reporting date", axis=alt.Axis(format="%b %Y")),
        y=alt.Y("variance_k:Q", title="Projected variance £000"),
        color=alt.Color("service_area:N", title="Service area", legend=alt.Legend(columns=2)),
        tooltip=["service_area:N", alt.Tooltip("as_at:T", format="%d %b %Y"),
                 alt.Tooltip("variance_k:Q", title="£000", format=",.0f")],
    )
    return _style(chart.properties(height=380))


def capital_spend(df: pd.DataFrame) -> alt.Chart:
    """Approved programme against actual spend by client group (£000)."""
    long = df.melt(id_vars=["client_group"], value_vars=["approved_budget", "actual_to_date"],
                   var_name="measure", value_name="amount")
    long["measure"] = long["measure"].map({"approved_budget": "Approved", "actual_to_date": "Actual to date"})
    long["amount_k"] = long["amount"] / 1000
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("client_group:N", title=None, sort=list(df["client_group"])),
        yOffset="measure:N",
        x=alt.X("amount_k:Q", title="£000"),
        color=alt.Color("measure:N", title=None,
                        scale=alt.Scale(domain=["Approved", "Actual to date"], range=["#9bbbd9", "#1f4e79"])),
        tooltip=["client_group:N", "measure:N", alt.Tooltip("amount_k:Q", title="£000", format=",.0f")],
    )
    return _style(chart.properties(height=max(220, 60 * len(df))))
