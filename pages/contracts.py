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
register = cache.read(contracts.register)
if register.empty:
    st.info("No contracts in the store yet. Upload the register on the **Upload** page.")
    st.stop()
df = contracts.with_status(register, day)
style.source_caption(cache.read(batches.latest_source, "contracts"))

head = contracts.headline(df, day)
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
    choices = {}
    for col, (column, label) in zip([c2, c3, c1, c2, c3, c1], [
            ("supplier", "Supplier"), ("service_type", "Service"), ("provider_sector", "Sector"),
            ("contract_type", "Type"), ("standing", "Standing"), ("area", "Zone or area")]):
        choices[column] = col.multiselect(label, contracts.options(df, column), key=f"contracts_{column}")
shown = contracts.filter_register(df, text, **choices)

tabs = st.tabs(["Register", "Expiring and reviews", "Monitoring", "Where the money goes", "Timeline", "Contract",
                "Transparency export"])
with tabs[0]:
    st.caption(f"{len(shown)} of {len(df)} contracts; status as at {day:%d %B %Y}.")
    style.table(contracts.register_table(shown), style.CONTRACT_TABLE)
    st.caption("Service, sector, area, start date, standing, monitoring and the rest of each contract's fields are "
               "in its detail (the Contract tab).")
with tabs[1]:
    for months in (3, 6, 12):
        soon = contracts.expiring(shown, day, months)
        st.markdown(f"**Ending within {months} months** ({len(soon)})")
        style.table(contracts.register_table(soon), style.CONTRACT_TABLE)
    st.markdown(f"**Past their end date but still marked live** ({int(shown['past_end_still_live'].sum())})")
    style.table(contracts.register_table(shown[shown["past_end_still_live"]], standing=True), style.CONTRACT_TABLE)
    reviews = shown[shown["review_overdue"] | shown["review_due_3m"]]
    st.markdown(f"**Reviews overdue or due within 3 months** ({len(reviews)})")
    style.table(contracts.review_table(reviews), style.REVIEW_TABLE)
with tabs[2]:
    overdue = shown[shown["monitoring_overdue"]]
    st.markdown(f"**Live contracts with no monitoring visit in 12 months** ({len(overdue)}, of which "
                f"{int(overdue['never_monitored'].sum())} never monitored)")
    style.table(contracts.monitoring_table(overdue, day), style.MONITORING_TABLE)
with tabs[3]:
    shares = contracts.sme_vcse_share(shown)
    c1, c2 = st.columns(2)
    c1.metric("SME share of annual value", f"{shares['sme']['value_share']:.0%}",
              help=f"{shares['sme']['contracts']} live contracts with SMEs")
    c2.metric("VCSE share of annual value", f"{shares['vcse']['value_share']:.0%}",
              help=f"{shares['vcse']['contracts']} live contracts with VCSE organisations")
    for column, title in (("provider_sector", "By sector"), ("contract_type", "Block, spot and other"),
                          ("service_type", "By service"), ("supplier", "By supplier")):
        st.markdown(f"**{title}**")
        st.altair_chart(charts.value_bars(contracts.value_by(shown, column), column, title), width="stretch")
with tabs[4]:
    drawn = contracts.timeline_rows(shown, day)
    if len(drawn) < len(shown):
        st.caption(f"The {len(drawn)} contracts nearest the as-at date (live ones ending soonest first) of "
                   f"{len(shown)}; search or filter above to see others.")
    st.altair_chart(charts.contract_timeline(drawn, day), width="stretch")
with tabs[5]:
    names = contracts.titles(shown)
    reference = st.selectbox("Contract", list(names), key="contracts_detail",
                             format_func=lambda r: f"{r} - {names.get(r, '')}")
    if reference:
        row = shown[shown["reference"] == reference].iloc[0]
        st.html(style.detail_html(contracts.detail_table(row)))
        st.markdown("**History**")
        style.table(cache.read(batches.row_history, "contract", int(row["id"])), style.HISTORY_TABLE)
with tabs[6]:
    c1, c2 = st.columns(2)
    year = c1.number_input("Year", min_value=2000, max_value=day.year + 5, value=day.year, key="transparency_year")
    quarter = c2.selectbox("Quarter", [1, 2, 3, 4], index=(day.month - 1) // 3, key="transparency_quarter",
                           format_func=lambda q: f"Q{q} ({contracts.quarter_label(int(year), q)})")
    extract = contracts.transparency_extract(df, int(year), quarter)
    st.caption(f"{len(extract)} contracts over £5,000 in force during the quarter. The downloads hold all the Local "
               "Government Transparency Code 2015 fields; the table shows the first few.")
    style.table(extract, style.TRANSPARENCY_TABLE)
    name = f"contracts_transparency_{int(year)}_Q{quarter}"
    d1, d2 = st.columns(2)
    # made when clicked, not on every rerun of the page
    d1.download_button("Download CSV", partial(xlsx.csv_bytes, extract), file_name=f"{name}.csv",
                       mime="text/csv", key="transparency_csv")
    d2.download_button("Download Excel", partial(xlsx.xlsx_bytes, extract, "Contracts"), file_name=f"{name}.xlsx",
                       key="transparency_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
