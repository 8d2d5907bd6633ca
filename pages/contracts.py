"""The contract register: search and filters, expiry, reviews, monitoring, value, timeline, detail, export."""

from functools import partial

import streamlit as st

from lib import charts, fmt, xlsx
from lib.areas import contracts
from lib.store import batches
from lib.ui import bootstrap, cache, state, style

bootstrap.entered_through_app("pages/contracts.py")

st.title("Contract register")
day = state.as_at()
register = cache.of(contracts.seen, day)  # the register as seen on the date, kept in the cache; read from below
head = cache.derived(contracts.headline, register, day)
if not head["contracts"]:
    st.info("No contracts in the store yet. Upload the register on the **Upload** page.")
    st.stop()
style.source_caption(cache.read(batches.latest_source, "contracts"))

cols = st.columns(5)
cols[0].metric("Live contracts", head["live"], help=f"of {head['contracts']} on the register")
cols[1].metric("Annual value", fmt.money(head["annual_value_live"], "short"),
               help=f"{fmt.money(head['annual_value_live'], '£')} a year across the live contracts")
cols[2].metric("Ending soon", head["expiring_3"],
               help="Live contracts ending within 3 months of the as-at date")
cols[3].metric("Not monitored", head["monitoring_overdue"],
               help=f"Live contracts with no visit in 12 months; {head['never_monitored']} never monitored")
cols[4].metric("Past end, live", head["past_end_still_live"],
               help="Contracts past their end date whose standing still says steady state, interim or exempted")
st.caption(f"Live contracts ending within 3 months: {head['expiring_3']} · within 6 months: {head['expiring_6']} · "
           f"within 12 months: {head['expiring_12']}")

with st.expander("Search and filter", expanded=False):
    c1, c2, c3 = st.columns(3)
    text = c1.text_input("Search reference, title, supplier", key="contracts_text")
    offered = cache.derived(contracts.choices, register)
    chosen = {}
    for col, column in zip([c2, c3, c1, c2, c3, c1], contracts.FILTERS):
        chosen[column] = col.multiselect(contracts.FILTERS[column], offered[column], key=f"contracts_{column}")
view = cache.derived(contracts.view, register, day, text,
                     tuple((column, tuple(values)) for column, values in chosen.items() if values))


def bounded(shown: contracts.Shown, spec: dict) -> None:
    if shown.note:
        st.caption(shown.note)
    style.table(shown.table, spec)


tabs = st.tabs(["Register", "Expiring and reviews", "Monitoring", "Where the money goes", "Timeline", "Contract",
                "Transparency export"])
with tabs[0]:
    st.caption(f"{view.matching:,} of {view.contracts:,} contracts; status as at {day:%d %B %Y}."
               + (f" {view.register.note}" if view.register.note else ""))
    style.table(view.register.table, style.CONTRACT_TABLE)
    st.caption("Service, sector, area, start date, standing, monitoring and the rest of each contract's fields are "
               "in its detail (the Contract tab).")
with tabs[1]:
    for months, soon in view.expiring.items():
        st.markdown(f"**Ending within {months} months** ({soon.count:,})")
        bounded(soon, style.CONTRACT_TABLE)
    st.markdown(f"**Past their end date but still marked live** ({view.past_end.count:,})")
    bounded(view.past_end, style.CONTRACT_TABLE)
    st.markdown(f"**Reviews overdue or due within 3 months** ({view.reviews.count:,})")
    bounded(view.reviews, style.REVIEW_TABLE)
with tabs[2]:
    st.markdown(f"**Live contracts with no monitoring visit in 12 months** ({view.monitoring.count:,}, of which "
                f"{view.never_monitored:,} never monitored)")
    bounded(view.monitoring, style.MONITORING_TABLE)
with tabs[3]:
    shares = view.shares
    c1, c2 = st.columns(2)
    c1.metric("SME share of annual value", f"{shares['sme']['value_share']:.0%}",
              help=f"{shares['sme']['contracts']} live contracts with SMEs")
    c2.metric("VCSE share of annual value", f"{shares['vcse']['value_share']:.0%}",
              help=f"{shares['vcse']['contracts']} live contracts with VCSE organisations")
    for column, drawn in view.values.items():
        st.markdown(f"**{drawn.title}**")
        if drawn.categories > len(drawn.bars):
            st.caption(f"The {len(drawn.bars)} {drawn.noun} with the most annual value of the {drawn.categories:,} "
                       f"with live contracts; the other {drawn.categories - len(drawn.bars):,} hold "
                       f"{fmt.money(drawn.other_annual, 'short')} a year together ({drawn.other_share:.0%}). Search "
                       "or filter above to see any of them.")
        cache.chart(charts.value_bars, drawn.bars, column, drawn.title)
with tabs[4]:
    drawn = view.timeline
    if len(drawn) < view.matching:
        st.caption(f"The {len(drawn)} contracts nearest the as-at date (live ones ending soonest first) of "
                   f"{view.matching:,}; search or filter above to see others.")
    cache.chart(charts.contract_timeline, drawn, day)
with tabs[5]:
    names = view.picker.table
    if view.picker.note:
        st.caption(view.picker.note)
    reference = st.selectbox("Contract", list(names), key="contracts_detail",
                             format_func=lambda r: f"{r} - {names.get(r, '')}")
    row = cache.derived(contracts.contract, register, reference) if reference else None
    if row is not None:
        st.html(style.detail_html(contracts.detail_table(row)))
        st.markdown("**History**")
        style.table(cache.read(batches.row_history, "contract", int(row["id"])), style.HISTORY_TABLE)
with tabs[6]:
    c1, c2 = st.columns(2)
    year = c1.number_input("Year", min_value=2000, max_value=day.year + 5, value=day.year, key="transparency_year")
    quarter = c2.selectbox("Quarter", [1, 2, 3, 4], index=(day.month - 1) // 3, key="transparency_quarter",
                           format_func=lambda q: f"Q{q} ({contracts.quarter_label(int(year), q)})")
    extract = cache.derived(contracts.transparency_extract, register, int(year), quarter)
    st.caption(f"{len(extract):,} contracts over £5,000 in force during the quarter. The downloads hold all the Local "
               "Government Transparency Code 2015 fields"
               + (f" for all {len(extract):,}; the table shows the first {contracts.SHOWN_ROWS}."
                  if len(extract) > contracts.SHOWN_ROWS else "; the table lists them all."))
    style.table(extract.head(contracts.SHOWN_ROWS), style.TRANSPARENCY_TABLE)
    name = f"contracts_transparency_{int(year)}_Q{quarter}"
    d1, d2 = st.columns(2)
    # made when clicked, not on every rerun of the page
    d1.download_button("Download CSV", partial(xlsx.csv_bytes, extract), file_name=f"{name}.csv",
                       mime="text/csv", key="transparency_csv")
    d2.download_button("Download Excel", partial(xlsx.xlsx_bytes, extract, "Contracts"), file_name=f"{name}.xlsx",
                       key="transparency_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
