"""cache.chart: a chart drawn from its cached Vega-Lite spec is the very element st.altair_chart would send (spec,
data and theme; the width is passed as given), and a change to any cell of its data makes a new one, never a stale
chart."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib.ui import cache


def drawn(at: AppTest) -> list:
    """The Vega-Lite elements the script sent, in order."""
    return [e.proto for e in at.main.children.values() if getattr(e, "type", None) == "vega_lite_chart"]


def script():
    import datetime as dt

    import pandas as pd
    import streamlit as st

    from lib import charts
    from lib.ui import cache

    trend = pd.DataFrame({"as_at": [dt.date(2025, 4, 30), dt.date(2025, 5, 31)] * 2,
                          "service_area": ["A", "A", "B", "B"], "variance": [1e3, 2e3, -5e3, 4e3],
                          "annual_budget": [1e6] * 4})
    bars = pd.DataFrame({"supplier": ["X", "Y"], "contracts": [2, 1], "annual": [3000.0, 1000.0],
                         "share": [0.75, 0.25]})
    changed = bars.assign(annual=[3000.0, 1001.0])
    indicators = pd.DataFrame({"as_at": [dt.date(2025, 4, 30), dt.date(2025, 5, 31)], "label": ["NI 1"] * 2,
                               "actual": [50.0, 55.0], "target": [60.0, 60.0], "rag": ["Red", "Amber"]})
    for _ in range(2):  # the second time from the cache
        st.altair_chart(charts.variance_trend_by_area(trend), width="stretch")
        cache.chart(charts.variance_trend_by_area, trend)
        st.altair_chart(charts.value_bars(bars, "supplier", "By supplier"), width="stretch")
        cache.chart(charts.value_bars, bars, "supplier", "By supplier")
        st.altair_chart(charts.value_bars(changed, "supplier", "By supplier"), width="stretch")
        cache.chart(charts.value_bars, changed, "supplier", "By supplier")
        st.altair_chart(charts.indicator_trend(indicators), width="content")
        cache.chart(charts.indicator_trend, indicators, width="content")


def test_a_cached_chart_is_the_element_altair_chart_sends_and_follows_its_data():
    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception, at.exception
    protos = drawn(at)
    assert len(protos) == 16
    for own, cached in zip(protos[0::2], protos[1::2]):
        assert own == cached  # spec, datasets (Arrow), width and theme
    assert protos[2] != protos[4]  # one cell changed: another chart
    assert protos[:8] == protos[8:]


def test_the_digest_covers_every_cell_and_column():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", None]})
    assert cache.digest((df, "t")) == cache.digest((df.copy(), "t"))
    assert cache.digest((df,)) != cache.digest((df.assign(a=[1.0, 2.5]),))
    assert cache.digest((df,)) != cache.digest((df.assign(b=["x", "y"]),))
    assert cache.digest((df,)) != cache.digest((df.rename(columns={"b": "c"}),))
    assert cache.digest((df, "t")) != cache.digest((df, "u"))
