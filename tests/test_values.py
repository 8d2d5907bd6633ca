import datetime as dt

import pytest

from lib.ingest.values import BadValue, find_reporting_date, parse_amount, parse_date, parse_rag, parse_share


@pytest.mark.parametrize("text, expected", [
    ("1,234", 1234), ("(530)", -530), ("-3,487", -3487), ("£1,234.50", 1234.5), ("(£63)", -63),
    ("£-63", -63), ("-£63", -63), ("£700k", 700_000), ("£1.44m", 1_440_000), ("  12 ", 12), ("-", 0),
    (37168, 37168), (-0.5, -0.5), ("1,234 CR", -1234), ("0", 0),
])
def test_amounts_as_councils_write_them(text, expected):
    assert parse_amount(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["n/a", "TBC", "12a", "(12", "1,23,4", "£", dt.date(2008, 3, 31), True,
                                  "--5", "(-5)", "(£-5)", "-5 CR", "(5) cr"])
def test_text_is_not_an_amount(text):
    with pytest.raises(BadValue) as exc:
        parse_amount(text)
    assert "amount" in exc.value.expected


@pytest.mark.parametrize("text, expected", [
    ("31/03/2008", dt.date(2008, 3, 31)), ("31/03/08", dt.date(2008, 3, 31)), ("1/4/2008", dt.date(2008, 4, 1)),
    ("31-Mar-2008", dt.date(2008, 3, 31)), ("31 March 2008", dt.date(2008, 3, 31)),
    ("4th April, 2008", dt.date(2008, 4, 4)), ("2008-03-31", dt.date(2008, 3, 31)),
    ("31.03.2008", dt.date(2008, 3, 31)), (dt.datetime(2008, 3, 31, 0, 0), dt.date(2008, 3, 31)),
    (39538, dt.date(2008, 3, 31)), ("March 31, 2008", dt.date(2008, 3, 31)),
])
def test_uk_day_first_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2008", "13/13/2008", "soon", "June 2008", "32/01/2008"])
def test_impossible_or_vague_dates_are_refused(text):
    with pytest.raises(BadValue):
        parse_date(text)


def test_month_only_dates_are_month_ends_when_allowed():
    assert parse_date("June 2008", allow_month=True) == dt.date(2008, 6, 30)
    assert parse_date("March 06", allow_month=True) == dt.date(2006, 3, 31)
    assert parse_date("Feb 2008", allow_month=True) == dt.date(2008, 2, 29)


@pytest.mark.parametrize("text, expected", [("Red", "Red"), ("R", "Red"), ("amber", "Amber"), ("A", "Amber"),
                                            ("G", "Green"), (" green ", "Green")])
def test_rag_words_and_letters(text, expected):
    assert parse_rag(text) == expected


def test_unknown_rag_word_is_refused():
    with pytest.raises(BadValue) as exc:
        parse_rag("Purple")
    assert "Red, Amber, Green" in exc.value.expected


def test_shares():
    assert parse_share("35%") == pytest.approx(0.35)
    assert parse_share(0.6) == pytest.approx(0.6)
    assert parse_share(60) == pytest.approx(0.6)
    with pytest.raises(BadValue):
        parse_share("140%")


@pytest.mark.parametrize("title, expected", [
    ("EXPENDITURE/INCOME TO DATE (As at 31 March 2008)", dt.date(2008, 3, 31)),
    ("Monitoring Period : 1 April to 31 March 2008", dt.date(2008, 3, 31)),
    ("Budget monitoring as at 30/09/2007", dt.date(2007, 9, 30)),
    ("Revenue budget monitoring summary", None),
])
def test_reporting_date_in_titles(title, expected):
    assert find_reporting_date(title) == expected
