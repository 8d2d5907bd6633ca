"""The seed 004 workbooks as printed, and the illustrative earlier revenue reports, opened with openpyxl."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from lib.demo.workbooks import (
    ILLUSTRATIVE,
    illustrative_revenue_reports,
    illustrative_revenue_workbook,
    seed_capital_workbook,
    seed_revenue_workbook,
)

SERVICES = ["Older People's Services", "Learning Disabilities", "Physical & Sensory Disabilities",
            "Mental Health", "Head of Services & Policy & Development", "Supporting People",
            "Adult Services Business Unit", "CQP Management", "Planning Workforce & Compliance",
            "Performance Information & Quality"]
MARCH_LAST = [355, -530, 99, 151, 19, 0, 2, -63, -33, 0]
# columns (1-based) of the revenue sheet
LAST, AREA, EXP_PB, EXP_ACT, EXP_VAR, INC_PB, INC_ACT, INC_VAR, NET_PB, NET_ACT, NET_VAR = range(1, 12)
BUDGET, OUTTURN, VARIANCE, RAG, ACTION, REVISED, REVISED_RAG, NOTE = range(12, 20)
NUMERIC = [LAST, *range(EXP_PB, RAG), ACTION, REVISED]


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def revenue_rows(sheet):
    """{service area: row number} and the totals row number."""
    areas = {r: sheet.cell(r, AREA).value for r in range(1, sheet.max_row + 1)}
    lines = {area: r for r, area in areas.items() if area in SERVICES}
    total = next(r for r, area in areas.items() if area == "Total Adult Social Services")
    return lines, total


def column_a(sheet):
    return [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]


@pytest.fixture(scope="module")
def revenue():
    return sheet_of(seed_revenue_workbook())


@pytest.fixture(scope="module")
def capital():
    return sheet_of(seed_capital_workbook())


@pytest.fixture(scope="module")
def illustrative():
    return [(day, sheet_of(data)) for day, data in illustrative_revenue_reports()]


def test_revenue_layout_as_printed(revenue):
    assert revenue.title == "Revenue Monitoring"
    assert revenue["A1"].value == "ADULT SOCIAL SERVICES"
    assert revenue["A2"].value == "REVENUE BUDGET MONITORING SUMMARY"
    assert revenue["A4"].value == "EXPENDITURE/INCOME TO DATE (As at 31 March 2008)"
    assert revenue["L4"].value == "PROJECTED OUT-TURN"
    assert [revenue.cell(5, c).value for c in (1, 2, 3, 6, 9, 12, 18, 19)] == [
        "Last Net Projected Variance £", "Directorate/Service Area", "Expenditure", "Income", "Net", "Net",
        "Revised Financial RAG Status", "* Note"]
    assert revenue["C6"].value == "Profiled Budget £000" and revenue["M6"].value == "Proj'd out turn £000"
    assert revenue["Q6"].value == "Revised Projected Year end Variance Over(+)/Under(-) spend £000"
    merged = {str(r) for r in revenue.merged_cells.ranges}
    assert {"C5:E5", "F5:H5", "I5:K5", "A4:K4", "L4:S4"} <= merged
    assert revenue["B7"].value == "Adult Services"
    lines, total = revenue_rows(revenue)
    assert list(lines) == SERVICES and list(lines.values()) == [*range(8, 14), *range(15, 19)]
    assert revenue["B14"].value == "Commissioning, Quality & Performance" and total == 19


def test_revenue_figures_as_printed(revenue):
    lines, total = revenue_rows(revenue)
    older = [revenue.cell(lines["Older People's Services"], c).value for c in range(1, 20)]
    assert older == [355, "Older People's Services", 50177, 56874, 6697, -13009, -19374, -6365, 37168, 37500,
                     332, 37168, 37506, 338, "Red", 0, 338, "Red", 1]
    ld = lines["Learning Disabilities"]
    assert revenue.cell(ld, EXP_VAR).value == -3487 and revenue.cell(ld, VARIANCE).value == -657
    assert revenue.cell(ld, EXP_VAR).number_format == "#,##0;-#,##0"  # printed -3,487
    assert revenue.cell(ld, VARIANCE).number_format == "#,##0;(#,##0)"  # printed (657)
    assert revenue.cell(ld, INC_PB).number_format == "#,##0;(#,##0)"  # printed (12,541)
    assert [revenue.cell(r, LAST).value for r in lines.values()] == MARCH_LAST
    assert revenue.cell(total, BUDGET).value == 63256 and revenue.cell(total, OUTTURN).value == 63149
    assert revenue.cell(total, VARIANCE).value == -107 and revenue.cell(total, NET_VAR).value == -50
    for col in NUMERIC:
        assert revenue.cell(total, col).value == sum(revenue.cell(r, col).value for r in lines.values()), col
    for r in lines.values():
        values = [revenue.cell(r, c).value for c in NUMERIC]
        assert all(isinstance(v, int) for v in values)
        assert {revenue.cell(r, RAG).value, revenue.cell(r, REVISED_RAG).value} <= {"Red", "Green"}
    assert [revenue.cell(r, NOTE).value for r in lines.values()] == [1, 2, 3, 4, 5, None, 6, None, None, None]
    assert revenue.cell(total, RAG).value is None and revenue.cell(total, NOTE).value is None


def test_revenue_notes_below_the_table(revenue):
    a = column_a(revenue)
    reasons, actions = a.index("Main Reasons for Variance"), a.index("Proposed Actions to Address Variance")
    assert a[reasons + 2] == "1 Older People"
    assert a[reasons + 3].startswith("Continued increase in demand for Domiciliary Care")
    assert a[reasons + 4] is None and a[reasons + 5] == "2 Learning Disabilities"
    headings = [v for v in a[reasons:actions] if isinstance(v, str) and v[:1].isdigit()]
    assert [h.split()[0] for h in headings] == ["1", "2", "3", "4", "5", "6"]
    headings = [v for v in a[actions:] if isinstance(v, str) and v[:2] in ("1 ", "3 ", "4 ", "6 ")]
    assert headings == ["1 Older People", "3 Physical and Sensory Disabilities", "4 Mental Health",
                        "6 Commissioning, Quality and Performance"]
    assert any(isinstance(v, str) and v.startswith("Management actions continue") for v in a)
    assert "Performance" in a and any(isinstance(v, str) and "C72" in v for v in a)
    assert ILLUSTRATIVE not in a


def test_revenue_as_text_keeps_the_printed_strings():
    sheet = sheet_of(seed_revenue_workbook(as_text=True))
    lines, total = revenue_rows(sheet)
    ld = lines["Learning Disabilities"]
    assert sheet.cell(ld, LAST).value == "(530)" and sheet.cell(ld, EXP_PB).value == "24,975"
    assert sheet.cell(total, BUDGET).value == "63,256"


def test_capital_layout_and_figures(capital):
    assert capital.title == "Capital Monitoring"
    assert [capital.cell(r, 1).value for r in (1, 3, 5)] == [
        "CAPITAL EXPENDITURE MONITORING 2007-8", "Directorate Adult Services",
        "Monitoring Period : 1 April to 31 March 2008"]
    assert [capital.cell(7, c).value for c in (1, 2, 3, 7, 12, 13, 14)] == [
        "Expenditure Code", "Scheme description", "Approved Capital PROGRAMME 2007/08 £",
        "Scheme 2007/08 Funding Profile", "RAG Status", "Comment Note number", "Check total"]
    assert [capital.cell(8, c).value for c in (7, 9, 11)] == [
        "Specific Grant", "Other Contributions", "Unsupported Borrowing/Capital Receipts £"]
    assert [capital.cell(9, c).value for c in range(7, 11)] == ["£", "Detail", "£", "Detail"]
    assert {"G7:K7", "G8:H8", "I8:J8"} <= {str(r) for r in capital.merged_cells.ranges}

    rows = [[c.value for c in row] for row in capital.iter_rows(min_row=10)]
    schemes = [r for r in rows if isinstance(r[0], str) and r[0].startswith("UX")]
    assert [r[0] for r in schemes] == ["UXB149", "UXB150", "UXB151", "UXL128", "UXL135", "UXZ001", "UXZ004",
                                       "UXZ005", "UXH098", "UXH101", "UXT002"]
    assert schemes[0] == ["UXB149", "Adult's Older Peoples Modernisation Strategy", 10750000, 8501636,
                          10750000, None, None, None, None, None, 10750000, "A", 1, 0]
    assert schemes[1][8:10] == [250000, "PCT"] and schemes[2][6:8] == [400000, "DoH Grant"]
    assert [r[11] for r in schemes].count("A") == 4 and {r[11] for r in schemes} == {"A", "G"}
    assert [r[12] for r in schemes] == list(range(1, 12)) and all(r[13] == 0 for r in schemes)
    sections = [(r[1], r[13]) for r in rows if r[0] is None and r[1]]
    assert sections == [("Older People", None), ("Learning Disabilities", 0),
                        ("Strategic Maintenance Investment Programme", 0), ("Mental Health", 0),
                        ("Management Information", 0)]
    totals = next(r for r in rows if r[0] == "TOTALS")
    assert totals[2:7] == [11675047, 9214043, 11675047, 60887, 435000]
    assert totals[8] == 250000 and totals[10] == 10929160 and totals[13] == 0
    for col in (2, 3, 4, 5, 6, 8, 10):
        assert totals[col] == sum(r[col] or 0 for r in schemes)
    amount = capital.cell(10 + rows.index(totals), 3)
    assert amount.number_format == "#,##0;(#,##0)"

    a = column_a(capital)
    comments = a[a.index("Comments") + 2:]
    assert comments[0].startswith("1 Spending profile from external consultants")
    assert [c.split()[0] for c in comments] == [str(n) for n in range(1, 12)]


def test_illustrative_reports_lead_into_march(revenue, illustrative):
    assert [day for day, _ in illustrative] == [
        dt.date(2007, 8, 31), dt.date(2007, 9, 30), dt.date(2007, 10, 31), dt.date(2007, 11, 30),
        dt.date(2007, 12, 31), dt.date(2008, 1, 31), dt.date(2008, 2, 29)]
    march_lines, _ = revenue_rows(revenue)
    previous = None
    for day, sheet in illustrative:
        assert sheet.title == "Revenue Monitoring"
        assert ILLUSTRATIVE in column_a(sheet)[:4]
        assert f"(As at {day.day} {day:%B %Y})" in sheet["A5"].value
        lines, total = revenue_rows(sheet)
        assert list(lines) == SERVICES
        variances = [sheet.cell(r, OUTTURN).value - sheet.cell(r, BUDGET).value for r in lines.values()]
        assert variances == [sheet.cell(r, VARIANCE).value for r in lines.values()]
        last = [sheet.cell(r, LAST).value for r in lines.values()]
        assert last == (previous if previous else [0] * 10)
        previous = variances
        months = (day.month - 4) % 12 + 1
        for area, r in lines.items():
            budget = revenue.cell(march_lines[area], BUDGET).value
            assert sheet.cell(r, BUDGET).value == budget
            assert sheet.cell(r, NET_PB).value == round(budget * months / 12)
            assert abs(sheet.cell(r, NET_ACT).value - sheet.cell(r, NET_PB).value) <= abs(
                sheet.cell(r, VARIANCE).value)
            rag = "Red" if sheet.cell(r, VARIANCE).value > 0 else "Green"
            assert sheet.cell(r, RAG).value == rag and sheet.cell(r, REVISED_RAG).value == rag
            assert (sheet.cell(r, NOTE).value is not None) == (rag == "Red")
            assert sheet.cell(r, EXP_VAR).value == sheet.cell(r, EXP_ACT).value - sheet.cell(r, EXP_PB).value
            assert sheet.cell(r, NET_ACT).value == sheet.cell(r, EXP_ACT).value + sheet.cell(r, INC_ACT).value
        for col in NUMERIC:
            column = [sheet.cell(r, col).value for r in lines.values()]
            assert sheet.cell(total, col).value == sum(column), (day, col)
    assert previous == MARCH_LAST  # the February report's variances are March's "Last Net Projected Variance"


def test_illustrative_notes_for_overspending_lines(illustrative):
    day, sheet = illustrative[-1]
    lines, _ = revenue_rows(sheet)
    red = [area for area, r in lines.items() if sheet.cell(r, RAG).value == "Red"]
    assert red == ["Older People's Services", "Physical & Sensory Disabilities", "Mental Health",
                   "Head of Services & Policy & Development", "Adult Services Business Unit"]
    a = column_a(sheet)
    reasons, actions = a.index("Main Reasons for Variance"), a.index("Proposed Actions to Address Variance")
    for number in range(1, len(red) + 1):
        heading = next(i for i in range(reasons, actions)
                       if isinstance(a[i], str) and a[i].startswith(f"{number} "))
        assert a[heading + 1] and a[heading + 2] is None
        assert any(isinstance(v, str) and v.startswith(f"{number} ") for v in a[actions:])


def test_illustrative_workbook_fills_derived_columns():
    lines = [{"service_area": "Older People's Services", "exp_profiled": 100, "exp_actual": 120,
              "inc_profiled": -20, "inc_actual": -25, "annual_budget": 200, "outturn": 230,
              "last_variance": 10}]
    sheet = sheet_of(illustrative_revenue_workbook(dt.date(2007, 10, 31), lines))
    found, total = revenue_rows(sheet)
    row = [sheet.cell(found["Older People's Services"], c).value for c in range(1, 20)]
    assert row == [10, "Older People's Services", 100, 120, 20, -20, -25, -5, 80, 95, 15, 200, 230, 30, "Red",
                   0, 30, "Red", 1]
    assert sheet["A5"].value == "EXPENDITURE/INCOME TO DATE (As at 31 October 2007)"
    assert sheet.cell(total, OUTTURN).value == 230
