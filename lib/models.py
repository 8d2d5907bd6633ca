"""The store's tables, in one place. Amounts are pounds; dates are dates; who and when on every write."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ImportBatch(SQLModel, table=True):
    """One numbered change to the store: an import, an in-app edit, the demo load, or an undo."""

    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    action: str  # import, edit, demo, undo
    file_name: str | None = None
    sheet: str | None = None
    scope: str | None = None  # the reporting date or week the batch belongs to
    title: str | None = None  # the sheet's title rows, e.g. "REVENUE BUDGET MONITORING SUMMARY"
    created_at: dt.datetime = Field(default_factory=_now)
    created_by: str = "unknown"
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    warnings: str = ""
    undoes: int | None = None  # for an undo: the batch it reversed
    undone_by: int | None = None  # set when a later undo reversed this batch


class RowChange(SQLModel, table=True):
    """The previous and new version of every row a batch added, changed or removed (JSON)."""

    __tablename__ = "row_change"
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(index=True, foreign_key="import_batch.id")
    table_name: str = Field(index=True)
    row_id: int = Field(index=True)
    op: str  # add, change, remove
    before: str | None = None
    after: str | None = None


class RevenueLine(SQLModel, table=True):
    __tablename__ = "revenue_line"
    id: int | None = Field(default=None, primary_key=True)
    as_at: dt.date = Field(index=True)
    line_no: int = 0
    section: str | None = None
    service_area: str
    annual_budget: float
    projected_outturn: float
    variance: float
    last_variance: float | None = None
    rag_current: str | None = None
    rag_revised: str | None = None
    management_action_impact: float | None = None
    revised_variance: float | None = None
    gross_budget: float | None = None
    note_ref: str | None = None
    reason: str | None = None
    management_action: str | None = None
    batch_id: int | None = None


class CapitalScheme(SQLModel, table=True):
    __tablename__ = "capital_scheme"
    id: int | None = Field(default=None, primary_key=True)
    as_at: dt.date = Field(index=True)
    line_no: int = 0
    client_group: str | None = None
    scheme_code: str | None = None
    scheme: str
    approved_budget: float
    actual_to_date: float
    projected_outturn: float
    rag: str | None = None
    note_ref: str | None = None
    comment: str | None = None
    batch_id: int | None = None


class HomecareHours(SQLModel, table=True):
    """Hours of home care delivered in one week, by sector (In-house or Independent), area and provider."""

    __tablename__ = "homecare_hours"
    id: int | None = Field(default=None, primary_key=True)
    week_ending: dt.date = Field(index=True)
    line_no: int = 0
    area: str | None = None
    provider: str | None = None
    sector: str
    hours: float
    batch_id: int | None = None


class HomecareComparator(SQLModel, table=True):
    """A published % of home care hours provided in-house, kept with its source and date (not reconciled)."""

    __tablename__ = "homecare_comparator"
    id: int | None = Field(default=None, primary_key=True)
    source: str
    comparator: str  # Rotherham, IPF comparator group, Met Districts, England ...
    period: str  # as published, e.g. "September 2003"
    period_date: dt.date | None = None
    in_house_share: float
    batch_id: int | None = None


class Contract(SQLModel, table=True):
    """One contract on the register (Transparency Code fields and the commissioning team's own)."""

    __tablename__ = "contract"
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(index=True)
    title: str
    department: str | None = None
    description: str | None = None
    supplier: str
    supplier_details: str | None = None
    registration_number: str | None = None
    total_value: float | None = None
    annual_value: float | None = None
    irrecoverable_vat: float | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    review_date: dt.date | None = None
    procurement: str | None = None
    sme: bool | None = None
    vcse: bool | None = None
    service_type: str | None = None
    client_group: str | None = None
    contract_type: str | None = None
    provider_sector: str | None = None
    area: str | None = None
    payment_terms: str | None = None
    uplift_basis: str | None = None
    key_contact: str | None = None
    last_monitoring: dt.date | None = None
    quality_rating: str | None = None
    standing: str | None = None
    batch_id: int | None = None


class ActionItem(SQLModel, table=True):
    """One action of a plan (or a finding with no action yet), with its due date as read and as written."""

    __tablename__ = "action_item"
    id: int | None = Field(default=None, primary_key=True)
    plan: str = Field(index=True)
    ref: str
    seq: int = 1  # order within a reference shared by several actions
    theme: str | None = None
    objective: str | None = None
    action: str | None = None
    lead: str | None = None  # as written ("KH", "Vicky Brown Tim Gollins")
    lead_name: str | None = None  # initials expanded from the plan's KEY
    due_date: dt.date | None = None
    due_text: str | None = None  # the due date as written, when it is not a plain date
    status: str | None = None
    progress: str | None = None
    jsna: str | None = None
    risks: str | None = None
    cross_refs: str | None = None  # "1.6,4.1" from "Also refer to 1.6, 4.1"
    reported_rag: str | None = None  # the plan's own RAG column, kept beside the RAG the dashboard works out
    batch_id: int | None = None


class Setting(SQLModel, table=True):
    """Team settings such as the RAG policy, as JSON, with who changed them last."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str
    updated_at: dt.datetime = Field(default_factory=_now)
    updated_by: str = "unknown"


class SettingChange(SQLModel, table=True):
    """Every change to a team setting, never edited or deleted: what it was, what it became, who and when."""

    __tablename__ = "setting_change"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    before: str | None = None  # JSON; None when the setting was first set
    after: str
    changed_at: dt.datetime = Field(default_factory=_now)
    changed_by: str = "unknown"


DATA_TABLES: dict[str, type[SQLModel]] = {
    "revenue_line": RevenueLine,
    "capital_scheme": CapitalScheme,
    "homecare_hours": HomecareHours,
    "homecare_comparator": HomecareComparator,
    "contract": Contract,
    "action_item": ActionItem,
}
