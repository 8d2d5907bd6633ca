"""Reading one cell: amounts, numbers, dates, RAG words, text.

Each reader takes the raw cell value (str, int, float, bool, date, datetime or None) and returns
the clean value, or raises BadValue with what was expected. Blank cells are handled by the caller.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import zoneinfo

from ..vocab import RAG_EXPECTED, rag_of


class BadValue(ValueError):
    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    return isinstance(value, str) and not value.strip()


def clean_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:  # whole and exact: 1250, not 1250.0
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


# whitespace (str.isspace, which str.split splits on) other than the space: in ASCII, then beyond
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_OTHER_SPACES = ("\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f"
                 "\u205f\u3000")


def untidy(joined: str) -> bool:
    """Whether clean_text would change any of the texts joined by "\x00": whitespace other than one space between
    words (a search for each such character is quicker than a regular expression over the whole column)."""
    if "  " in joined or "\x00 " in joined or " \x00" in joined or joined[:1] == " " or joined[-1:] == " ":
        return True
    return any(ch in joined for ch in (_ASCII_SPACES if joined.isascii() else _ASCII_SPACES + _OTHER_SPACES))


_TEXT_TYPES = frozenset((str, type(None)))


def clean_texts(values: list, blank: object = None) -> list:
    """clean_text of each value of a column, `blank` for None, a column at a time: a column of text already tidy
    (the usual) is taken as it is."""
    if set(map(type, values)) <= _TEXT_TYPES:
        present = [v for v in values if v is not None]
        if untidy("\x00".join(present)):
            return [blank if v is None else " ".join(v.split()) for v in values]
        if len(present) == len(values):
            return values
        return [blank if v is None else v for v in values]
    return [blank if v is None else clean_text(v) for v in values]


def _tidy_line(line: str) -> str:
    words = " ".join(line.split())
    return " " * (len(line) - len(line.lstrip(" "))) + words if words else ""


def clean_paragraphs(value: object) -> str:
    """Text whose line breaks matter (a cell of bulleted actions): spaces tidied within each line (its indent
    kept, for sub-bullets), blank lines at the ends and runs of blank lines dropped."""
    if not isinstance(value, str):
        return clean_text(value)
    lines = [_tidy_line(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")


# The largest amount or count read (either side of zero): no council figure comes near a trillion pounds, and
# beyond it a cell is a mistake - or 1e308, which becomes infinite once a £000 column is multiplied out.
MAX_MAGNITUDE = 1_000_000_000_000
EXPECTED_AMOUNT_RANGE = f"an amount between -£{MAX_MAGNITUDE:,} and £{MAX_MAGNITUDE:,}"
EXPECTED_NUMBER_RANGE = f"a number between -{MAX_MAGNITUDE:,} and {MAX_MAGNITUDE:,}"


def within_range(number: float, expected: str) -> float:
    """The number, when it is finite and no further from zero than MAX_MAGNITUDE; else BadValue(expected)."""
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        raise BadValue(expected)
    return number


_NIL = {"-", "–", "—", "nil"}
_AMOUNT = re.compile(
    r"""^(?P<neg1>-|−|–)?\s*(?P<open>\()?\s*(?P<neg2>-|−)?\s*£?\s*(?P<neg3>-)?\s*
        (?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*
        (?P<suffix>k|m|bn)?\s*(?P<close>\))?\s*(?P<cr>cr)?$""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_number(value: object) -> float:
    """An amount or count as written in a council sheet: 1,234  (530)  -3,487  £1.44m  £700k  -  ."""
    if isinstance(value, bool):
        raise BadValue("a number")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise BadValue("a number")
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        raise BadValue("a number, not a date")
    text = str(value).strip().replace("\u00a0", " ")
    if text.lower() in _NIL:
        return 0.0
    match = _AMOUNT.match(text)
    if not match or bool(match["open"]) != bool(match["close"]):
        raise BadValue("a number")
    negatives = sum(bool(match[g]) for g in ("neg1", "neg2", "neg3", "open", "cr"))
    if negatives > 1:  # '--5', '(-5)', '-5 CR': two ways of saying minus, and whether they cancel is anyone's guess
        raise BadValue("a number")
    number = float(match["num"].replace(",", ""))
    number *= {"k": 1e3, "m": 1e6, "bn": 1e9}.get((match["suffix"] or "").lower(), 1)
    if not math.isfinite(number):  # 400 digits make an infinite float
        raise BadValue("a number")
    return -number if negatives else number


def parse_amount(value: object) -> float:
    try:
        return parse_number(value)
    except BadValue:
        raise BadValue("an amount") from None


def parse_share(value: object) -> float:
    """A share as a fraction 0-1: 0.35, 35%, '35 %' or 35 (read as per cent when above 1)."""
    text = str(value).strip() if isinstance(value, str) else None
    try:
        if text is not None and text.endswith("%"):
            share = parse_number(text[:-1]) / 100
        else:
            share = parse_number(value)
            if share > 1:
                share /= 100
    except BadValue:
        raise BadValue("a percentage") from None
    if not 0 <= share <= 1:
        raise BadValue("a percentage between 0 and 100")
    return share


_YES = {"yes", "y", "true", "1", "x", "✓"}
_NO = {"no", "n", "false", "0", "-"}


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_text(value).lower().rstrip(".")
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadValue("yes or no")


def parse_rag(value: object) -> str:
    rag = rag_of(clean_text(value))
    if rag is None:
        raise BadValue(RAG_EXPECTED)
    return rag


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

# a time after the date is allowed (Excel writes dates into a CSV as "31/03/2020 00:00"); the date is what is read
_DMY = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{2}|[0-9]{4})(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
# machine date-times: 2020-06-03T00:00:00Z, 2020-06-03 09:30:00+01:00
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?"
                  r"(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$", re.IGNORECASE)
_UK = zoneinfo.ZoneInfo("Europe/London")
_D_MON_Y = re.compile(
    rf"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?([0-9]{{1,2}})(?:st|nd|rd|th)?[\s\-/.]*({_MONTH_RE})\.?,?[\s\-/.]*([0-9]{{2}}|[0-9]{{4}})$",
    re.IGNORECASE,
)
_MON_D_Y = re.compile(rf"^({_MONTH_RE})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})$", re.IGNORECASE)
_MON_Y = re.compile(rf"^({_MONTH_RE})\.?[\s\-/']*([0-9]{{2}}|[0-9]{{4}})$", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue("a real date (day/month/year)") from None


def _uk_date(m: re.Match) -> dt.date:
    zone = m[7].upper()
    if zone == "Z":
        offset = dt.timedelta(0)
    else:
        digits = zone[1:].replace(":", "")
        offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0)) * (-1 if zone[0] == "-" else 1)
    try:
        moment = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0),
                             tzinfo=dt.timezone(offset))
    except ValueError:
        raise BadValue("a real date (day/month/year)") from None
    return moment.astimezone(_UK).date()


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


TIME_NOT_DATE = ("a date (day/month/year), not a time of day: the cell holds a time only (a date cell holding 0 "
                 "shows as 00:00:00)")


def parse_date(value: object, *, allow_month: bool = False, serials: bool = True) -> dt.date:
    """A UK day-first date: 31/03/2008, 31/03/08, 31-Mar-2008, 4th April, 2008, 2008-03-31, an Excel
    date cell or serial number. With allow_month, "June 2008" and "March 06" give the month's end."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):  # python-calamine reads Excel's day 0, and time-only cells, as a time
        raise BadValue(TIME_NOT_DATE)
    if isinstance(value, dt.timedelta):
        raise BadValue("a date (day/month/year), not a length of time")
    if isinstance(value, bool):
        raise BadValue("a date (day/month/year)")
    if isinstance(value, (int, float)):
        if serials and 20000 <= value <= 80000:  # Excel serials for 1954-2119
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue("a date (day/month/year)")
    text = re.sub(r"\s+", " ", str(value)).strip()
    if m := _DMY.match(text):
        return _make_date(_year(m[3]), int(m[2]), int(m[1]))
    if m := _ISO.match(text):
        if m[7]:  # a moment in a time zone: the date it was in the UK (a UK midnight is often 23:00Z)
            return _uk_date(m)
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _D_MON_Y.match(text):
        return _make_date(_year(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if m := _MON_D_Y.match(text):
        return _make_date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if allow_month and (m := _MON_Y.match(text)):
        return month_end(_year(m[2]), _MONTHS[m[1].lower()])
    raise BadValue("a date (day/month/year)")


_AS_AT = re.compile(
    rf"(?:as\s+at|as\s+of|position\s+at|to|ending|ended)\s+([0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?,?\s+[0-9]{{4}}|[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{2,4}})",
    re.IGNORECASE,
)


def find_reporting_date(text: str) -> dt.date | None:
    """The reporting date in a title: "As at 31 March 2008", "Monitoring Period : 1 April to 31 March 2008"."""
    found = None
    for match in _AS_AT.finditer(text):
        try:
            found = parse_date(match.group(1))
        except BadValue:
            continue
        if match.group(0).lower().startswith("as"):
            return found
    return found


_FIN_YEAR = re.compile(r"\b([0-9]{2}|[0-9]{4})\s*/\s*([0-9]{2})\b")
_FIN_QUARTER = re.compile(r"\bQ([1-4])\s*,?\s*([0-9]{2}|[0-9]{4})\s*/\s*([0-9]{2})\b", re.IGNORECASE)
_RANGE = re.compile(r"\s+(?:-|–|—|to|until)\s+", re.IGNORECASE)
_EMBEDDED_DATE = re.compile(
    r"\b[0-9]{1,2}(?:st|nd|rd|th)?[\s\-/.]+(?:[0-9]{1,2}|[A-Za-z]{3,9})\.?,?[\s\-/.]+[0-9]{2,4}\b")
_EMBEDDED_MONTH = re.compile(rf"\b({_MONTH_RE})\.?,?\s+'?([0-9]{{4}}|[0-9]{{2}})\b", re.IGNORECASE)


def _date_in(text: str) -> dt.date | None:
    try:
        return parse_date(text, allow_month=True, serials=False)
    except BadValue:
        return None


def parse_due(value: object) -> tuple[dt.date | None, str | None]:
    """A due date as plans write it: (the date or None, the words when they are more than a plain date).

    "31/03/05" and "4th April, 2008" are dates; "June 2008" and "March 06" are month ends; "Outline proposals
    March 06" is March 2006 with the words kept; "Implement 06/07" is the end of that financial year (31 March
    2007); "Q2 2008/09" is the end of that quarter of the financial year (30 September 2008); "Mar 2009 - Jun
    2009" is due at the end of the range; "TBC", "Summer 05" and "To be determined ..." have no date and are kept
    as written."""
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_date(value), None
    text = clean_text(value)
    try:
        return parse_date(text, allow_month=True, serials=False), None
    except BadValue:
        pass
    if m := _FIN_QUARTER.search(text):  # "Q2 2008/09": quarters of the financial year, April to June first
        start, end = _year(m.group(2)), int(m.group(3))
        if (start + 1) % 100 == end:
            quarter = int(m.group(1))
            return (month_end(start, 3 * quarter + 3) if quarter < 4 else dt.date(start + 1, 3, 31)), text
    parts = _RANGE.split(text)
    if len(parts) == 2 and all(_date_in(p) for p in parts):  # "Mar 2009 - Jun 2009": due at the end
        return _date_in(parts[1]), text
    if m := _EMBEDDED_DATE.search(text):
        try:
            return parse_date(m.group(0)), text
        except BadValue:
            pass
    if m := _EMBEDDED_MONTH.search(text):
        return month_end(_year(m.group(2)), _MONTHS[m.group(1).lower()]), text
    if m := _FIN_YEAR.search(text):
        start, end = _year(m.group(1)), int(m.group(2))
        if (start + 1) % 100 == end:
            return dt.date(start + 1, 3, 31), text
    return None, text
