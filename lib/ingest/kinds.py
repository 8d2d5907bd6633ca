"""Each kind of spreadsheet, described once.

A Kind lists its fields (name, type, the headers councils use for it), which field is the row's key,
which is carried down from section rows, and what a re-import replaces. The importer, the template
download, the export and the README all read these descriptions; adding a kind is adding one here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT, AMOUNT, NUMBER, DATE, RAG, SHARE, NOTE_REF = "text", "amount", "number", "date", "rag", "share", "note_ref"
BOOL = "bool"
PARAGRAPHS = "paragraphs"  # text whose line breaks are kept (bulleted actions, risks); spaces tidied per line
EXPECTED = {
    BOOL: "yes or no",
    TEXT: "text",
    PARAGRAPHS: "text",
    AMOUNT: "an amount",
    NUMBER: "a number",
    DATE: "a date (day/month/year)",
    RAG: "a RAG status (Red, Amber, Green or R, A, G)",
    SHARE: "a percentage",
    NOTE_REF: "a note number",
}


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # the header a template uses
    type: str = TEXT
    aliases: tuple[str, ...] = ()  # header phrases that name this field (compared after normalising)
    avoid: tuple[str, ...] = ()  # words in a header (or its group) that rule this field out
    prefer: tuple[str, ...] = ()  # words in the header's group that make this the better of twin columns
    required: bool = False
    blank_ok: bool = False  # a required column whose cells may be blank (carried down, or a finding with no action)
    help: str = ""


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    table: str  # the store table its rows go to
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # identifies a row within its scope
    scope: str | None = None  # rows are grouped by this (a reporting date); a re-import replaces the group
    section_field: str | None = None  # filled from section rows ("Adult Services") carried down
    code_field: str | None = None  # when set, a row with this cell filled is always a data line
    text_rows: bool = False  # a table of text (an action plan): every row is read; the kind's rules sort them
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of each group is required
    note_ref_field: str | None = None
    note_targets: dict[str, str] = field(default_factory=dict)  # note heading mode -> field the text goes to
    description: str = ""

    def field(self, name: str) -> Field:
        return self._by_name()[name]

    def _by_name(self) -> dict[str, Field]:
        cached = self.__dict__.get("_fields_by_name")
        if cached is None:
            cached = {f.name: f for f in self.fields}
            object.__setattr__(self, "_fields_by_name", cached)  # frozen dataclass: cache once
        return cached

    @property
    def amount_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.type in (AMOUNT, NUMBER))


_SPEND = ("spend", "expenditure")
_NOT_YEAR = ("to date", "ytd", "profiled", "profile", "last", "previous", "prior")

REVENUE = Kind(
    name="revenue",
    title="Revenue budget monitoring",
    table="revenue_line",
    description="Revenue budget monitoring by service area for one reporting date.",
    scope="as_at",
    key=("section", "service_area"),
    section_field="section",
    one_of=(("projected_outturn", "variance"),),
    note_ref_field="note_ref",
    note_targets={"reason": "reason", "action": "management_action", "default": "reason"},
    fields=(
        Field("section", "Section", aliases=("section", "directorate", "division", "service group", "group")),
        Field(
            "service_area", "Service area", required=True,
            aliases=("service area", "directorate service area", "service", "budget area", "budget heading",
                     "cost centre", "service line", "area", "description", "budget line"),
            avoid=("code",),
        ),
        Field(
            "annual_budget", "Annual budget £", AMOUNT, required=True,
            aliases=("annual budget", "full year budget", "revised budget", "current budget", "approved budget",
                     "latest budget", "net budget", "annual net budget", "budget"),
            avoid=_NOT_YEAR + ("gross", "management", "variance"),
        ),
        Field(
            "projected_outturn", "Projected outturn £", AMOUNT,
            aliases=("projected outturn", "forecast outturn", "outturn", "projected spend", "forecast spend",
                     "year end forecast", "projected", "forecast", "projection"),
            avoid=_NOT_YEAR + ("variance", "budget", "management"),
            help="The forecast spend for the whole year. Give this or the variance.",
        ),
        Field(
            "variance", "Projected variance £", AMOUNT,
            aliases=("projected variance", "forecast variance", "variance", "over under spend",
                     "overspend underspend", "variation"),
            avoid=_NOT_YEAR + ("revised", "management", "recovered", "income"),
            prefer=("projected", "outturn", "forecast", "year end"),
            help="Projected outturn minus annual budget; + is an overspend. Give this or the outturn.",
        ),
        Field(
            "last_variance", "Last projected variance £", AMOUNT,
            aliases=("last net projected variance", "last projected variance", "last variance", "previous variance",
                     "previous month variance", "last month variance", "prior month variance",
                     "previous projected variance", "previous forecast variance"),
            help="The variance in the previous report, for the movement.",
        ),
        Field(
            "rag_current", "RAG status", RAG,
            aliases=("current financial rag status", "current rag status", "current rag", "financial rag status",
                     "rag status", "rag", "status"),
            avoid=("revised",),
        ),
        Field("rag_revised", "Revised RAG status", RAG,
              aliases=("revised financial rag status", "revised rag status", "revised rag")),
        Field("management_action_impact", "Financial impact of management action £", AMOUNT,
              aliases=("financial impact of management action", "impact of management action",
                       "management action impact")),
        Field("revised_variance", "Revised projected variance £", AMOUNT,
              aliases=("revised projected year end variance", "revised projected variance", "revised variance",
                       "variance after management action")),
        Field("gross_budget", "Gross budget £", AMOUNT,
              aliases=("gross budget", "annual gross budget", "gross expenditure budget")),
        Field("note_ref", "Note", NOTE_REF,
              aliases=("note", "notes ref", "note number", "note no", "note ref", "comment note number")),
        Field("reason", "Reason for variance",
              aliases=("reason for variance", "reasons for variance", "reasons", "reason", "commentary",
                       "comments", "comment", "explanation", "narrative")),
        Field("management_action", "Management action",
              aliases=("proposed actions", "management actions", "management action", "actions proposed",
                       "actions", "action")),
    ),
)

CAPITAL = Kind(
    name="capital",
    title="Capital programme monitoring",
    table="capital_scheme",
    description="Capital schemes by client group for one reporting date.",
    scope="as_at",
    key=("client_group", "scheme_code", "scheme"),
    section_field="client_group",
    code_field="scheme_code",
    note_ref_field="note_ref",
    note_targets={"default": "comment"},
    fields=(
        Field("client_group", "Client group",
              aliases=("client group", "service user group", "programme area", "service group", "client")),
        Field("scheme_code", "Scheme code",
              aliases=("expenditure code", "scheme code", "project code", "cost code", "scheme ref", "code",
                       "ref", "reference")),
        Field("scheme", "Scheme", required=True,
              aliases=("scheme description", "scheme name", "project name", "scheme", "project", "description")),
        Field("approved_budget", "Approved programme £", AMOUNT, required=True,
              aliases=("approved capital programme", "approved programme", "approved budget", "capital programme",
                       "approved", "budget", "programme"),
              avoid=("to date", "profiled")),
        Field("actual_to_date", "Actual expenditure to date £", AMOUNT, required=True,
              aliases=("actual expenditure", "actual to date", "actual spend", "spend to date",
                       "expenditure to date", "actual")),
        Field("projected_outturn", "Projected expenditure £", AMOUNT, required=True,
              aliases=("projected expenditure", "projected outturn", "forecast outturn", "forecast expenditure",
                       "projected spend", "forecast spend", "projected", "forecast", "outturn"),
              avoid=("variance",)),
        Field("rag", "RAG status", RAG, aliases=("rag status", "rag", "status")),
        Field("note_ref", "Note", NOTE_REF,
              aliases=("comment note number", "note number", "note no", "note ref", "note")),
        Field("comment", "Comment", aliases=("comments", "comment", "commentary", "notes")),
    ),
)

_HOURS_NOT = ("in house", "inhouse", "independent", "external", "internal", "private", "voluntary", "council",
              "total", "percent", "share")

HOMECARE = Kind(
    name="homecare",
    title="Home care hours by sector",
    table="homecare_hours",
    description="Weekly hours of home care delivered in-house and by independent providers, by area and provider "
                "when the sheet has them: one row per week with in-house and independent columns, or one row per "
                "week, area and provider with a sector column.",
    scope="week_ending",
    key=("week_ending", "area", "provider", "sector"),
    one_of=(("hours", "in_house_hours"),),
    fields=(
        Field("week_ending", "Week ending", DATE, required=True,
              aliases=("week ending", "week ending date", "w e", "we", "week end", "week", "period ending",
                       "date")),
        Field("area", "Area", aliases=("area assembly", "area", "zone", "locality", "patch", "district",
                                       "neighbourhood")),
        Field("provider", "Provider", aliases=("provider name", "provider", "agency", "supplier", "organisation",
                                               "service provider")),
        Field("sector", "Sector", aliases=("sector", "provider type", "provider sector", "type", "in house or "
                                           "independent"),
              help="In-house (in house, council, LA, local authority, internal) or independent (private, "
                   "voluntary, external, third sector)."),
        Field("hours", "Hours", NUMBER, aliases=("hours delivered", "hours of care", "weekly hours",
                                                 "actual hours", "hours", "care hours"),
              avoid=_HOURS_NOT, help="Hours delivered that week (with a Sector column)."),
        Field("in_house_hours", "In-house hours", NUMBER,
              aliases=("in house hours", "in house", "inhouse", "council hours", "la hours", "internal hours",
                       "local authority hours", "in house service"),
              avoid=("percent", "share", "total")),
        Field("independent_hours", "Independent hours", NUMBER,
              aliases=("independent hours", "independent sector hours", "independent sector", "independent",
                       "external hours", "external", "private and voluntary", "private voluntary"),
              avoid=("percent", "share", "total")),
        Field("total_hours", "Total hours", NUMBER, aliases=("total hours", "total"), avoid=("percent", "share")),
        Field("in_house_share", "% in-house", SHARE,
              aliases=("percent in house", "in house percent", "in house share", "share in house",
                       "percentage in house", "in house percentage")),
    ),
)

CONTRACTS = Kind(
    name="contracts",
    title="Contract register",
    table="contract",
    description="The contract register: the Local Government Transparency Code 2015 fields and the commissioning "
                "fields the team keeps. Rows are matched by contract reference; a blank cell leaves the stored "
                "value as it is.",
    key=("reference",),
    fields=(
        Field("reference", "Reference", required=True,
              aliases=("contract reference", "contract ref", "contract number", "contract no", "contract id",
                       "reference number", "reference", "ref", "contract code"),
              avoid=("registration", "company", "charity", "supplier")),
        Field("title", "Title", required=True,
              aliases=("title of agreement", "contract title", "title", "contract name", "name of contract",
                       "agreement", "subject")),
        Field("department", "Department", aliases=("department", "directorate", "department responsible",
                                                   "commissioning department")),
        Field("description", "Description", aliases=("description of goods and services", "description of goods",
                                                     "description",
                                                     "contract description", "scope", "details of contract")),
        Field("supplier", "Supplier", required=True,
              aliases=("supplier name", "supplier", "provider name", "provider", "vendor", "vendor name",
                       "contractor", "name of supplier", "organisation name"),
              avoid=("registration", "number", "details", "address", "sector", "type")),
        Field("supplier_details", "Supplier details", aliases=("supplier details", "supplier address",
                                                               "provider address", "address")),
        Field("registration_number", "Registration number",
              aliases=("registration number", "company registration number", "companies house number",
                       "charity number", "charity or company number", "company number", "registered number")),
        Field("total_value", "Total value £", AMOUNT,
              aliases=("sum to be paid over the length of the contract", "value of the agreement",
                       "value of agreement", "total contract value", "total value",
                       "contract value", "value of contract", "whole life value", "total cost", "value"),
              avoid=("annual", "per annum", "vat", "year")),
        Field("annual_value", "Estimated annual spend £", AMOUNT,
              aliases=("estimated annual spend", "annual value", "annual spend", "annual contract value",
                       "value per annum", "annual cost", "per annum"), avoid=("vat",)),
        Field("irrecoverable_vat", "Irrecoverable VAT £", AMOUNT,
              aliases=("irrecoverable vat", "non recoverable vat", "vat that cannot be recovered", "vat")),
        Field("start_date", "Start date", DATE, aliases=("start date", "contract start date", "contract start",
                                                         "commencement date", "date of start", "start")),
        Field("end_date", "End date", DATE, aliases=("end date", "contract end date", "contract end",
                                                     "expiry date", "date of end", "expiry", "end")),
        Field("review_date", "Review date", DATE, aliases=("review date", "next review date", "next review",
                                                           "date of review", "review")),
        Field("procurement", "Invitation to quote or tender",
              aliases=("invitation to quote or tender", "invitation to tender", "procurement route",
                       "procurement method", "procurement", "tendered")),
        Field("sme", "SME", BOOL, aliases=("sme", "is sme", "sme status", "small or medium enterprise",
                                           "small medium enterprise")),
        Field("vcse", "VCSE", BOOL, aliases=("vcse", "is vcse", "vcse status",
                                             "voluntary community social enterprise", "voluntary or community")),
        Field("service_type", "Service type", aliases=("service type", "type of service", "service category",
                                                       "category", "service")),
        Field("client_group", "Client group", aliases=("client group", "service user group", "user group")),
        Field("contract_type", "Contract type", aliases=("contract type", "type of contract", "block or spot",
                                                         "block spot", "basis", "type")),
        Field("provider_sector", "Provider sector", aliases=("provider sector", "sector", "provider type",
                                                             "supplier type")),
        Field("area", "Zone or area", aliases=("zone", "area", "locality", "area assembly", "patch")),
        Field("payment_terms", "Payment terms", aliases=("payment terms", "payment arrangements", "payment")),
        Field("uplift_basis", "Uplift basis", aliases=("uplift basis", "inflation uplift", "uplift",
                                                       "price review")),
        Field("key_contact", "Budget holder / key contact",
              aliases=("budget holder", "key contact", "contract manager", "contract officer", "lead officer",
                       "contact")),
        Field("last_monitoring", "Last monitoring visit", DATE,
              aliases=("last monitoring visit", "date of last monitoring", "last monitored", "last visit",
                       "monitoring visit", "last monitoring")),
        Field("quality_rating", "Quality rating (QAF level)", aliases=("qaf level", "quality rating", "qaf",
                                                                      "quality", "rating", "grade")),
        Field("standing", "Standing", aliases=("standing", "contract standing", "contract status", "status"),
              help="Steady state, interim, expired or exempted."),
    ),
)

ACTIONS = Kind(
    name="actions",
    title="Action plan",
    table="action_item",
    description="An action plan as it is written: objectives or findings in the first row of their block, one or "
                "more actions under each, leads, due dates as dates or words, status and progress. Several plans "
                "are kept side by side; rows are matched by plan, reference and order.",
    key=("plan", "ref", "seq"),
    text_rows=True,
    one_of=(("objective", "ref"),),  # an action column alone is not a plan: a revenue sheet has one
    fields=(
        Field("ref", "Ref", aliases=("page ref", "page", "ref", "reference", "ref no", "no", "number", "item",
                                     "action ref", "recommendation no", "para"),
              avoid=("also refer",)),
        Field("objective", "Objective or finding", type=PARAGRAPHS,
              aliases=("strategic objective", "objective", "review findings", "review finding", "findings",
                       "finding", "recommendation", "recommendations", "issue", "theme", "area for improvement")),
        Field("action", "Action", required=True, blank_ok=True, type=PARAGRAPHS,
              aliases=("actions", "action", "action required", "actions required", "what we will do", "task",
                       "actions agreed")),
        Field("lead", "Lead", aliases=("lead", "responsibility", "responsible officer", "lead officer", "owner",
                                       "responsible", "who", "lead person")),
        Field("due_text", "Due date", aliases=("date", "due date", "target date", "deadline", "by when",
                                               "timescale", "completion date", "due", "target")),
        Field("status", "Status", aliases=("status", "progress status", "current status", "state"),
              help="Not started, In progress, Delayed, Complete or Cancelled (On track, Ongoing, Done, Behind ...)."),
        Field("progress", "Progress", type=PARAGRAPHS,
              aliases=("progress", "progress note", "progress to date", "update", "latest update", "comments",
                       "commentary", "progress update")),
        Field("reported_rag", "RAG (as reported)", type=RAG,
              aliases=("rag", "rag status", "rag rating", "red amber green", "rating"),
              help="The plan's own RAG, kept beside the one the dashboard works out from status and due date."),
        Field("jsna", "Links to JSNA", type=PARAGRAPHS, aliases=("links to jsna", "jsna", "jsna link", "evidence")),
        Field("risks", "Risks", type=PARAGRAPHS, aliases=("risks", "risk", "key risks")),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in (REVENUE, CAPITAL, HOMECARE, ACTIONS, CONTRACTS)}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown kind '{name}': expected one of {', '.join(KINDS)}") from None
