"""Two action plans from the seed papers, as the .xlsx workbooks an officer would keep, laid out as printed.

Seed 000 (Warwickshire, Cabinet 16 June 2005), "Adult Social Care Voluntary Sector Audit - Strategic Action
Plan": columns Page | Review Findings | Responsibility | Actions | Date; a numbered theme row ("2 | EXEMPTION
PROCESS") over its findings; several actions under one finding with the reference and finding left blank below;
a second responsible person on a row of their own; a finding with no action yet (1.2); findings that share one
merged action cell (4.1-4.3, 9.1-9.2: the actions sit in the first row); the header repeated where the paper
breaks a page (sometimes "Recommendation" for "Review Findings"); a theme with no number (PERFORMANCE &
QUALITY); dates as 31/03/05, "March 06", "June 05" and as words; a KEY of initials below the table.

Seed 004 (Rotherham, Cabinet Member 21 April 2008), Appendix 1 "Rotherham Adult Services Commissioning Strategy
Action Plan - 2008/2011": columns Strategic Objective | Actions | Lead | Links to JSNA | Risks; no reference
column (the objectives are numbered 1-7); each objective in the first row of its block and blank below, one
action per row with its due date in brackets at the end; leads naming two people; the header repeated at page
breaks, where objectives 6 and 7 carry on with a blank objective cell.

Every printed action is one row; bulleted cells keep their bullets as lines. The paper's text is kept as printed,
including its spelling.
"""

from __future__ import annotations

from openpyxl import Workbook

from .workbooks import BOLD, WRAP, _save

PLAN_000_NAME = "Voluntary Sector Audit Strategic Action Plan 2005"
PLAN_004_NAME = "Commissioning Strategy Action Plan 2008-2011"

PLAN_000_HEADER = ["Page", "Review Findings", "Responsibility", "Actions", "Date"]
_RECOMMENDATION_HEADER = ["Page", "Recommendation", "Responsibility", "Actions", "Date"]


def _bullets(*items: str) -> str:
    return "\n".join(f"• {item}" for item in items)


# Rows between the header and the KEY, as printed; None is a repeated page-break header (which of the two
# headings the paper used is in PLAN_000_PAGE_HEADERS, in order).
PLAN_000_ROWS: list[list | None] = [
    ["1", "2ND PHASE", None, None, None],
    ["1.1", "Lessons of 1 st phase to be acknowledged and assimilated in terms of approach and skills required to "
            "effectively undertake an audit.", "KH",
     _bullets("Decisions need to be made regarding action plans from the 1st phase in terms of evolving key themes.",
              "Apply for exemption from contracting to extend appropriate contractual arrangements of all agencies."),
     "31/03/05"],
    [None, None, "RW", None, None],
    [None, None, "CMT", _bullets("Decisions regarding approach, resources and timescale to ensure clear links to "
                                 "outcomes and appropriate links with corporate review."), "31/05/05"],
    [None, None, "KH", _bullets("Recruit a temporary Voluntary Sector Review Project Officer to focus on implementing "
                                "action plan and maintaining links with corporate development through the Capacity "
                                "Planning Officer."), "30/06/05"],
    ["1.2", "Determine how the Voluntary Sector Audit links to the Strategic Review of Older People, and the "
            "development of the Preventative Strategy.", None, None, None],
    ["2", "EXEMPTION PROCESS", None, None, None],
    ["2.1", "Applications for exemption to tender to enable extension of existing contractual arrangements to be "
            "made to enable additional time for corporate framework to be developed and decisions made about future "
            "commissioning intentions.", "RW",
     _bullets("Submission of blanket exemption application to County Solicitor and County Treasurers approve "
              "extension on all existing voluntary sector agreements for 12 months on the grounds of further work "
              "needed in conjunction with corporate review, while we deliver the action plans agreed with individual "
              "organisations to achieve best value and efficiency."), None],
    [None, None, "RW", _bullets("Inform providers of intention to extend forward existing arrangements, once "
                                "exemption agreed by County Treasurers and County Solicitor"), "30/06/05"],
    None,
    ["3", "GOVERNANCE ARRANGEMENTS", None, None, None],
    ["3.1", "The need to strengthen Governance Arrangements surrounding the sector and its relationship with the "
            "Council.", "TW",
     _bullets("This work will take place through the CVS sub group chaired by the Chief Executives Department and "
              "implemented accordingly within the department.",
              "The support and development potential of the sector and its relationship with the County Council "
              "requires a more inclusive rather than exclusive dialogue to occur.",
              "Tim Willis to act as interface with corporate group.",
              "Feedback from the sector so far suggests that our approach is not a co-ordinated approach across the "
              "County and a route map through the structures roles and responsibilities across the County Council "
              "needs to be available. In addition, responses are not consistent and to an agreed standard."),
     "Corporate Strategy expected Summer 05. Implementation Plan to follow once Corporate Strategy agreed."],
    ["4", "COMMISSIONING & MANAGING THE INTERFACE", None, None, None],
    ["4.1", "The sector is generally confused about communication arrangements Countywide.", "CMT",
     _bullets("Voluntary Sector Project Officer needs to consider development of clear systems of support and "
              "dialogue, to ensure appropriate priority is focussed on the Voluntary Sector.",
              "Nominate one lead officer in department as key link.",
              "The functions of the Commissioning Unit including the role of SDO to be reviewed."),
     "31/03/06"],
    ["4.2", "Responsibilities, accountabilities and key points of contact within the department are unclear amongst "
            "staff.", None, None, None],
    ["4.3", "The quality and type of contact with the sector needs to be improved.", None, None, None],
    None,
    ["4.4", "A key support area identified is for training in key areas.", "Project Officer",
     "• Consider training needs of Voluntary Sector including:\n"
     "  - How to go through the tender process.\n"
     "  - Introduction to the management arrangements of the department.\n"
     "  - Use of an escalation process when things go wrong.",
     "Outline proposals March 06"],
    ["4.5", "The role of the volunteer organisations and the CVS needs to be more explicit, understood and applied.",
     None, _bullets("Linked to focus/outcome of Corporate Strategy"), "Expected Summer 05"],
    ["4.6", "Organisationally, the Department is not good as appropriately briefing staff on what can be provided "
            "through a new contract.", "Project Officer",
     _bullets("Draft proposals for how communication of new contracts can be communicated to operational teams"),
     "March 06"],
    ["5", "CONTRACT DOCUMENTATION", None, None, None],
    ["5.1", "Variation in the location of contracts, their validity and inclusion in contract register.", "RW",
     _bullets("All contracts to be held centrally in the Commissioning Unit.",
              "All contracts to comply with appropriate scheme of delegation (signed by authorised officer) and "
              "contracting standing orders",
              "All contracts to be entered into the contract register."),
     "Contract Schedule Action Plan to be agreed June 06"],
    ["6", "CONTRACT MONITORING", None, None, None],
    ["6.1", "The contract monitoring function is highlighted as one the major risks in this report. Largely absent, "
            "where monitoring has taken place it has been limited and irregular with a concentration on peripheral "
            "issues rather than the contract terms. The budget holder is responsible for due diligence against the "
            "contract under standing orders. However, the confusion of 'who does what, with whom, when at what "
            "level and how often' needs to be urgently addressed.", "CMT",
     _bullets("Recruitment of Contract Monitoring Project Officer responsible for building framework for contract "
              "monitoring.",
              "With regular contract monitoring and reviews, the Department would have the ability to reshape "
              "contracts to ensure the service provided continues to meet changing needs. Therefore the "
              "development of clear change control processes, exit strategies and inclusion of contingency planning "
              "is required"),
     "Draft Proposals March 06 Implement 06/07"],
    None,
    ["7", "JOINT COMMISSIONING", None, None, None],
    ["7.1", "The requirement to develop joint commissioning strategies for areas of high volume and shared "
            "investment priorities becomes an increasingly important area with health colleagues. Some joint "
            "commissioning modelling for key client groups on a capacity and needs basis would be worthwhile.", "JCB",
     _bullets("Future Joint Commissioning structures and processes to be determined.",
              "Detailed discussions on capacity and need issues, linked to health priorities, currently takes place "
              "at a Service Manager level rather than core links between commissioners being forged with the ACU.",
              "Large contracts and areas of mutual priority need to be planned and commissioned jointly."),
     "March 06"],
    ["8", "SUSTAINABILITY", None, None, None],
    ["8.1", "The sustainability issues for the providers are made more difficult by our current approach. Whilst the "
            "work of existing providers in Warwickshire is welcomed it would be useful to attract new providers into "
            "the area.", "Project Officer",
     _bullets("Voluntary sector review forum to be established to develop communication strategy and highlight "
              "future commissioning intentions of the department.",
              "Develop department relationships with CVS Organisations to ensure communication intentions are "
              "communicated broadly across the Voluntary Sector."),
     "March 06"],
    None,
    ["9", "FINANCIAL INCENTIVES", None, None, None],
    ["9.1", "There are a number of financial control issues of key concern in respect of the sector contracts "
            "overall. Arbitrary uplifts skew the value cost and efficiency of services delivered.",
     "Joint responsibility/ Corporate Strategy Group, Adult Services & Social Services Head of Finance",
     _bullets("All uplifts must be agreed against criteria. Uplifts must be linked to a price review and evidenced. "
              "Uplifts should be considered against a review and take into account the impact on similar providers "
              "as appropriate.",
              "Agreed payment terms need to be explicit for each organisation and documented on the contract "
              "register."),
     "To be determined following agreement of Corporate Strategy"],
    ["9.2", "Payment of sector organisations 12 months in advance is in most cases unnecessary and should be "
            "considered by exception.", None, None, None],
    ["9.3", "Confusion about who the invoice should be submitted to for payment is a core requirement linked to the "
            "key contact clarity already raised.", None,
     _bullets("Invoices should be linked to key contact who will normally be the budget holder and key contact to "
              "monitoring."), None],
    ["9.4", "The authorisation of the payment is by the budget holder.", None,
     _bullets("Authorisation of budget by budget holder."), None],
    ["9.5", "Financial records attributable to Warwickshire Social Services purchase of services should be visible "
            "in any financial records of an organisation.", None,
     _bullets("Organisations will be asked to submit audited accounts that include funding and expenditure relating "
              "to Warwickshire County Council. However, where this is not clear from formal audited accounts, "
              "organisations will have to provide a specific \"Financial Operating Statement\" that details how the "
              "Council's funding has been used."), None],
    ["9.6", "Guidance to staff on what overheads charges can be included as part of the contract is required.", None,
     _bullets("An acceptable level of management cost needs to be defined and agreed."), None],
    ["9.7", "Expectations of organisations funded by grants or contracts need to be aligned.", None,
     _bullets("Consider the appropriate use of the type of agreement in each case."), None],
    ["9.8", "If an organisation gets into financial difficulty both the organisation and the department need "
            "financial guidance and advice.", None,
     _bullets("Contract monitoring model to specify arrangements as part of performance management element of "
              "contract."), None],
    None,
    [None, "PERFORMANCE & QUALITY", None, None, None],
    ["10.1", "The collection of reliable information is a key requirement of measuring the performance and quality of "
             "any service that is delivered. Performance against contract discussions is limited or not occurring. "
             "The quality of some provision from the sector needs to be improved.",
     "Voluntary Sector & Contract Monitoring Project Officers",
     _bullets("Appointment of Contract Monitoring & Voluntary sector Project Officers to address issues."), "June 05"],
    [None, None, None, _bullets("Draft Proposals"), "March 06"],
]
PLAN_000_PAGE_HEADERS = [_RECOMMENDATION_HEADER, _RECOMMENDATION_HEADER, PLAN_000_HEADER, _RECOMMENDATION_HEADER,
                         _RECOMMENDATION_HEADER]
PLAN_000_KEY = {"KH": "Kim Harlock", "RW": "Rob Wilkes", "CMT": "Commissioning Management Team", "TW": "Tim Willis",
                "JCB": "Joint Commissioning Board"}


def seed_000_action_plan() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Strategic Action Plan"
    sheet.append(["Adult Social Care Voluntary Sector Audit – Strategic Action Plan"])
    sheet["A1"].font = BOLD
    sheet.append([])
    sheet.append(PLAN_000_HEADER)
    page_headers = iter(PLAN_000_PAGE_HEADERS)
    for row in PLAN_000_ROWS:
        if row is None:
            sheet.append([])
            sheet.append(next(page_headers))
        else:
            sheet.append(row)
    sheet.append([])
    sheet.append(["KEY"])
    for initials, name in PLAN_000_KEY.items():
        sheet.append([f"{initials} = {name}"])
    _style(sheet, header_rows=(PLAN_000_HEADER, _RECOMMENDATION_HEADER), widths=(8, 60, 18, 70, 22))
    return _save(book)


PLAN_004_HEADER = ["Strategic Objective", "Actions", "Lead", "Links to JSNA", "Risks"]


def _lines(*paragraphs: str) -> str:
    return "\n".join(paragraphs)


# One row per printed action: [objective, action (due in brackets), lead, JSNA links, risks]; None is a
# repeated page-break header.
PLAN_004_ROWS: list[list | None] = [
    ["1. Helping people in Rotherham to adopt and maintain a health lifestyle, enjoy an improved quality of life "
     "and sense of well being.",
     "Contribute towards improving and evidencing the impact of health initiatives with the PCT (June 2008)",
     "Vicky Brown", _lines("JSNA Key Challenge 1", "Evidence shows that people want to remain healthy"),
     _lines("Failure to work effectively with the PCT to secure outcomes for customers that will benefit both "
            "organisations",
            "Failure to properly predict and commission for the current and future health and well being needs of "
            "the borough.",
            "Inability to demonstrate 'excellence' in 'making a positive contribution' outcome.",
            "Increased financial burden upon the Council in successive years.")],
    [None, "Through the revision of contracting arrangements, embed the promotion of a healthy lifestyle through all "
           "commissioned / contracted services (September 2008)", "Andy Hare", None, None],
    [None, "Contribute towards the Corporate Obesity Strategy (December 2008)", "Vicky Brown", None, None],
    [None, "Development of a strategy to assist people to work where it is their aspiration (December 2008)",
     "Vicky Brown Shona McFarlane", None, None],
    [None, "Development of the third sector to provide opportunities for appropriate physical activities to maintain "
           "health through commissioning (April 2009)", "David Stevenson", None, None],
    [None, "Evidence improved access to leisure activities through work with corporate colleagues and participation "
           "in corporate initiatives supporting this action (March 2011)", "Vicky Brown", None, None],
    None,
    ["2. Develop community based, culturally appropriate alternatives to residential care so that we promote "
     "independence; improve health and emotional well being by 2011.",
     "Deliver action to improve access and information for people about the funding of services, particularly when "
     "they are funding their own (May 2008)", "Doug Parkes", "JSNA Key Challenge 4",
     "Inability to show improved choice, quality and standards for self funders."],
    [None, "Develop additional residential care capacity to provide places for older people with mental health "
           "problems (September 2008).", "David Stevenson",
     "Evidence shows that more people want to remain in their own homes rather than go into residential care.",
     "Resistance to 'shifting the balance'."],
    [None, "Review current day care provision to develop a model of commissioning and provision for the future "
           "(September 2008).", "Kath Rogers",
     "JSNA Key Challenge 3 and 'In Control' Pilot success in Mental Health",
     "Financial sustainability of residential care market and potential legal challenge."],
    [None, "Review existing and develop additional extra care housing options/arrangements (SP Target).", "Kim Curry",
     "Evidence shows that self directed alternative, flexible and affordable services will need to be developed.",
     "Independent sector unable to develop sufficient capacity to take on additional service transfer."],
    [None, "Develop an accommodation strategy for older people to meet the demographic challenges for future years "
           "(December 2008).", "Kim Curry", None,
     "Robustness of contracting and performance/quality management arrangements."],
    [None, "Shift the balance of home care provision to 65/35 split in favour of the independent sector (December "
           "2008).", "David Stevenson", None,
     "CVS being sufficiently market aware to respond to commissioning requirements for day care services."],
    [None, "Improve market capacity to increase the number of high level home care packages that help people remain "
           "independent to above the national average of 28% by 2011 (December 2008).", "David Stevenson", None,
     None],
    None,
    ["3. Increase the uptake of direct payments and individual budgets to give people choice and control by 2011.",
     "Reconfigure current resource arrangements and appoint Project Manager (September 2008).", "David Stevenson",
     _lines("JSNA Key Challenge 6", "Evidence shows there will be more people living longer with complex needs"),
     _lines("Failure to shift resources from traditional service provision leading to budget over spends.",
            "Failure to put in place effective support infrastructure for users.",
            "Culture and practice change for Members and staff.")],
    [None, "Develop implementation plan for self directed support (December 2008).",
     "Project Manager (David Stevenson)", None, None],
    [None, "Implementation of transformation model to provide self directed support as the first option for meeting "
           "needs (March 2011).", "Project Manager (David Stevenson)", None, None],
    ["4. Developing preventative services such as assistive technology so that we keep people safe and in their own "
     "homes by 2011.",
     "Evaluate the impact of changing the current FACs criteria in conjunction with service users to inform the "
     "commissioning of preventative services and financial profiling (June 2008).", "Dave Roddis",
     _lines("JSNA Key Challenge 6", "Evidence shows there will be more people living longer with complex needs"),
     _lines("Increasing pressures on budgets from people presenting with more complex needs at a later stage.",
            "Not being able to finance lowering of FACs.",
            "Deteriorating performance on National Indicator (helped to live independently at home) and LAA.",
            "Inability to achieve culture shift (reablement).")],
    [None, "Develop commissioning approach for assistive technology (September 2008).", "Andy Hare", None, None],
    [None, "Develop preventative strategy with commissioning plan, to include the use of Supporting People funding to "
           "support the preventative agenda (September 2008).", "Vicky Brown Tim Gollins", None, None],
    None,
    ["5. Put users and carers at the heart of commissioning activity so that they are integrally involved in key "
     "commissioning decisions by 2011.",
     "Identify through current networks, those users and carers who have an interest and willingness to be involved "
     "in commissioning (June 2008).", "David Stevenson",
     _lines("JSNA", "Evidence from 'Learning from Customers' shows that users and carers want to get more involved in "
                    "commissioning activity."),
     _lines("Failure to properly predict and commission for the current and future health and well being needs of "
            "the borough.",
            "Inability to demonstrate 'excellence' in 'making a positive contribution' outcome.")],
    [None, "Put in place training and support to increase number of users and carers involved in high level "
           "commissioning decisions (December 2008).", "Nigel Mitchell", None, None],
    [None, "Explore the opportunities to utilise the Local Involvement Network (LINK) (September 2008).",
     "David Stevenson", None, None],
    [None, "Undertaking an annual consultation event on the future of health and social care services (March 2009).",
     "Dave Roddis", None, None],
    ["6. Commission an improved range of support for carers in Rotherham so that they know that the Council is "
     "supporting them in their caring role by 2011.",
     "Extend Carers Emergency Support Service (March 2008)", "Vicky Brown",
     "JSNA Key Challenge 2 – the number of carers will increase as the population ages.",
     _lines("Increase financial burden on the Council when people are no longer able to care.",
            "Financial and social exclusion for carers.",
            "Performance on services for carers deteriorates.")],
    [None, "Extend current carers training programme and develop training passports (May 2008)", "Vicky Brown", None,
     None],
    [None, "Develop implementation plan to extend Carers Support Service to all service areas (June 2008)",
     "Vicky Brown", None, None],
    [None, "Leadership and stakeholder event to develop proposals", "Dave Roddis", None, None],
    [None, "Update website and information (August 2008)", "Dave Roddis", None, None],
    None,
    [None, "Undertake on going consultation with carers on service development (September 2008).", "Vicky Brown",
     None, None],
    [None, "Significantly increase the support available to Carers in Rotherham, through the development of the "
           "Carers Strategy with the PCT (October 2008).", None, None, None],
    ["7. Put in place effective performance and financial management arrangements to support the delivery of the "
     "commissioning outcomes, quality, VFM and safeguarding by 2008.",
     "Put in place adequate risk management arrangements (April 2008).", "John Mansergh",
     _lines("JSNA / CMT Risk Register", "Evidence shows that we must invest and improve value for money."),
     _lines("Not working with PCT to maximise joint commissioning activities and shift resources from acute services "
            "to community based and preventative services.",
            "Failure to agree SAP model and implementation plan.",
            "Failure to encourage market diversification and improvement;",
            "Failure to improve standard and value for money.")],
    [None, "Develop and deliver against the Quality Standards Framework for all contracted providers (May 2008).",
     "David Stevenson", None, None],
    [None, "Monitor the implementation of the Commissioning Strategy Action Plan and associated "
           "commissioning/de-commissioning activity (June 2008).", "John Mansergh", None, None],
    [None, "Publish information on the cost and quality of services (June 2008)", "John Mansergh", None, None],
    [None, "Deliver the plan to update the JSNA on a 6 monthly basis (September 2008).", "David Stevenson", None,
     None],
    None,
    [None, "Undertake an annual review of contracts (September 2008).", "Andy Hare", None,
     "Inability to re-invest savings (NI 179) and demonstrate a track record of managing finances."],
    [None, "Implement the sustainable market management plan (December 2008).", "David Stevenson", None, None],
    [None, "Improve information sharing with PCT through SAP, to maximise the impact for customers and carers "
           "(December 2008)", "Kath Rogers", None, None],
    [None, "Link commissioning actions through MTFS showing investment/dis-investment plans to evidence efficiency "
           "savings (TBC)", "Doug Parkes", None, None],
]


def seed_004_action_plan() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Appendix 1"
    sheet.append(["APPENDIX 1"])
    sheet.append(["Rotherham Adult Services Commissioning Strategy Action Plan – 2008/2011"])
    sheet["A1"].font = BOLD
    sheet["A2"].font = BOLD
    sheet.append([])
    sheet.append(PLAN_004_HEADER)
    for row in PLAN_004_ROWS:
        sheet.append(PLAN_004_HEADER if row is None else row)
    _style(sheet, header_rows=(PLAN_004_HEADER,), widths=(45, 70, 24, 40, 50))
    return _save(book)


def _style(sheet, *, header_rows: tuple[list, ...], widths: tuple[int, ...]) -> None:
    for letter, width in zip("ABCDE", widths):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        values = [c.value for c in row]
        for cell in row:
            cell.alignment = WRAP
            if any(values == header for header in header_rows):
                cell.font = BOLD

