"""The weekly impact group's check: this week against last week, hot spots, new hours, the budget effect."""

import streamlit as st

from lib import fmt
from lib.areas import homecare
from lib.kinds.homecare import weekly
from lib.store import batches
from lib.ui import bootstrap, cache, state, style

bootstrap.entered_through_app("pages/weekly_check.py")

st.title("Weekly check: home care")
as_at = state.as_at()
weeks = cache.read(weekly, as_at)
target = cache.read(homecare.load_target)
if weeks.empty:
    st.info(f"No weekly home care hours on or before {as_at:%d %B %Y}. Upload this week's on the **Upload** page.")
    st.stop()

pos = homecare.position(weeks, target)
fc = homecare.forecast(weeks, target, st.session_state.get("hc_window", 8))
spots = homecare.hot_spots(cache.read(homecare.weekly_by_area, as_at), pos["week_ending"])
check = homecare.weekly_comparison(weeks, target)
source = homecare.week_source(cache.read(batches.import_sources, "homecare"), pos["week_ending"])

st.subheader(f"Week ending {pos['week_ending']:%d %B %Y}")
style.source_caption(source)
cols = st.columns(3)
cols[0].metric("In-house share", f"{pos['share']:.1%}", **fmt.points_delta_args(pos["change"], "since last week"))
cols[1].metric("Hours still to transfer", f"{pos['hours_to_transfer']:,.0f}")
cols[2].metric("Weekly saving", fmt.money(check["weekly_saving"], "£"),
               help=f"Hours moved from in-house since the baseline ({target.baseline_share:.0%} in-house) x the "
                    "hourly cost gap between in-house and independent care",
               delta=f"{fmt.signed_money(check['weekly_saving_change'], '£')} since last week"
               if check["weekly_saving_change"] is not None else None)
st.html(style.forecast_banner(fc, target))

st.markdown("**This week and last week**")
style.table(homecare.this_and_last_week_table(check), style.WEEK_TABLE)
st.markdown("**Hot spots by area**")
style.table(homecare.hot_spot_table(spots), style.HOT_SPOT_TABLE)
st.caption("▲ rose: the in-house share went up since last week (a hot spot). ■ stalled: it moved less than 0.2 "
           "points. ▼ fell: it moved towards the target.")

st.download_button("Download this check for the group's record (.xlsx)",
                   homecare.weekly_check_workbook(weeks, spots, pos, fc, target, source),
                   file_name=f"weekly_check_{pos['week_ending']:%Y-%m-%d}.xlsx", key="weekly_download",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
