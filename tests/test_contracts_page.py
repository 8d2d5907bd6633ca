"""The contracts page over a register longer than a screen: its tables and the detail picker hold at most
SHOWN_ROWS contracts (the most relevant first) with a note saying how many there are, the search and filters reach
every other, the counts, charts and the Transparency export still cover them all; and what it shows follows the
store (its cached tables are keyed by the store's version)."""

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import cli
from lib.areas import contracts
from lib.store import engine as db
from tests.conftest import ROOT
from tests.test_contracts import CODE_HEADERS, DAY, load
from tests.test_pages import TIMEOUT, texts
from tests.workbooks import csv_bytes

LIVE_ROWS = 450
SUPPLIERS = 30


def register_rows() -> list[list]:
    """LIVE_ROWS live contracts of £10,000 (C-0001 ends soonest), and one that ended in 1999, last by relevance."""
    rows = []
    for i in range(1, LIVE_ROWS + 1):
        end = DAY + dt.timedelta(days=i)
        rows.append([f"C-{i:04d}", f"Day care agreement {i}", "Adult Services", "Day care",
                     f"Provider {i % SUPPLIERS:02d} Ltd", None, None, "10000", None, None, "01/04/2007",
                     f"{end:%d/%m/%Y}", None, "Tender", "Yes", "No"])
    rows.append(["OLD-999", "Meals on wheels", "Adult Services", "Meals", "Old Kitchen Ltd", None, None, "9000",
                 None, None, "01/04/1998", "31/03/1999", None, "Quote", "No", "No"])
    return rows


@pytest.fixture
def long_register(store_url, engine, monkeypatch):
    """An empty store (no demo) holding the long register, and the contracts page on it as at DAY."""
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    load(engine, "register.csv", csv_bytes([CODE_HEADERS, *register_rows()]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["as_at"] = DAY
    at.run()
    at.switch_page("pages/contracts.py").run()
    assert not at.exception, at.exception
    return at


def register_table(at) -> pd.DataFrame:
    return at.dataframe[0].value


def test_a_long_register_shows_the_first_200_with_a_note(long_register):
    at = long_register
    total = LIVE_ROWS + 1
    assert {m.label: m.value for m in at.metric}["Live contracts"] == str(LIVE_ROWS)  # counts cover every contract
    assert f"{total} of {total} contracts" in texts(at)
    table = register_table(at)
    assert len(table) == contracts.SHOWN_ROWS
    assert list(table["Reference"][:3]) == ["C-0001", "C-0002", "C-0003"]  # live ones ending soonest first
    assert "OLD-999" not in set(table["Reference"])
    assert f"The table shows the first {contracts.SHOWN_ROWS}: live ones ending soonest" in texts(at)
    assert "Search or filter above to reach the others" in texts(at)
    assert f"The list offers the register table's {contracts.SHOWN_ROWS} of {total} contracts" in texts(at)
    assert len(at.selectbox(key="contracts_detail").options) == contracts.SHOWN_ROWS
    # the lists of the other tabs are bounded too: 365 contracts end within 12 months
    assert f"**Ending within 12 months** ({(contracts.add_months(DAY, 12) - DAY).days})" in texts(at)
    assert f"Showing {contracts.SHOWN_ROWS} of 365 contracts (ending soonest first)" in texts(at)
    assert all(len(t.value) <= contracts.SHOWN_ROWS for t in at.dataframe)
    # the supplier chart draws the largest suppliers and says what the others hold
    others = SUPPLIERS - contracts.VALUE_BARS
    assert (f"The {contracts.VALUE_BARS} suppliers with the most annual value of the {SUPPLIERS} with live contracts; "
            f"the other {others} hold") in texts(at)


def test_search_reaches_a_contract_outside_the_first_200(long_register):
    at = long_register
    at.text_input(key="contracts_text").set_value("meals on wheels").run()
    assert not at.exception
    assert list(register_table(at)["Reference"]) == ["OLD-999"]
    assert "The table shows the first" not in texts(at)  # one contract: no note
    picker = at.selectbox(key="contracts_detail")
    assert picker.value == "OLD-999"
    assert "Old Kitchen Ltd" in "\n".join(str(h.value) for h in at.get("html"))  # its detail
    at.text_input(key="contracts_text").set_value("").run()
    at.multiselect(key="contracts_supplier").set_value(["Old Kitchen Ltd"]).run()  # a filter reaches it too
    assert list(register_table(at)["Reference"]) == ["OLD-999"]


def test_the_transparency_export_covers_every_contract_not_the_first_200(long_register, store_url):
    at = long_register
    at.number_input(key="transparency_year").set_value(2008)
    at.selectbox(key="transparency_quarter").set_value(2).run()
    assert not at.exception
    assert f"{LIVE_ROWS} contracts over £5,000 in force during the quarter" in texts(at)
    assert f"for all {LIVE_ROWS}; the table shows the first {contracts.SHOWN_ROWS}" in texts(at)
    assert len(at.dataframe[-1].value) == contracts.SHOWN_ROWS
    seen = contracts.seen(db.get_engine(store_url), DAY)
    assert len(contracts.transparency_extract(seen, 2008, 2)) == LIVE_ROWS  # what the downloads are made from


def test_the_page_follows_the_store(store_url, tmp_path):
    """Its cached tables are keyed by the store's version: an import from the command line shows at the next rerun."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["as_at"] = DAY
    at.run()
    at.switch_page("pages/contracts.py").run()
    before = int({m.label: m.value for m in at.metric}["Live contracts"])
    (tmp_path / "new.csv").write_bytes(csv_bytes([
        ["Reference Number", "Title of Agreement", "Supplier Name", "Value of the Agreement", "Start Date",
         "End Date"],
        ["NEW-1", "Befriending", "Good Neighbours", "20000", "01/04/2008", "31/03/2010"]]))
    assert cli.main(["import", "contracts", str(tmp_path / "new.csv")]) == 0
    at.run()
    assert not at.exception
    assert int({m.label: m.value for m in at.metric}["Live contracts"]) == before + 1
    at.text_input(key="contracts_text").set_value("befriending").run()
    assert list(register_table(at)["Reference"]) == ["NEW-1"]


def test_an_empty_register_says_where_to_load_it(store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_NO_DEMO", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    at.switch_page("pages/contracts.py").run()
    assert not at.exception
    assert "No contracts in the store yet" in at.info[0].value


def test_relevance_order_and_the_largest_suppliers():
    day = DAY
    df = pd.DataFrame({
        "reference": list("ABCDEFG"),
        "status": ["Expired", "Live", "Not started", "Live", "Expired", "Live", "Not started"],
        "start_date": [dt.date(2000, 1, 1), None, dt.date(2009, 1, 1), None, None, None, dt.date(2008, 6, 1)],
        "end_date": [dt.date(2007, 1, 1), dt.date(2010, 1, 1), None, dt.date(2008, 5, 1), dt.date(2008, 3, 1),
                     None, None],
    })
    df["days_to_end"] = [(e - day).days if e is not None else None for e in df["end_date"]]
    assert list(contracts.by_relevance(df, day)["reference"]) == ["D", "B", "F", "G", "C", "E", "A"]
    grouped = pd.DataFrame({"supplier": [f"S{i}" for i in range(25)], "contracts": [1] * 25,
                            "annual": [float(100 - i) for i in range(25)]})
    grouped["share"] = grouped["annual"] / grouped["annual"].sum()
    drawn = contracts.value_bars(grouped, "By supplier", "suppliers")
    assert list(drawn.bars["supplier"]) == [f"S{i}" for i in range(contracts.VALUE_BARS)]  # the largest
    assert (drawn.categories, drawn.other_annual) == (25, sum(100.0 - i for i in range(20, 25)))
    assert drawn.bars["share"].sum() + drawn.other_share == pytest.approx(1.0)
    few = contracts.value_bars(grouped.head(5), "By supplier", "suppliers")
    assert few.bars.equals(grouped.head(5)) and few.other_annual == 0
