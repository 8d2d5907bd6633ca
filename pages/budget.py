"""Budget status: revenue by service area, capital by scheme, the trend, and the RAG policy."""

import streamlit as st

from lib import budget, charts, ui

ui.entered_through_app("pages/budget.py")

st.title("Budget status")
dates = ui.revenue_dates()
capital_dates = ui.capital_dates()
if not dates and not capital_dates:
    st.info("No budget monitoring report in the store yet. Upload one on the **Upload** page.")
    st.stop()

all_dates = sorted(set(dates) | set(capital_dates))
default = budget.latest_on_or_before(all_dates, ui.as_at())
as_at = st.selectbox("Reporting date", list(reversed(all_dates)), index=list(reversed(all_dates)).index(default),
                     format_func=lambda d: f"As at {d:%d %B %Y}", key="budget_as_at")
policy = ui.policy()
revenue, capital, trend, policy_tab = st.tabs(["Revenue", "Capital programme", "Trend", "RAG policy"])

with revenue:
    df = ui.revenue_report(as_at, policy) if as_at in dates else None
    if df is None or df.empty:
        st.info(f"No revenue report as at {as_at:%d %B %Y}.")
    else:
        ui.source_caption(ui.report_sources("revenue").get(str(as_at)))
        head = budget.revenue_headline(df)
        cols = st.columns(4)
        cols[0].metric("Annual budget", ui.money(head["annual_budget"]))
        cols[1].metric("Projected outturn", ui.money(head["projected_outturn"]))
        cols[2].metric(f"Variance ({ui.variance_word(head['variance'])})", ui.signed_money(head["variance"]),
                       delta=ui.movement_delta(head["movement"]), delta_color="inverse")
        cols[3].metric("Service lines", head["lines"])
        st.html(ui.rag_summary(head["rag_counts"], head["policy_rag_counts"], head["disagreements"], policy.name))
        st.altair_chart(charts.variance_bars(df), width="stretch")
        table = budget.revenue_table(df)
        st.dataframe(
            ui.style_rag_columns(table, ["RAG (report)", "RAG (policy)"]).format(
                {c: "{:,.0f}" for c in ["Budget £000", "Outturn £000", "Variance £000", "Movement £000"]},
                na_rep="–"),
            hide_index=True, width="stretch")
        notes = budget.reasons(df)
        if notes:
            st.subheader("Reasons and management actions")
            for note in notes:
                with st.expander(f"{ui.rag_label(note['rag'])} · {ui.plain(note['service_area'])} · "
                                 f"{ui.signed_money(note['variance'])}", expanded=note["variance"] > 0):
                    if note["reason"]:
                        st.markdown(f"**Reason:** {ui.plain(note['reason'])}")
                    if note["action"]:
                        st.markdown(f"**Management action:** {ui.plain(note['action'])}")

with capital:
    cdf = ui.capital_report(as_at) if as_at in capital_dates else None
    if cdf is None or cdf.empty:
        st.info(f"No capital monitoring report as at {as_at:%d %B %Y}.")
    else:
        ui.source_caption(ui.report_sources("capital").get(str(as_at)))
        head = budget.capital_headline(cdf)
        cols = st.columns(4)
        cols[0].metric("Approved programme", ui.money(head["approved_budget"]))
        spent = head["actual_to_date"] / head["approved_budget"] if head["approved_budget"] else 0
        cols[1].metric("Actual to date", ui.money(head["actual_to_date"]), delta=f"{spent:.0%} spent",
                       delta_color="off")
        cols[2].metric("Projected", ui.money(head["projected_outturn"]))
        cols[3].metric("Slippage", ui.money(head["slippage"]))
        st.html(ui.rag_summary(head["rag_counts"], extra=f'{head["schemes"]} schemes in {head["client_groups"]} '
                                                          "client groups"))
        st.altair_chart(charts.capital_percent_spent(cdf), width="stretch")
        st.dataframe(
            ui.style_rag_columns(budget.capital_table(cdf), ["RAG"]).format(
                {"Approved £": "{:,.0f}", "Actual £": "{:,.0f}", "Projected £": "{:,.0f}",
                 "Slippage £": "{:,.0f}", "% spent": "{:.0f}%"}, na_rep="–"),
            hide_index=True, width="stretch")

with trend:
    tr = ui.variance_trend(as_at)
    if tr.empty:
        st.info("No revenue reports yet.")
    else:
        st.subheader("Total projected variance at each report")
        st.altair_chart(charts.variance_trend(budget.total_variance_trend(tr)), width="stretch")
        illustrative = [d for d, src in ui.report_sources("revenue").items() if src["illustrative"]]
        if illustrative:
            st.html(f'<div class="illustrative">The reports as at {", ".join(sorted(illustrative))} are '
                    "<b>illustrative</b> (demo data), not the council's own.</div>")
        st.subheader("By service area")
        st.altair_chart(charts.variance_trend_by_area(tr), width="stretch")

with policy_tab:
    st.subheader(policy.name)
    st.markdown(f"**Rule:** {ui.plain(policy.describe())}  \n**Basis:** {ui.plain(policy.source)}")
    st.caption("The report's own RAG is always kept; the policy's RAG is shown beside it and differences flagged.")
    with st.form("rag_policy"):
        preset = st.selectbox("Start from", list(budget.PRESETS), format_func=lambda k: budget.PRESETS[k].name)
        c1, c2, c3 = st.columns(3)
        basis = c1.selectbox("Budget basis", ["net", "gross"], index=["net", "gross"].index(policy.basis))
        red_pct = c2.number_input("Red: overspend over % of budget", value=policy.red_over_pct, min_value=0.0)
        red_pounds = c3.number_input("Red: overspend over £", value=policy.red_over_pounds, min_value=0.0)
        amber_pct = c2.number_input("Amber: overspend over % of budget", value=policy.amber_over_pct, min_value=0.0)
        amber_pounds = c3.number_input("Amber: overspend over £", value=policy.amber_over_pounds, min_value=0.0)
        combine = c1.selectbox("Thresholds", ["either", "both"], index=["either", "both"].index(policy.combine),
                               format_func=lambda c: {"either": "either is enough", "both": "both must be passed"}[c])
        who = st.text_input("Your name", key="policy_who")
        use_preset = st.form_submit_button("Use the preset")
        save = st.form_submit_button("Save these thresholds", type="primary")
    with st.expander("Changes to the policy"):
        st.dataframe(ui.setting_changes("rag_policy"), hide_index=True, width="stretch")
    if use_preset or save:
        if not who.strip():
            st.error("Give your name so the change is recorded against it.")
        else:
            chosen = budget.PRESETS[preset] if use_preset else budget.custom_policy(
                basis, red_pct, red_pounds, amber_pct, amber_pounds, combine)
            budget.save_policy(ui.engine(), chosen, who.strip())
            ui.after_write()
            st.rerun()
