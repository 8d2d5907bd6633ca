"""Seed 004's two monitoring tables (Rotherham, Cabinet Member pack of 21 April 2008) as the .xlsx workbooks
an officer would keep, laid out as printed: title rows, a grouped three-row header with merged group labels,
section rows, a totals row, the numbered notes below.

Also illustrative earlier monthly revenue reports for 2007/08 in the same layout, so that movement and trend
show. They say they are illustrative in a title row; the February report's projected variances equal the March
report's "Last Net Projected Variance" column, and each report's "Last" column is the month before's variance.

Revenue sheet 'Revenue Monitoring' (£000), seed: rows 1-2 titles, row 3 blank, rows 4-6 header, data from 7
(an illustrative report has its disclaimer in row 3, a blank row 4, header rows 5-7):
  A Last Net Projected Variance, B Directorate/Service Area, C-E Expenditure (profiled, actual, variance),
  F-H Income (same), I-K Net to date (same), L Annual Budget, M Proj'd out turn, N Variance, O Current RAG,
  P Financial Impact of Management Action, Q Revised Projected Year end Variance, R Revised RAG, S * Note.
Capital sheet 'Capital Monitoring' (£): rows 1, 3, 5 titles, rows 7-9 header, data from 10:
  A Expenditure Code, B Scheme description, C Approved, D Actual, E Projected, F SCE, G-K Funding Profile
  (G grant £, H detail, I other £, J detail, K unsupported borrowing/capital receipts £), L RAG, M Note,
  N Check total.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0;(#,##0)"
MINUS_FORMAT = "#,##0;-#,##0"  # the revenue "to date" variance columns print -3,487, not (3,487)
ILLUSTRATIVE = "Illustrative figures for demonstration - not from the council's reports"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# --------------------------------------------------------------------------------------------------- revenue

REVENUE_SHEET = "Revenue Monitoring"
REVENUE_SECTIONS = ("Adult Services", "Commissioning, Quality & Performance")
# The keys of a revenue line, in column order A..S ("section" says which section row it sits under).
REVENUE_KEYS = ("last_variance", "service_area", "exp_profiled", "exp_actual", "exp_variance", "inc_profiled",
                "inc_actual", "inc_variance", "net_profiled", "net_actual", "net_variance", "annual_budget",
                "outturn", "variance", "current_rag", "management_action", "revised_variance", "revised_rag",
                "note")
_TEXT_KEYS = {"service_area", "current_rag", "revised_rag", "note"}
_MINUS_COLUMNS = {5, 11}  # E and K


def _line(section: str, area: str, *figures) -> dict:
    keys = [k for k in REVENUE_KEYS if k != "service_area"]
    return {"section": section, "service_area": area, **dict(zip(keys, figures, strict=True))}


_AS, _CQP = REVENUE_SECTIONS
# As printed in seed 004, as at 31 March 2008 (£000; bracketed and minus-signed negatives both as numbers).
REVENUE_LINES: list[dict] = [
    _line(_AS, "Older People's Services", 355, 50177, 56874, 6697, -13009, -19374, -6365, 37168, 37500, 332,
          37168, 37506, 338, "Red", 0, 338, "Red", 1),
    _line(_AS, "Learning Disabilities", -530, 24975, 21488, -3487, -12541, -9629, 2912, 12434, 11859, -575,
          12434, 11777, -657, "Green", 0, -657, "Green", 2),
    _line(_AS, "Physical & Sensory Disabilities", 99, 5998, 6449, 451, -842, -1145, -303, 5156, 5304, 148,
          5156, 5269, 113, "Red", 0, 113, "Red", 3),
    _line(_AS, "Mental Health", 151, 4755, 5056, 301, -1340, -1417, -77, 3415, 3639, 224, 3415, 3607, 192,
          "Red", 0, 192, "Red", 4),
    _line(_AS, "Head of Services & Policy & Development", 19, 339, 376, 37, -61, -65, -4, 278, 311, 33, 278,
          299, 21, "Red", 0, 21, "Red", 5),
    _line(_AS, "Supporting People", 0, 7878, 7630, -248, -7784, -7536, 248, 94, 94, 0, 94, 94, 0, "Green", 0,
          0, "Green", None),
    _line(_CQP, "Adult Services Business Unit", 2, 2969, 2876, -93, -89, -26, 63, 2880, 2850, -30, 2881, 2894,
          13, "Red", 0, 13, "Red", 6),
    _line(_CQP, "CQP Management", -63, 289, 176, -113, -27, 0, 27, 262, 176, -86, 262, 198, -64, "Green", 0,
          -64, "Green", None),
    _line(_CQP, "Planning Workforce & Compliance", -33, 1603, 1585, -18, -642, -677, -35, 961, 908, -53, 961,
          914, -47, "Green", 0, -47, "Green", None),
    _line(_CQP, "Performance Information & Quality", 0, 617, 569, -48, -9, -4, 5, 608, 565, -43, 607, 591,
          -16, "Green", 0, -16, "Green", None),
]

REVENUE_HEADER_3 = [
    "Profiled Budget £000", "Actual Spend to date £000", "Variance (Over (+) / Under (-) Spend) £000",
    "Profiled Budget £000", "Actual Income to date £000", "Variance (Over (+) / Under (-) Recovered) £000",
    "Profiled Budget £000", "Actual Net Expenditure to date £000",
    "Variance (Over (+) / Under (-) Spend) £000",
    "Annual Budget £000", "Proj'd out turn £000", "Variance (Over (+) / Under (-) Spend) £000",
    "Current Financial RAG Status", "Financial Impact of Management Action £000",
    "Revised Projected Year end Variance Over(+)/Under(-) spend £000",
]

REVENUE_REASONS = {
    1: ("Older People",
        "Continued increase in demand for Domiciliary Care services over and above budget due to "
        "demographic pressures including a shortfall against budget in income from Charges (£700k). "
        "Pressure on in-house residential care due to increase in cost of cover plus (£456k) pressures on "
        "in-house day care (£30k) and overspend on Domiciliary care management and admin teams (£100k). "
        "Pressures being reduced by additional income from property charges (-£761k) and underspend on "
        "intermediate care beds (-£54k). Slippage in the start up of Extra Care Housing at Potteries Court "
        "(-£180k)."),
    2: ("Learning Disabilities",
        "Recurrent overspend on day care transport (£105k) offset by slippage on the start up of new "
        "Supported Living Schemes (-£396k) and further underspend on residential care placements (-£337k) "
        "due to additional income from Continuing Health Care."),
    3: ("Physical and Sensory Disabilities",
        "Increases in admissions to residential care over and above budget - net 5 additional placements "
        "this year plus cost of full year effect of an additional 4 placements made in March 2007 (£76k), "
        "being reduced by additional income from Independent Living Fund (£-58k). Increase in cost of care "
        "packages for clients receiving Home Care (£22k) plus overspend on Direct Payments (£132k) being "
        "reduced by underspend on Assessment and Care Management employee costs (-£70k)."),
    4: ("Mental Health",
        "Overspend on residential care due to additional placements (£147k) and direct payments (£45k)."),
    5: ("Head of Services & Policy & Development",
        "Cost of Absence Officer post unbudgeted (£21k), savings from reduced sickness absence across all "
        "other client groups."),
    6: ("Commissioning, Quality and Performance",
        "Non achievement of Business Unit vacancy factor (£14k), increased costs of recruitment (£58k) "
        "offset by underspend on vacant posts and RBT affordability charge (-£185k)"),
}
REVENUE_ACTIONS = {
    1: ("Older People",
        "Review of provision of high cost Direct Payments and continuation of the review of placements at "
        "Senior Managers Panel. Reviews on a number of services including Meals on Wheels and Transport to "
        "all client groups in order to identify potential savings."),
    3: ("Physical and Sensory Disabilities",
        "Review of the cost of care packages for Residential care and Home Care plus Direct payments."),
    4: ("Mental Health",
        "Efficiency savings being agreed with providers, examination of other funding streams including "
        "the use of capital resources."),
    6: ("Commissioning, Quality and Performance",
        "All vacancies continue to be vetted and approved by each Service Director. Monitor and challenge "
        "all corporate charges."),
}
NOTES_PREAMBLE = [
    "Reason for Variance(s), Actions Proposed and Intended Impact on Performance",
    None,
    "NOTES Reasons for Variance(s) and Proposed Actions",
    None,
    "Indicate reasons for variance (e.g. increased costs or client numbers or under performance against "
    "income targets) and actions proposed to address the",
    None,
]
MANAGEMENT_ACTIONS_TEXT = (
    "Management actions continue to be developed to ensure expenditure is contained within the approved "
    "cash limited budget, including the operation of regular finance performance clinics and the "
    "continuation of the Senior Officer Panel to review all care packages.")
PERFORMANCE_TEXT = [
    "Performance",
    "(List key targets and RAG status- highlight impact of actions intended to address budget)",
    "Residential/Nursing Care",
    "Performance indicator C72 - national target to reduce admissions (Target 95) - currently predicted "
    "(94.6).",
    "Home care",
    "Any reduction in the numbers of intensive home care packages (i.e. more than 10 hours and 5 visits of "
    "care per week) would have a negative impact on performance indicator C28, which is currently off "
    "target (Target 16, performance 13.94).",
    "Direct Payments",
    "The increasing numbers is improving performance on key performance indicator C51. Reducing "
    "expenditure in line with budget would have an adverse effect on performance and may impact on Star "
    "ratings. Target 150 - current score 161)",
]


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _long_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _printed(value):
    """A figure as the paper prints it, for a sheet kept as text: 50,177  (657)  0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return f"({abs(value):,.0f})" if value < 0 else f"{value:,.0f}"


def _merge(sheet: Worksheet, row: int, col: int, end_row: int, end_col: int) -> None:
    sheet.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)


def _paragraphs(sheet: Worksheet, heading: str, notes: dict[int, tuple[str, str]]) -> None:
    """A heading, then per note: "1 Older People", its paragraph in the next row, a blank row."""
    sheet.append([heading])
    sheet.append([])
    for number, (title, text) in sorted(notes.items()):
        sheet.append([f"{number} {title}"])
        sheet.append([text])
        sheet.append([])


def _revenue_book(as_at: dt.date, lines: list[dict], reasons: dict, actions: dict, *, illustrative: bool,
                  performance: bool, as_text: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = REVENUE_SHEET
    titles = ["ADULT SOCIAL SERVICES", "REVENUE BUDGET MONITORING SUMMARY"]
    if illustrative:
        titles.append(ILLUSTRATIVE)
    for text in titles:
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    top = len(titles) + 2  # (a blank appended row does not count in max_row)
    sheet.append([f"EXPENDITURE/INCOME TO DATE (As at {_long_date(as_at)})", *[None] * 10,
                  "PROJECTED OUT-TURN"])
    sheet.append(["Last Net Projected Variance £", "Directorate/Service Area", "Expenditure", None, None,
                  "Income", None, None, "Net", None, None, "Net", None, None, None, None, None,
                  "Revised Financial RAG Status", "* Note"])
    sheet.append([None, None, *REVENUE_HEADER_3])
    _merge(sheet, top, 1, top, 11)
    _merge(sheet, top, 12, top, 19)
    for first in (3, 6, 9):
        _merge(sheet, top + 1, first, top + 1, first + 2)
    _merge(sheet, top + 1, 12, top + 1, 17)
    for col in (1, 2, 18, 19):
        _merge(sheet, top + 1, col, top + 2, col)
    for row in sheet.iter_rows(min_row=top, max_row=top + 2):
        for cell in row:
            cell.font, cell.alignment = BOLD, WRAP

    numeric = [k for k in REVENUE_KEYS if k not in _TEXT_KEYS]
    totals = dict.fromkeys(numeric, 0)
    section = None
    for line in lines:
        if line["section"] != section:
            section = line["section"]
            sheet.append([None, section])
            sheet.cell(sheet.max_row, 2).font = BOLD
        values = [line.get(k) for k in REVENUE_KEYS]
        for k in numeric:
            totals[k] += line[k]
        sheet.append([_printed(v) for v in values] if as_text else values)
    total_row = [None if k in _TEXT_KEYS else totals[k] for k in REVENUE_KEYS]
    total_row[1] = "Total Adult Social Services"
    sheet.append([_printed(v) for v in total_row] if as_text else total_row)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in sheet.iter_rows(min_row=top + 3, max_row=sheet.max_row, max_col=18):
        for cell in row:
            if isinstance(cell.value, (int, float)):
                cell.number_format = MINUS_FORMAT if cell.column in _MINUS_COLUMNS else AMOUNT_FORMAT

    sheet.append([])
    for text in NOTES_PREAMBLE:
        sheet.append([text] if text else [])
    _paragraphs(sheet, "Main Reasons for Variance", reasons)
    if actions:
        _paragraphs(sheet, "Proposed Actions to Address Variance", actions)
    sheet.append([MANAGEMENT_ACTIONS_TEXT])
    if performance:
        for text in PERFORMANCE_TEXT:
            sheet.append([])
            sheet.append([text])

    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 38
    for col in "CDEFGHIJKLMNOPQRS":
        sheet.column_dimensions[col].width = 12
    sheet.freeze_panes = sheet.cell(top + 3, 3)
    return _save(book)


def seed_revenue_workbook(*, as_text: bool = False) -> bytes:
    """Seed 004's revenue table as at 31 March 2008, as printed (figures as numbers; with as_text, as the
    printed strings "50,177", "(657)" - another way an officer's sheet arrives)."""
    return _revenue_book(dt.date(2008, 3, 31), REVENUE_LINES, REVENUE_REASONS, REVENUE_ACTIONS,
                         illustrative=False, performance=True, as_text=as_text)


# --------------------------------------------------------------------------------------------------- capital

CAPITAL_SHEET = "Capital Monitoring"
CAPITAL_GROUPS = ("Older People", "Learning Disabilities", "Strategic Maintenance Investment Programme",
                  "Mental Health", "Management Information")
# (group, code, scheme, approved, actual, projected, SCE, grant £, grant detail, other £, other detail,
#  unsupported borrowing/capital receipts £, RAG, note) - £, as printed in seed 004 (to 31 March 2008)
CAPITAL_SCHEMES = [
    (0, "UXB149", "Adult's Older Peoples Modernisation Strategy", 10750000, 8501636, 10750000, None, None,
     None, None, None, 10750000, "A", 1),
    (0, "UXB150", "Assistive Technology", 250000, 235898, 250000, None, None, None, 250000, "PCT", None, "A",
     2),
    (0, "UXB151", "Residential Care - Improving the Environment", 400000, 343975, 400000, None, 400000,
     "DoH Grant", None, None, None, "G", 3),
    (1, "UXL128", "Addison Day Centre/Parkhill Lodge", 4561, 0, 0, None, None, None, None, None, 4561, "G",
     4),
    (1, "UXL135", "LDDF for Supported Living", 0, 0, 0, None, None, None, 0, "PCT", None, "A", 5),
    (2, "UXZ001", "Oaks Day Centre Alterations", 486, 3152, 5047, None, None, None, None, None, 486, "G", 6),
    (2, "UXZ004", "Addison Day Centre - Alterations", 50000, 1246, 50000, None, None, None, None, None, 50000,
     "G", 7),
    (2, "UXZ005", "Oaks Day Centre Alterations - Phase 2", 100000, 95824, 100000, None, None, None, None,
     None, 100000, "G", 8),
    (3, "UXH098", "Cedar House", 10000, 7825, 10000, None, None, None, None, None, 10000, "A", 9),
    (3, "UXH101", "Supported Capital Expenditure", 75000, 23987, 75000, 60887, None, None, None, None, 14113,
     "G", 10),
    (4, "UXT002", "Improving Information Management Grant", 35000, 500, 35000, None, 35000, "DoH Grant", None,
     None, None, "G", 11),
]
CAPITAL_COMMENTS = [
    "Spending profile from external consultants who project managing the scheme now confirm £10.750m spend "
    "in 2007/08",
    "Review of spending profile in respect of Telehealth and Telecare equipment confirm balance to be "
    "carried forward into 2008/09.",
    "Department of Health Capital Grant allocated in 2007/08",
    "Funding from PCT will be vired to fund the budget deficit on UXZ001 - Oaks Day centre",
    "Funding is earmarked for equipment within supported living schemes in 2008/09.",
    "Final costs on scheme - see note 4 above.",
    "New approved scheme commenced March 2008.",
    "New approved scheme now completed.",
    "Committed expenditure on providing support for early interventions and crisis move on.",
    "Committed funding on developing new supported living schemes plus Individual Budgets and direct "
    "payments",
    "Department of Health Capital Grant - balance can be carried forward into 2008/09",
]
_CAPITAL_AMOUNT_COLUMNS = (3, 4, 5, 6, 7, 9, 11)  # C D E F G I K


def _check_total(scheme: tuple) -> int:
    """The paper's check column: approved programme less the funding profile (0 on every printed row)."""
    return scheme[3] - sum(v or 0 for v in (scheme[6], scheme[7], scheme[9], scheme[11]))


def seed_capital_workbook() -> bytes:
    """Seed 004's capital table, monitoring period 1 April 2007 to 31 March 2008, as printed."""
    book = Workbook()
    sheet = book.active
    sheet.title = CAPITAL_SHEET
    for text in ("CAPITAL EXPENDITURE MONITORING 2007-8", "Directorate Adult Services",
                 "Monitoring Period : 1 April to 31 March 2008"):
        sheet.append([text])
        sheet.cell(sheet.max_row, 1).font = BOLD
        sheet.append([])
    top = 7  # titles in rows 1, 3 and 5
    sheet.append(["Expenditure Code", "Scheme description", "Approved Capital PROGRAMME 2007/08 £",
                  "Actual Expenditure 01/04/07 - 31/03/08 £", "Projected Expenditure to 31/03/2008 £",
                  "Supported Capital Expenditure (SCE) £", "Scheme 2007/08 Funding Profile", None, None, None,
                  None, "RAG Status", "Comment Note number", "Check total"])
    sheet.append([None] * 6 + ["Specific Grant", None, "Other Contributions", None,
                               "Unsupported Borrowing/Capital Receipts £"])
    sheet.append([None] * 6 + ["£", "Detail", "£", "Detail"])
    _merge(sheet, top, 7, top, 11)
    _merge(sheet, top + 1, 7, top + 1, 8)
    _merge(sheet, top + 1, 9, top + 1, 10)
    _merge(sheet, top + 1, 11, top + 2, 11)
    for col in (1, 2, 3, 4, 5, 6, 12, 13, 14):
        _merge(sheet, top, col, top + 2, col)
    for row in sheet.iter_rows(min_row=top, max_row=top + 2):
        for cell in row:
            cell.font, cell.alignment = BOLD, WRAP

    group = None
    totals = dict.fromkeys(_CAPITAL_AMOUNT_COLUMNS, 0)
    check = 0
    for s in CAPITAL_SCHEMES:
        if s[0] != group:
            group = s[0]
            # the paper prints a 0 check total on every section row but the first
            sheet.append([None, CAPITAL_GROUPS[group]] + [None] * 11 + [0 if group else None])
            sheet.cell(sheet.max_row, 2).font = BOLD
        row = [s[1], s[2], *s[3:14], _check_total(s)]
        sheet.append(row)
        for col in _CAPITAL_AMOUNT_COLUMNS:
            totals[col] += row[col - 1] or 0
        check += row[13]
    total_row: list = ["TOTALS"] + [None] * 13
    for col, value in totals.items():
        total_row[col - 1] = value
    total_row[13] = check
    sheet.append(total_row)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in sheet.iter_rows(min_row=top + 3, max_row=sheet.max_row):
        for cell in row:
            if isinstance(cell.value, (int, float)) and cell.column != 13:
                cell.number_format = AMOUNT_FORMAT

    sheet.append([])
    sheet.append(["Comments"])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    for number, text in enumerate(CAPITAL_COMMENTS, start=1):
        sheet.append([f"{number} {text}"])

    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 44
    for col in "CDEFGHIJKLMN":
        sheet.column_dimensions[col].width = 14
    sheet.freeze_panes = sheet.cell(top + 3, 3)
    return _save(book)


# ------------------------------------------------------------------------------- illustrative earlier reports

ILLUSTRATIVE_DATES = [dt.date(2007, 8, 31), dt.date(2007, 9, 30), dt.date(2007, 10, 31),
                      dt.date(2007, 11, 30), dt.date(2007, 12, 31), dt.date(2008, 1, 31),
                      dt.date(2008, 2, 29)]
# Projected variance (£000) by line at each month end, August 2007 - February 2008. The last value of
# each path is the March report's "Last Net Projected Variance" for that line.
ILLUSTRATIVE_VARIANCE_PATHS = {
    "Older People's Services": [180, 240, 310, 390, 420, 380, 355],
    "Learning Disabilities": [-120, -200, -280, -350, -420, -480, -530],
    "Physical & Sensory Disabilities": [40, 55, 70, 85, 110, 105, 99],
    "Mental Health": [60, 80, 100, 120, 135, 145, 151],
    "Head of Services & Policy & Development": [0, 0, 10, 15, 20, 20, 19],
    "Supporting People": [0, 0, 0, 0, 0, 0, 0],
    "Adult Services Business Unit": [-40, -30, -25, -15, -5, 0, 2],
    "CQP Management": [0, -10, -20, -35, -45, -55, -63],
    "Planning Workforce & Compliance": [0, 0, -10, -15, -20, -30, -33],
    "Performance Information & Quality": [0, 0, 0, 0, 0, 0, 0],
}
# Short notes for a line while it is projected to overspend: (heading, reason, proposed action).
ILLUSTRATIVE_NOTES = {
    "Older People's Services": (
        "Older People",
        "Demand for independent sector domiciliary care above budget and a shortfall in income from charges, "
        "partly offset by additional income from property charges.",
        "Review of high cost Direct Payments and of placements at Senior Managers Panel."),
    "Physical & Sensory Disabilities": (
        "Physical and Sensory Disabilities",
        "Additional residential care placements and growth in Direct Payments above budget.",
        "Review of the cost of care packages for Residential care, Home Care and Direct Payments."),
    "Mental Health": (
        "Mental Health",
        "Additional residential care placements and direct payments above budget.",
        "Efficiency savings being sought with providers and other funding streams examined."),
    "Head of Services & Policy & Development": (
        "Head of Services & Policy & Development",
        "Cost of an unbudgeted Absence Officer post.",
        "Savings expected from reduced sickness absence across the client groups."),
    "Adult Services Business Unit": (
        "Commissioning, Quality and Performance",
        "Business Unit vacancy factor not being achieved and increased costs of recruitment.",
        "All vacancies vetted and approved by each Service Director; corporate charges challenged."),
}


def _months_elapsed(as_at: dt.date) -> int:
    """Months of the April-March financial year to the end of as_at's month (April 1 ... March 12)."""
    return (as_at.month - 4) % 12 + 1


def illustrative_revenue_lines(as_at: dt.date) -> list[dict]:
    """The ten March lines as an earlier month's report might have had them: the March annual budgets, the
    variance path's projection, profiles and actuals to date scaled by months elapsed."""
    index = ILLUSTRATIVE_DATES.index(as_at)
    months = _months_elapsed(as_at)
    lines = []
    for march in REVENUE_LINES:
        path = ILLUSTRATIVE_VARIANCE_PATHS[march["service_area"]]
        variance = path[index]
        budget = march["annual_budget"]
        exp_profiled = round(march["exp_profiled"] * months / 12)
        net_profiled = round(budget * months / 12)
        inc_profiled = net_profiled - exp_profiled
        # to date: income runs ahead/behind as it did by March, and net spend drifts towards the projection
        inc_variance = round(march["inc_variance"] * months / 12)
        net_variance = round(variance * months / 12)
        exp_variance = net_variance - inc_variance
        lines.append({
            "section": march["section"], "service_area": march["service_area"],
            "last_variance": path[index - 1] if index else 0,
            "exp_profiled": exp_profiled, "exp_actual": exp_profiled + exp_variance,
            "inc_profiled": inc_profiled, "inc_actual": inc_profiled + inc_variance,
            "annual_budget": budget, "outturn": budget + variance,
        })
    return lines


def _complete(line: dict) -> dict:
    """Fill the columns that follow from the others: variances, net, revised variance, RAG (Red if over)."""
    line = dict(line)
    line.setdefault("section", REVENUE_SECTIONS[0])
    line.setdefault("last_variance", 0)
    line.setdefault("exp_variance", line["exp_actual"] - line["exp_profiled"])
    line.setdefault("inc_variance", line["inc_actual"] - line["inc_profiled"])
    line.setdefault("net_profiled", line["exp_profiled"] + line["inc_profiled"])
    line.setdefault("net_actual", line["exp_actual"] + line["inc_actual"])
    line.setdefault("net_variance", line["net_actual"] - line["net_profiled"])
    line.setdefault("variance", line["outturn"] - line["annual_budget"])
    line.setdefault("management_action", 0)
    line.setdefault("revised_variance", line["variance"] + line["management_action"])
    line.setdefault("current_rag", "Red" if line["variance"] > 0 else "Green")
    line.setdefault("revised_rag", "Red" if line["revised_variance"] > 0 else "Green")
    return line


def illustrative_revenue_workbook(as_at: dt.date, lines: list[dict]) -> bytes:
    """A revenue report in the seed's layout, marked illustrative. Each line needs service_area, exp_profiled,
    exp_actual, inc_profiled, inc_actual, annual_budget and outturn (£000, income negative); section,
    last_variance and the derived columns are filled in when missing. Lines projected to overspend get
    numbered notes (reason, proposed action): their own "reason"/"action" keys or a short stock note."""
    lines = [_complete(line) for line in lines]
    reasons: dict[int, tuple[str, str]] = {}
    actions: dict[int, tuple[str, str]] = {}
    for line in lines:
        line.pop("note", None)
        if line["variance"] <= 0:
            continue
        title, reason, action = ILLUSTRATIVE_NOTES.get(
            line["service_area"], (line["service_area"], "Spending above the profiled budget.",
                                   "Spending reviewed at the monthly finance performance clinic."))
        number = len(reasons) + 1
        line["note"] = number
        reasons[number] = (title, line.get("reason") or reason)
        actions[number] = (title, line.get("action") or action)
    return _revenue_book(as_at, lines, reasons, actions, illustrative=True, performance=False)


def illustrative_revenue_reports() -> list[tuple[dt.date, bytes]]:
    """Illustrative month-end reports for 2007/08, 31 August 2007 to 29 February 2008, oldest first."""
    return [(day, illustrative_revenue_workbook(day, illustrative_revenue_lines(day)))
            for day in ILLUSTRATIVE_DATES]


# Illustrative weekly home care hours from the December 2007 decision (60% in-house, about 14,400 hours a week)
# to the demo's meeting, by area assembly and provider, in the layout a brokerage team keeps: one row per week,
# area and provider with a sector column.
HOMECARE_AREAS = ("Rotherham North", "Rotherham South", "Wentworth North", "Wentworth South", "Wentworth Valley",
                  "Rother Valley South", "Rother Valley West")
HOMECARE_PROVIDERS = ("Independent provider A", "Independent provider B", "Independent provider C",
                      "Independent provider D", "Independent provider E")
HOMECARE_FIRST_WEEK = dt.date(2007, 12, 14)
HOMECARE_LAST_WEEK = dt.date(2008, 4, 18)


def illustrative_homecare_rows() -> list[list]:
    import random

    rng = random.Random(2008)
    weeks = []
    day = HOMECARE_FIRST_WEEK
    while day <= HOMECARE_LAST_WEEK:
        weeks.append(day)
        day += dt.timedelta(days=7)
    rows = []
    for w, week in enumerate(weeks):
        for a, area in enumerate(HOMECARE_AREAS):
            total = 2057 + 40 * math.sin(a + w / 3) + rng.uniform(-15, 15)
            start = 0.60 + (a - 3) * 0.02
            pace = 0.0032 if area != "Wentworth Valley" else 0.0012
            share = start - pace * w + rng.uniform(-0.003, 0.003)
            if area == "Wentworth Valley" and w == len(weeks) - 1:
                share += 0.012  # work handed back to the in-house service: this week's hot spot
            in_house = round(total * share, 1)
            independent = total - in_house
            first, second = HOMECARE_PROVIDERS[a % 5], HOMECARE_PROVIDERS[(a + 2) % 5]
            rows.append([week, area, "Council home care service", "In-house", in_house])
            rows.append([week, area, first, "Independent", round(independent * 0.6, 1)])
            rows.append([week, area, second, "Independent", round(independent * 0.4, 1)])
    return rows


def illustrative_homecare_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Weekly hours"
    sheet.append(["Shifting the balance - home care hours delivered by week"])
    sheet.append([ILLUSTRATIVE])
    sheet.append([])
    sheet.append(["Week ending", "Area assembly", "Provider", "Sector", "Hours delivered"])
    for row in illustrative_homecare_rows():
        sheet.append(row)
        sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy"
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 28
    return _save(book)


# An illustrative contract register consistent with the seeds: zoned home care with block and spot elements
# (seed 004), residential spot placements, third sector SLAs, advocacy, carers' support, one exempted extension,
# some contracts never monitored (seed 000, 6.1), standings and QAF levels as in seed 001.
CONTRACT_HEADER = ["Contract Reference", "Title of Agreement", "Department", "Description", "Supplier Name",
                   "Company / Charity No.", "Service type", "Client group", "Contract type", "Provider sector",
                   "Zone", "Total contract value £", "Estimated annual spend £", "Start date", "End date",
                   "Review date", "Procurement route", "SME", "VCSE", "Payment terms", "Uplift basis",
                   "Budget holder", "Last monitoring visit", "QAF level", "Standing"]


def illustrative_contract_rows() -> list[list]:
    def d(text):
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    adults = "Neighbourhoods and Adult Services"
    rows = []
    zones = (("North", "Independent provider A", "05123456"), ("Central", "Independent provider B", "04987654"),
             ("South", "Independent provider C", "06543210"))
    for i, (zone, supplier, number) in enumerate(zones, start=1):
        rows.append([f"HC-{i:02d}B", f"Home care zone {i} ({zone}) - block", adults,
                     "Guaranteed hours of domiciliary care in the zone", supplier, number, "Home care", "Older people",
                     "Block", "Private", zone, 3_000_000 + 250_000 * i, None, d("01/04/2008"), d("31/03/2011"),
                     d("01/10/2009"), "Tender (open)", "Yes", "No", "4-weekly in arrears against actual hours",
                     "Annual uplift by the inflation index agreed each April", "Home care commissioning manager",
                     d("12/02/2008") if i != 3 else None, "B", "Steady state"])
        rows.append([f"HC-{i:02d}S", f"Home care zone {i} ({zone}) - spot", adults,
                     "Spot purchased hours above the block", supplier, number, "Home care", "Older people", "Spot",
                     "Private", zone, None, 180_000 + 20_000 * i, d("01/04/2008"), d("31/03/2011"), d("01/10/2009"),
                     "Tender (open)", "Yes", "No", "4-weekly in arrears", "As the block contract",
                     "Home care commissioning manager", None if i == 2 else d("12/02/2008"), "B", "Steady state"])
    homes = (("Oakwood Lodge care home", "Residential care"), ("Cherry Tree nursing home", "Nursing care"),
             ("Meadow View care home", "Residential care"), ("Riverside EMI unit", "Residential care (EMI)"))
    for j, (home, service) in enumerate(homes, start=1):
        rows.append([f"RES-{j:03d}", f"Residential placements - {home}", adults,
                     "Spot placements at the council's usual rate", f"{home} Ltd", f"0{j}777888", service,
                     "Older people", "Spot", "Private", None, None, 420_000 + 35_000 * j, d("01/04/2006"),
                     d("31/03/2009") if j != 4 else d("31/03/2008"), d("01/01/2009"), "Accreditation",
                     "Yes", "No", "Monthly in arrears, net of client contributions", "Annual fee review",
                     "Contracts officer", d("15/11/2007") if j % 2 else d("03/03/2006"), "A" if j != 3 else "C",
                     "Steady state" if j != 4 else "Interim"])
    third = (("ADV-01", "Independent advocacy service", "Rotherham Advocacy Partnership", "Advocacy", "All adults",
              "SLA", 95_000, "31/03/2009", "10/01/2008", "A", "Steady state"),
             ("CAR-01", "Carers' support and breaks", "Carers' Centre", "Carers' support", "Carers", "SLA", 140_000,
              "30/06/2008", None, "B", "Interim"),
             ("DAY-01", "Luncheon clubs and day opportunities", "Age Concern Rotherham", "Day opportunities",
              "Older people", "Grant", 60_000, "31/03/2009", "20/09/2007", None, "Steady state"),
             ("INF-01", "Information and interpreting service", "Community Languages Service",
              "Information and advice", "All adults", "SLA", 38_000, "31/12/2008", None, None, "Steady state"),
             ("MH-01", "Mental health drop-in and floating support", "Rotherham Mind", "Floating support",
              "Mental health", "SLA", 110_000, "31/03/2008", "02/04/2007", "B", "Exempted"))
    for ref, title, supplier, service, group, kind, annual, end, visit, qaf, standing in third:
        rows.append([ref, title, adults, title, supplier, "1100" + ref[-2:], service, group, kind, "Voluntary",
                     None, None, annual, d("01/04/2006"), d(end), d("01/01/2009") if ref != "CAR-01" else None,
                     "Direct award (SLA)", "Yes", "Yes", "Quarterly in advance", "None agreed (grant)"
                     if kind == "Grant" else "Negotiated annually", "Voluntary sector liaison officer", d(visit),
                     qaf, standing])
    rows.append(["MH-01X", "Mental health drop-in - exempted extension", adults,
                 "Extension while the service is re-tendered (exemption from contract standing orders)",
                 "Rotherham Mind", "110001", "Floating support", "Mental health", "SLA", "Voluntary", None, 55_000,
                 None, d("01/04/2008"), d("30/09/2008"), d("01/07/2008"), "Exemption", "Yes", "Yes",
                 "Quarterly in advance", "None", "Voluntary sector liaison officer", None, "B", "Exempted"])
    rows.append(["EQ-01", "Community equipment service", adults, "Equipment loans and adaptations",
                 "Joint equipment service (PCT)", None, "Equipment", "All adults", "Block", "NHS", None, 1_800_000,
                 None, d("01/04/2007"), d("31/03/2010"), d("01/04/2009"), "Partnership agreement (s75)", "No", "No",
                 "Monthly", "Pooled budget contributions agreed annually", "Head of commissioning",
                 d("01/10/2007"), None, "Steady state"])
    return rows


def illustrative_contracts_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Contract register"
    sheet.append(["Adult Social Services - contract register"])
    sheet.append([ILLUSTRATIVE])
    sheet.append([])
    sheet.append(CONTRACT_HEADER)
    for row in illustrative_contract_rows():
        sheet.append(row)
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    return _save(book)


INDICATORS_HEADER = ["Code", "Indicator", "Target", "Actual", "Polarity", "Source", "Comment"]
SEED_INDICATORS = [  # seed 004, the revenue report's "Performance" section, as printed
    ["C72", "Admissions of older people to residential and nursing care (national target to reduce admissions)", 95,
     94.6, "Lower is better", "Revenue Budget Monitoring Summary, 31 March 2008 (predicted)",
     "Currently predicted 94.6 against a target of 95."],
    ["C28", "Intensive home care (more than 10 hours and 5 visits a week)", 16, 13.94, "Higher is better",
     "Revenue Budget Monitoring Summary, 31 March 2008",
     "Currently off target; any reduction in intensive packages would have a negative impact."],
    ["C51", "Direct payments", 150, 161, "Higher is better", "Revenue Budget Monitoring Summary, 31 March 2008",
     "Increasing numbers are improving performance; reducing expenditure would have an adverse effect."],
]
ILLUSTRATIVE_INDICATOR_VALUES = {  # earlier reports for the trend: not from the papers
    dt.date(2007, 9, 30): {"C72": 97.2, "C28": 14.8, "C51": 139},
    dt.date(2007, 12, 31): {"C72": 96.1, "C28": 14.2, "C51": 152},
}


def seed_indicators_workbook() -> bytes:
    """The three indicators seed 004 lists under its revenue report, one row each, as at 31 March 2008."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Performance indicators"
    sheet.append(["Adult Services performance indicators - As at 31 March 2008"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(INDICATORS_HEADER)
    for cell in sheet[3]:
        cell.font = BOLD
    for row in SEED_INDICATORS:
        sheet.append(row)
    for col, width in zip("ABCDEFG", (8, 60, 10, 10, 18, 48, 60)):
        sheet.column_dimensions[col].width = width
    return _save(book)


def illustrative_indicators_workbook() -> bytes:
    """Earlier values of the same indicators, one row per indicator and date, marked as illustrative."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    sheet.append([f"Performance indicators, earlier reports. {ILLUSTRATIVE}"])
    sheet.append(["As at", *INDICATORS_HEADER])
    for cell in sheet[2]:
        cell.font = BOLD
    for day, values in ILLUSTRATIVE_INDICATOR_VALUES.items():
        for code, name, target, _actual, polarity, _source, _comment in SEED_INDICATORS:
            sheet.append([day, code, name, target, values[code], polarity, "Illustrative (demo)", ""])
            sheet.cell(sheet.max_row, 1).number_format = "dd/mm/yyyy"
    return _save(book)
