"""Seed 004's two monitoring tables (Rotherham, April 2008) as the workbooks an officer would keep, laid
out as printed: title rows, a grouped three-row header, section rows, a totals row, notes below.

Also illustrative earlier monthly revenue reports for 2007/08 in the same layout, so that movement and
trend show. They are marked as illustrative in their title rows; the February report's variances equal
the March report's "Last Net Projected Variance" column, as they must.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

AMOUNT_FORMAT = "#,##0;(#,##0)"
ILLUSTRATIVE = "Illustrative figures for demonstration - not from the council's reports"

# (section, service area, last variance, exp profiled, exp actual, exp var, inc profiled, inc actual, inc var,
#  net profiled, net actual, net var, annual budget, outturn, variance, current RAG, mgmt action, revised var,
#  revised RAG, note) - £000, as printed in seed 004 (as at 31 March 2008)
REVENUE_SECTIONS = ("Adult Services", "Commissioning, Quality & Performance")
REVENUE_LINES = [
    (0, "Older People's Services", 355, 50177, 56874, 6697, -13009, -19374, -6365, 37168, 37500, 332, 37168,
     37506, 338, "Red", 0, 338, "Red", 1),
    (0, "Learning Disabilities", -530, 24975, 21488, -3487, -12541, -9629, 2912, 12434, 11859, -575, 12434,
     11777, -657, "Green", 0, -657, "Green", 2),
    (0, "Physical & Sensory Disabilities", 99, 5998, 6449, 451, -842, -1145, -303, 5156, 5304, 148, 5156, 5269,
     113, "Red", 0, 113, "Red", 3),
    (0, "Mental Health", 151, 4755, 5056, 301, -1340, -1417, -77, 3415, 3639, 224, 3415, 3607, 192, "Red", 0,
     192, "Red", 4),
    (0, "Head of Services & Policy & Development", 19, 339, 376, 37, -61, -65, -4, 278, 311, 33, 278, 299, 21,
     "Red", 0, 21, "Red", 5),
    (0, "Supporting People", 0, 7878, 7630, -248, -7784, -7536, 248, 94, 94, 0, 94, 94, 0, "Green", 0, 0,
     "Green", None),
    (1, "Adult Services Business Unit", 2, 2969, 2876, -93, -89, -26, 63, 2880, 2850, -30, 2881, 2894, 13, "Red",
     0, 13, "Red", 6),
    (1, "CQP Management", -63, 289, 176, -113, -27, 0, 27, 262, 176, -86, 262, 198, -64, "Green", 0, -64,
     "Green", None),
    (1, "Planning Workforce & Compliance", -33, 1603, 1585, -18, -642, -677, -35, 961, 908, -53, 961, 914, -47,
     "Green", 0, -47, "Green", None),
    (1, "Performance Information & Quality", 0, 617, 569, -48, -9, -4, 5, 608, 565, -43, 607, 591, -16, "Green",
     0, -16, "Green", None),
]

REVENUE_REASONS = {
    1: ("Older People", "Continued increase in demand for Domiciliary Care services over and above budget due to "
        "demographic pressures including a shortfall against budget in income from Charges (£700k). Pressure on "
        "in-house residential care due to increase in cost of cover plus (£456k) pressures on in-house day care "
        "(£30k) and overspend on Domiciliary care management and admin teams (£100k). Pressures being reduced by "
        "additional income from property charges (-£761k) and underspend on intermediate care beds (-£54k). "
        "Slippage in the start up of Extra Care Housing at Potteries Court (-£180k)."),
    2: ("Learning Disabilities", "Recurrent overspend on day care transport (£105k) offset by slippage on the start "
        "up of new Supported Living Schemes (-£396k) and further underspend on residential care placements "
        "(-£337k) due to additional income from Continuing Health Care."),
    3: ("Physical and Sensory Disabilities", "Increases in admissions to residential care over and above budget - "
        "net 5 additional placements this year plus cost of full year effect of an additional 4 placements made "
        "in March 2007 (£76k), being reduced by additional income from Independent Living Fund (£-58k). Increase "
        "in cost of care packages for clients receiving Home Care (£22k) plus overspend on Direct Payments "
        "(£132k) being reduced by underspend on Assessment and Care Management employee costs (-£70k)."),
    4: ("Mental Health", "Overspend on residential care due to additional placements (£147k) and direct payments "
        "(£45k)."),
    5: ("Head of Services & Policy & Development", "Cost of Absence Officer post unbudgeted (£21k), savings from "
        "reduced sickness absence across all other client groups."),
    6: ("Commissioning, Quality and Performance", "Non achievement of Business Unit vacancy factor (£14k), "
        "increased costs of recruitment (£58k) offset by underspend on vacant posts and RBT affordability charge "
        "(-£185k)"),
}
REVENUE_ACTIONS = {
    1: ("Older People", "Review of provision of high cost Direct Payments and continuation of the review of "
        "placements at Senior Managers Panel. Reviews on a number of services including Meals on Wheels and "
        "Transport to all client groups in order to identify potential savings."),
    3: ("Physical and Sensory Disabilities", "Review of the cost of care packages for Residential care and Home "
        "Care plus Direct payments."),
    4: ("Mental Health", "Efficiency savings being agreed with providers, examination of other funding streams "
        "including the use of capital resources."),
    6: ("Commissioning, Quality and Performance", "All vacancies continue to be vetted and approved by each "
        "Service Director. Monitor and challenge all corporate charges."),
}
PERFORMANCE_TEXT = [
    "Performance",
    "(List key targets and RAG status- highlight impact of actions intended to address budget)",
    "Residential/Nursing Care",
    "Performance indicator C72 - national target to reduce admissions (Target 95) - currently predicted (94.6).",
    "Home care",
    "Any reduction in the numbers of intensive home care packages (i.e. more than 10 hours and 5 visits of care "
    "per week) would have a negative impact on performance indicator C28, which is currently off target "
    "(Target 16, performance 13.94).",
    "Direct Payments",
    "The increasing numbers is improving performance on key performance indicator C51. Reducing expenditure in "
    "line with budget would have an adverse effect on performance and may impact on Star ratings. Target 150 - "
    "current score 161)",
]

REVENUE_HEADER_3 = [
    "Profiled Budget £000", "Actual Spend to date £000", "Variance (Over (+) / Under (-) Spend) £000",
    "Profiled Budget £000", "Actual Income to date £000", "Variance (Over (+) / Under (-) Recovered) £000",
    "Profiled Budget £000", "Actual Net Expenditure to date £000", "Variance (Over (+) / Under (-) Spend) £000",
    "Annual Budget £000", "Proj'd out turn £000", "Variance (Over (+) / Under (-) Spend) £000",
    "Current Financial RAG Status", "Financial Impact of Management Action £000",
    "Revised Projected Year end Variance Over(+)/Under(-) spend £000",
]

# (client group, code, scheme, approved, actual, projected, SCE, grant £, grant detail, other £, other detail,
#  unsupported borrowing £, RAG, note) - £, as printed in seed 004 (monitoring period to 31 March 2008)
CAPITAL_GROUPS = ("Older People", "Learning Disabilities", "Strategic Maintenance Investment Programme",
                  "Mental Health", "Management Information")
CAPITAL_SCHEMES = [
    (0, "UXB149", "Adult's Older Peoples Modernisation Strategy", 10750000, 8501636, 10750000, None, None, None,
     None, None, 10750000, "A", 1),
    (0, "UXB150", "Assistive Technology", 250000, 235898, 250000, None, None, None, 250000, "PCT", None, "A", 2),
    (0, "UXB151", "Residential Care - Improving the Environment", 400000, 343975, 400000, None, 400000,
     "DoH Grant", None, None, None, "G", 3),
    (1, "UXL128", "Addison Day Centre/Parkhill Lodge", 4561, 0, 0, None, None, None, None, None, 4561, "G", 4),
    (1, "UXL135", "LDDF for Supported Living", 0, 0, 0, None, None, None, 0, "PCT", None, "A", 5),
    (2, "UXZ001", "Oaks Day Centre Alterations", 486, 3152, 5047, None, None, None, None, None, 486, "G", 6),
    (2, "UXZ004", "Addison Day Centre - Alterations", 50000, 1246, 50000, None, None, None, None, None, 50000, "G",
     7),
    (2, "UXZ005", "Oaks Day Centre Alterations - Phase 2", 100000, 95824, 100000, None, None, None, None, None,
     100000, "G", 8),
    (3, "UXH098", "Cedar House", 10000, 7825, 10000, None, None, None, None, None, 10000, "A", 9),
    (3, "UXH101", "Supported Capital Expenditure", 75000, 23987, 75000, 60887, None, None, None, None, 14113, "G",
     10),
    (4, "UXT002", "Improving Information Management Grant", 35000, 500, 35000, None, 35000, "DoH Grant", None,
     None, None, "G", 11),
]
CAPITAL_COMMENTS = [
    "Spending profile from external consultants who project managing the scheme now confirm £10.750m spend in "
    "2007/08",
    "Review of spending profile in respect of Telehealth and Telecare equipment confirm balance to be carried "
    "forward into 2008/09.",
    "Department of Health Capital Grant allocated in 2007/08",
    "Funding from PCT will be vired to fund the budget deficit on UXZ001 - Oaks Day centre",
    "Funding is earmarked for equipment within supported living schemes in 2008/09.",
    "Final costs on scheme - see note 4 above.",
    "New approved scheme commenced March 2008.",
    "New approved scheme now completed.",
    "Committed expenditure on providing support for early interventions and crisis move on.",
    "Committed funding on developing new supported living schemes plus Individual Budgets and direct payments",
    "Department of Health Capital Grant - balance can be carried forward into 2008/09",
]


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _printed(value):
    """A figure as the paper prints it, for sheets kept as text: 50,177  (657)  0."""
    if not isinstance(value, (int, float)):
        return value
    return f"({abs(value):,.0f})" if value < 0 else f"{value:,.0f}"


def _revenue_sheet(as_at: dt.date, lines: list[tuple], reasons: dict, actions: dict, *, illustrative: bool,
                   as_text: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Revenue Monitoring"
    sheet.append(["ADULT SOCIAL SERVICES"])
    sheet.append(["REVENUE BUDGET MONITORING SUMMARY"])
    if illustrative:
        sheet.append([ILLUSTRATIVE])
    sheet.append([])
    top = sheet.max_row + 1
    row1 = [f"EXPENDITURE/INCOME TO DATE (As at {as_at.day} {calendar.month_name[as_at.month]} {as_at.year})"]
    row1 += [None] * 10 + ["PROJECTED OUT-TURN"]
    row2 = ["Last Net Projected Variance £", "Directorate/Service Area", "Expenditure", None, None, "Income", None,
            None, "Net", None, None, "Net", None, None, None, None, None, "Revised Financial RAG Status", "* Note"]
    row3 = [None, None] + REVENUE_HEADER_3
    for values in (row1, row2, row3):
        sheet.append(values)
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=11)
    sheet.merge_cells(start_row=top, start_column=12, end_row=top, end_column=19)
    for first in (3, 6, 9):
        sheet.merge_cells(start_row=top + 1, start_column=first, end_row=top + 1, end_column=first + 2)
    sheet.merge_cells(start_row=top + 1, start_column=12, end_row=top + 1, end_column=17)
    for r in range(top, top + 3):
        for cell in sheet[r]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    totals = [0] * 17
    section = None
    for line in lines:
        if line[0] != section:
            section = line[0]
            sheet.append([None, REVENUE_SECTIONS[section]])
            sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        figures = list(line[2:])
        values = [figures[0], line[1]] + figures[1:]
        for i, v in enumerate(figures[:17]):
            if isinstance(v, (int, float)):
                totals[i] += v
        sheet.append([_printed(v) for v in values] if as_text else values)
    total_row = [totals[0], "Total Adult Social Services"] + totals[1:13] + [None, totals[14], totals[15], None]
    sheet.append([_printed(v) for v in total_row] if as_text else total_row)
    for row in sheet.iter_rows(min_row=top + 3, max_row=sheet.max_row):
        for cell in row:
            if isinstance(cell.value, (int, float)) and cell.column != 19:
                cell.number_format = AMOUNT_FORMAT
    sheet.cell(sheet.max_row, 2).font = Font(bold=True)

    sheet.append([])
    sheet.append(["Reason for Variance(s), Actions Proposed and Intended Impact on Performance"])
    sheet.append(["NOTES Reasons for Variance(s) and Proposed Actions"])
    sheet.append(["Main Reasons for Variance"])
    for number, (title, text) in sorted(reasons.items()):
        sheet.append([f"{number} {title}"])
        sheet.append([text])
        sheet.append([])
    if actions:
        sheet.append(["Proposed Actions to Address Variance"])
        for number, (title, text) in sorted(actions.items()):
            sheet.append([f"{number} {title}"])
            sheet.append([text])
            sheet.append([])
    sheet.append(["Management actions continue to be developed to ensure expenditure is contained within the "
                  "approved cash limited budget, including the operation of regular finance performance clinics "
                  "and the continuation of the Senior Officer Panel to review all care packages."])
    sheet.append([])
    for text in PERFORMANCE_TEXT:
        sheet.append([text])
    sheet.column_dimensions["B"].width = 38
    return _save(book)


def seed_revenue_workbook(as_text: bool = False) -> bytes:
    """Seed 004's revenue table as at 31 March 2008, as printed. With as_text, figures are text as printed."""
    return _revenue_sheet(dt.date(2008, 3, 31), REVENUE_LINES, REVENUE_REASONS, REVENUE_ACTIONS,
                          illustrative=False, as_text=as_text)


def seed_capital_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Capital Monitoring"
    sheet.append(["CAPITAL EXPENDITURE MONITORING 2007-8"])
    sheet.append([])
    sheet.append(["Directorate", "Adult Services"])
    sheet.append([])
    sheet.append(["Monitoring Period : 1 April to 31 March 2008"])
    sheet.append([])
    top = sheet.max_row + 1
    sheet.append(["Expenditure Code", "Scheme description", "Approved Capital PROGRAMME 2007/08 £",
                  "Actual Expenditure 01/04/07 - 31/03/08 £", "Projected Expenditure to 31/03/2008 £",
                  "Supported Capital Expenditure (SCE) £", "Scheme 2007/08 Funding Profile", None, None, None, None,
                  "RAG Status", "Comment Note number", "Check total"])
    sheet.append([None] * 6 + ["Specific Grant", None, "Other Contributions", None,
                               "Unsupported Borrowing/Capital Receipts £"])
    sheet.append([None] * 6 + ["£", "Detail", "£", "Detail"])
    sheet.merge_cells(start_row=top, start_column=7, end_row=top, end_column=11)
    sheet.merge_cells(start_row=top + 1, start_column=7, end_row=top + 1, end_column=8)
    sheet.merge_cells(start_row=top + 1, start_column=9, end_row=top + 1, end_column=10)
    for r in range(top, top + 3):
        for cell in sheet[r]:
            cell.font = Font(bold=True)
    group = None
    totals = [0] * 9
    for s in CAPITAL_SCHEMES:
        if s[0] != group:
            group = s[0]
            sheet.append([None, CAPITAL_GROUPS[group]] + [None] * 11 + ([0] if group else [None]))
            sheet.cell(sheet.max_row, 2).font = Font(bold=True)
        sheet.append([s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13], 0])
        for i, v in enumerate((s[3], s[4], s[5], s[6], s[7], None, s[9], None, s[11])):
            totals[i] += v or 0
    sheet.append(["TOTALS", None, totals[0], totals[1], totals[2], totals[3], totals[4], None, totals[6], None,
                  totals[8]])
    for row in sheet.iter_rows(min_row=top + 3, max_row=sheet.max_row):
        for cell in row:
            if isinstance(cell.value, (int, float)) and cell.column not in (13,):
                cell.number_format = AMOUNT_FORMAT
    sheet.append([])
    sheet.append(["Comments"])
    sheet.append([])
    for number, text in enumerate(CAPITAL_COMMENTS, start=1):
        sheet.append([f"{number} {text}"])
    sheet.column_dimensions["B"].width = 44
    return _save(book)


# Illustrative earlier reports: projected variance (£000) by line at the end of each month, Aug 2007 - Feb 2008.
# The last value of each path is the March report's "Last Net Projected Variance" for that line.
ILLUSTRATIVE_DATES = [dt.date(2007, 8, 31), dt.date(2007, 9, 30), dt.date(2007, 10, 31), dt.date(2007, 11, 30),
                      dt.date(2007, 12, 31), dt.date(2008, 1, 31), dt.date(2008, 2, 29)]
ILLUSTRATIVE_VARIANCE_PATHS = {
    "Older People's Services": [120, 180, 240, 290, 320, 340, 355],
    "Learning Disabilities": [-150, -220, -300, -380, -450, -500, -530],
    "Physical & Sensory Disabilities": [30, 45, 60, 75, 85, 95, 99],
    "Mental Health": [40, 60, 90, 110, 130, 140, 151],
    "Head of Services & Policy & Development": [0, 5, 8, 12, 15, 17, 19],
    "Supporting People": [0, 0, 0, 0, 0, 0, 0],
    "Adult Services Business Unit": [-20, -15, -10, -5, 0, 0, 2],
    "CQP Management": [-10, -20, -30, -40, -50, -58, -63],
    "Planning Workforce & Compliance": [0, -5, -10, -15, -20, -28, -33],
    "Performance Information & Quality": [0, 0, 0, 0, 0, 0, 0],
}


def illustrative_revenue_lines(month_index: int) -> list[tuple]:
    as_at = ILLUSTRATIVE_DATES[month_index]
    months = (as_at.month - 4) % 12 + 1  # months of the financial year elapsed
    lines = []
    for march in REVENUE_LINES:
        section, area = march[0], march[1]
        path = ILLUSTRATIVE_VARIANCE_PATHS[area]
        variance = path[month_index]
        last = path[month_index - 1] if month_index else None
        budget = march[12]
        exp_pb = round(march[3] * months / 12)
        inc_pb = round(march[6] * months / 12)
        exp_act = round(exp_pb + variance * months / 12)
        inc_act = inc_pb
        net_pb, net_act = exp_pb + inc_pb, exp_act + inc_act
        rag = "Red" if variance > 0 else "Green"
        note = march[19] if variance > 0 else None
        lines.append((section, area, last, exp_pb, exp_act, exp_act - exp_pb, inc_pb, inc_act, inc_act - inc_pb,
                      net_pb, net_act, net_act - net_pb, budget, budget + variance, variance, rag, 0, variance, rag,
                      note))
    return lines


def illustrative_revenue_workbook(month_index: int) -> bytes:
    lines = illustrative_revenue_lines(month_index)
    notes = {line[19]: REVENUE_REASONS[line[19]] for line in lines if line[19]}
    actions = {n: REVENUE_ACTIONS[n] for n in notes if n in REVENUE_ACTIONS}
    return _revenue_sheet(ILLUSTRATIVE_DATES[month_index], lines, notes, actions, illustrative=True)


def illustrative_revenue_reports() -> list[tuple[dt.date, bytes]]:
    return [(d, illustrative_revenue_workbook(i)) for i, d in enumerate(ILLUSTRATIVE_DATES)]
