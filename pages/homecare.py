"""Home care: the in-house share against the target, the forecast, hours by sector, areas, comparators."""

import datetime as dt

import streamlit as st

from lib import charts, fmt
from lib.areas import homecare
from lib.kinds.homecare import weekly
from lib.store import batches, settings
from lib.ui import auth, bootstrap, cache, state, style

bootstrap.entered_through_app("pages/homecare.py")

st.title("Home care: shifting the balance")
as_at = state.as_at()
weeks = cache.read(weekly, as_at)
target = cache.read(homecare.load_target)
if weeks.empty:
    st.info(f"No weekly home care hours on or before {as_at:%d %B %Y}. Upload them on the **Upload** page.")
    st.stop()

window = st.select_slider("Forecast from the trend of the last", options=[4, 6, 8, 10, 12, 16, 20, 26],
                          value=8, format_func=lambda n: f"{n} weeks", key="hc_window")
pos = homecare.position(weeks, target)
fc = homecare.forecast(weeks, target, window)
style.source_caption(cache.read(batches.latest_source, "homecare"))

st.subheader(f"Week ending {pos['week_ending']:%d %B %Y}: target {target.target_share:.0%} in-house by "
             f"{target.target_date:%d %B %Y}")
cols = st.columns(4)
cols[0].metric("In-house share", f"{pos['share']:.1%}",
               **fmt.points_delta_args(pos["change"], "on last week"))
cols[1].metric("Planned by now", f"{pos['planned_share']:.1%}",
               **fmt.points_delta_args(pos["behind_plan"], "vs plan"),
               help="The straight line from the baseline to the target")
cols[2].metric("Hours/week to move", f"{pos['hours_to_transfer']:,.0f}",
               help="(In-house share now - target share) x this week's total hours")
cols[3].metric("Savings run-rate", fmt.money(pos["savings_run_rate"]),
               delta=f"a year; target {fmt.money(pos['savings_target'])}", delta_color="off",
               help="Hours moved since the baseline x (in-house - independent hourly cost) x 52")
st.html(style.forecast_banner(fc, target))

trend, sectors, areas, comparators, settings_tab = st.tabs(
    ["Share over time", "Hours by sector", "Areas", "Comparators", "Target and costs"])
with trend:
    st.altair_chart(charts.share_over_time(homecare.trajectory(weeks, target)), width="stretch")
with sectors:
    st.altair_chart(charts.hours_by_sector(weeks), width="stretch")
with areas:
    spots = homecare.hot_spots(cache.read(homecare.weekly_by_area, as_at), pos["week_ending"])
    st.altair_chart(charts.area_shares(spots, target.target_share), width="stretch")
    st.caption("▲ rose: the in-house share went up since last week (a hot spot). ■ stalled: it moved less than "
               "0.2 points. ▼ fell: it moved towards the target. The red dashed line is the target share.")
with comparators:
    published = cache.read(homecare.comparators)
    st.altair_chart(charts.comparator_shares(published, weeks), width="stretch")
    st.caption("Each figure is kept with its source and date and not reconciled with the weekly returns: the "
               "CSCI survey put Rotherham near 40% in-house in 2003-05, while the December 2007 decision starts "
               "from 60%.")
    style.table(homecare.comparator_table(published), style.COMPARATOR_TABLE)
    with st.form("add_comparator"):
        st.markdown("**Add a published comparator**")
        c1, c2, c3, c4 = st.columns(4)
        who_is = c1.text_input("Comparator (e.g. England)")
        period = c2.date_input("As at", value=dt.date(2006, 9, 30), min_value=state.EARLIEST_DATE,
                               max_value=state.latest_date(), format="DD/MM/YYYY")
        share = c3.number_input("% in-house", min_value=0.0, max_value=100.0, value=30.0, step=0.1)
        source = c4.text_input("Source")
        author = auth.author("comparator_who")
        if st.form_submit_button("Add comparator", disabled=not auth.can("edit")):
            if not (who_is.strip() and source.strip() and author):
                st.error("Give the comparator, its source and your name.")
            else:
                homecare.add_comparators(bootstrap.engine(), [homecare.comparator_row(who_is, period, share, source)],
                                         author)
                cache.after_write()
                st.rerun()
with settings_tab:
    st.markdown(f"**Basis:** {style.plain(target.source)}")
    with st.form("homecare_target"):
        c1, c2 = st.columns(2)
        baseline_share = c1.number_input("Baseline % in-house", 0.0, 100.0, target.baseline_share * 100, 0.5)
        baseline_date = c2.date_input("Baseline date", target.baseline_date, min_value=state.EARLIEST_DATE,
                                      max_value=state.latest_date(), format="DD/MM/YYYY")
        target_share = c1.number_input("Target % in-house", 0.0, 100.0, target.target_share * 100, 0.5,
                                       key="target_share_pct")
        target_date = c2.date_input("Target date", target.target_date, min_value=state.EARLIEST_DATE,
                                    max_value=state.latest_date(), format="DD/MM/YYYY")
        cost_in = c1.number_input("In-house cost £ an hour", 0.0, 200.0, target.unit_cost_in_house, 0.01)
        cost_ind = c2.number_input("Independent cost £ an hour", 0.0, 200.0, target.unit_cost_independent, 0.01)
        savings = c1.number_input("Savings target £ a year", 0.0, 1e9, float(target.savings_target), 1000.0)
        author = auth.author("target_who", container=c2)
        if st.form_submit_button("Save the target and costs", disabled=not auth.can("setting")):
            if author is None:
                st.error("Give your name so the change is recorded against it.")
            elif target_date <= baseline_date:
                st.error("The target date must come after the baseline date.")
            else:
                homecare.save_target(bootstrap.engine(), homecare.Target(
                    baseline_share / 100, baseline_date, target_share / 100, target_date, cost_in, cost_ind,
                    savings, source=f"Set by {author.who} on the Home care page"), author)
                cache.after_write()
                st.rerun()
    if not auth.can("setting"):
        st.caption("Only admins change the target and costs.")
    with st.expander("Changes to the target and costs"):
        style.table(cache.read(settings.changes, homecare.TARGET_SETTING), style.SETTING_CHANGES_TABLE)
