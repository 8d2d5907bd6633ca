"""Budget status: revenue by service area, capital by scheme, the performance indicators beside them, the trend,
and the RAG policies."""

import streamlit as st

from lib import charts, fmt
from lib.areas import budget, indicators
from lib.kinds import indicators as indicator_kind
from lib.kinds import revenue
from lib.store import batches, settings
from lib.ui import auth, bootstrap, cache, state, style

bootstrap.entered_through_app("pages/budget.py")

st.title("Budget status")
dates = cache.read(budget.reporting_dates, "revenue")
capital_dates = cache.read(budget.reporting_dates, "capital")
if not dates and not capital_dates:
    st.info("No budget monitoring report in the store yet. Upload one on the **Upload** page.")
    st.stop()

all_dates = sorted(set(dates) | set(capital_dates))
default = budget.latest_on_or_before(all_dates, state.as_at())
as_at = st.selectbox("Reporting date", list(reversed(all_dates)), index=list(reversed(all_dates)).index(default),
                     format_func=lambda d: f"As at {d:%d %B %Y}", key="budget_as_at")
policy = cache.read(revenue.load_policy)
revenue_tab, capital_tab, indicators_tab, trend_tab, policy_tab = st.tabs(
    ["Revenue", "Capital programme", "Performance indicators", "Trend", "RAG policy"])

with revenue_tab:
    df = cache.read(budget.revenue_report, as_at, policy) if as_at in dates else None
    if df is None or df.empty:
        st.info(f"No revenue report as at {as_at:%d %B %Y}.")
    else:
        style.source_caption(cache.read(batches.import_sources, "revenue").get(str(as_at)))
        if partial := cache.read(budget.partial_report, as_at):
            st.warning(partial)
        head = budget.revenue_headline(df)
        cols = st.columns(4)
        cols[0].metric("Annual budget", fmt.money(head["annual_budget"]))
        cols[1].metric("Projected outturn", fmt.money(head["projected_outturn"]))
        cols[2].metric(f"Variance ({fmt.variance_word(head['variance'])})", fmt.signed_money(head["variance"]),
                       delta=fmt.movement_delta(head["movement"]), delta_color="inverse")
        cols[3].metric("Service lines", head["lines"])
        st.html(style.rag_summary(head["rag_counts"], head["policy_rag_counts"], head["disagreements"], policy.name))
        cache.chart(charts.variance_bars, df)
        st.caption("Figures in £000. Variance: projected outturn minus budget (+ is overspend). Movement: the change "
                   "in variance since the last report." + (" ⚠: the policy's RAG differs from the report's."
                                                           if head["disagreements"] else ""))
        style.table(budget.revenue_table(df), style.REVENUE_TABLE)
        notes = budget.reasons(df)
        if notes:
            st.subheader("Reasons and management actions")
            for note in notes:
                with st.expander(f"{style.rag_label(note['rag'])} · {style.plain(note['service_area'])} · "
                                 f"{fmt.signed_money(note['variance'])}", expanded=note["variance"] > 0):
                    if note["reason"]:
                        st.markdown(f"**Reason:** {style.plain(note['reason'])}")
                    if note["action"]:
                        st.markdown(f"**Management action:** {style.plain(note['action'])}")

with capital_tab:
    cdf = cache.read(budget.capital_report, as_at) if as_at in capital_dates else None
    if cdf is None or cdf.empty:
        st.info(f"No capital monitoring report as at {as_at:%d %B %Y}.")
    else:
        style.source_caption(cache.read(batches.import_sources, "capital").get(str(as_at)))
        head = budget.capital_headline(cdf)
        cols = st.columns(4)
        cols[0].metric("Approved programme", fmt.money(head["approved_budget"]))
        spent = head["actual_to_date"] / head["approved_budget"] if head["approved_budget"] else 0
        cols[1].metric("Actual to date", fmt.money(head["actual_to_date"]), delta=f"{spent:.0%} spent",
                       delta_color="off")
        cols[2].metric("Projected", fmt.money(head["projected_outturn"]))
        cols[3].metric("Slippage", fmt.money(head["slippage"]))
        st.html(style.rag_summary(head["rag_counts"], extra=f'{head["schemes"]} schemes in {head["client_groups"]} '
                                                            "client groups"))
        cache.chart(charts.capital_percent_spent, cdf)
        style.table(budget.capital_table(cdf), style.CAPITAL_TABLE)
        with st.expander("Client groups, slippage and comments"):
            st.html(style.notes_html([(n["scheme"], f"{n['client_group'] or '–'} · slippage "
                                                    f"{fmt.money(n['slippage'], '£')}. {n['comment'] or ''}")
                                      for n in budget.capital_notes(cdf)]))

with indicators_tab:
    indicator_policy = cache.read(indicators.load_policy)
    shown_date = cache.read(indicators.latest_on_or_before, as_at)
    if shown_date is None:
        st.info(f"No performance indicators on or before {as_at:%d %B %Y}. Upload them on the **Upload** page.")
    else:
        idf = cache.read(indicators.report, shown_date, indicator_policy)
        style.source_caption(cache.read(batches.import_sources, "indicators").get(str(shown_date)))
        head = indicators.headline(idf)
        st.html(style.rag_summary(head["rag_counts"], extra=f"{head['indicators']} indicators as at "
                                                            f"{fmt.day(shown_date)}"))
        st.caption(f"RAG: {style.plain(indicator_policy.describe())} Basis: {style.plain(indicator_policy.source)}.")
        style.table(indicators.table(idf, indicator_policy), style.INDICATOR_TABLE)
        if comments := indicators.comments(idf):
            st.html(style.notes_html(comments))
        trend = indicators.trend(cache.read(indicators.history, as_at, indicator_policy))
        if trend["as_at"].nunique() > 1:
            st.markdown("**Across reports** (the dashed line is the target)")
            cache.chart(charts.indicator_trend, trend, width="content")

with trend_tab:
    tr = cache.read(budget.variance_trend, as_at)
    if tr.empty:
        st.info("No revenue reports yet.")
    else:
        st.subheader("Total projected variance at each report")
        cache.chart(charts.variance_trend, budget.total_variance_trend(tr))
        illustrative = [d for d, src in cache.read(batches.import_sources, "revenue").items() if src["illustrative"]]
        if illustrative:
            st.html(f'<div class="illustrative">The reports as at {", ".join(sorted(illustrative))} are '
                    "<b>illustrative</b> (demo data), not the council's own.</div>")
        st.subheader("By service area")
        cache.chart(charts.variance_trend_by_area, tr)

with policy_tab:
    st.subheader(policy.name)
    st.markdown(f"**Rule:** {style.plain(policy.describe())}  \n**Basis:** {style.plain(policy.source)}")
    st.caption("The report's own RAG is always kept; the policy's RAG is shown beside it and differences flagged.")
    with st.form("rag_policy"):
        preset = st.selectbox("Start from", list(revenue.PRESETS), format_func=lambda k: revenue.PRESETS[k].name)
        c1, c2, c3 = st.columns(3)
        basis = c1.selectbox("Budget basis", ["net", "gross"], index=["net", "gross"].index(policy.basis))
        red_pct = c2.number_input("Red: overspend over % of budget", value=policy.red_over_pct, min_value=0.0)
        red_pounds = c3.number_input("Red: overspend over £", value=policy.red_over_pounds, min_value=0.0)
        amber_pct = c2.number_input("Amber: overspend over % of budget", value=policy.amber_over_pct, min_value=0.0)
        amber_pounds = c3.number_input("Amber: overspend over £", value=policy.amber_over_pounds, min_value=0.0)
        combine = c1.selectbox("Thresholds", ["either", "both"], index=["either", "both"].index(policy.combine),
                               format_func=lambda c: {"either": "either is enough", "both": "both must be passed"}[c])
        author = auth.author("policy_who")
        use_preset = st.form_submit_button("Use the preset", disabled=not auth.can("setting"))
        save = st.form_submit_button("Save these thresholds", type="primary", disabled=not auth.can("setting"))
    if not auth.can("setting"):
        st.caption("Only admins change the policy.")
    with st.expander("Changes to the policy"):
        style.table(cache.read(settings.changes, revenue.POLICY_SETTING), style.SETTING_CHANGES_TABLE)
    if use_preset or save:
        if author is None:
            st.error("Give your name so the change is recorded against it.")
        else:
            chosen = revenue.PRESETS[preset] if use_preset else revenue.custom_policy(
                basis, red_pct, red_pounds, amber_pct, amber_pounds, combine)
            revenue.save_policy(bootstrap.engine(), chosen, author)
            cache.after_write()
            st.rerun()

    st.divider()
    indicator_policy = cache.read(indicators.load_policy)
    st.subheader("Performance indicators")
    st.markdown(f"**Rule:** {style.plain(indicator_policy.describe())}  \n"
                f"**Basis:** {style.plain(indicator_policy.source)}")
    with st.form("indicator_policy"):
        tolerance = st.number_input("Amber when worse than target by no more than (% of the target)",
                                    value=float(indicator_policy.tolerance_pct), min_value=0.0, max_value=100.0)
        author = auth.author("indicator_policy_who")
        if st.form_submit_button("Save the tolerance", disabled=not auth.can("setting")):
            if author is None:
                st.error("Give your name so the change is recorded against it.")
            else:
                indicator_kind.save_policy(bootstrap.engine(), indicator_kind.IndicatorPolicy(
                    tolerance, f"Set by {author.who} on the Budget page"), author)
                cache.after_write()
                st.rerun()
    with st.expander("Changes to the indicator tolerance"):
        style.table(cache.read(settings.changes, indicator_kind.POLICY_SETTING), style.SETTING_CHANGES_TABLE)
