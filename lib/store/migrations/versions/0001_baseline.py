"""The schema as the code of November 2026 made it, before migrations: import batches and their row history,
settings and their change log, and the tables of the five kinds then read (revenue, capital, home care hours and
comparators, contracts, action plans).

Written to bring any earlier store up to it as well as to make a new one: a table that is missing is created; a table
that is there gets the columns and indexes it lacks (stores made by earlier code added columns as they went).

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _tables(metadata: sa.MetaData) -> list[sa.Table]:
    return [
        sa.Table(
            "action_item", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("plan", sa.String(), nullable=False, index=True),
            sa.Column("ref", sa.String(), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("theme", sa.String()),
            sa.Column("objective", sa.String()),
            sa.Column("action", sa.String()),
            sa.Column("lead", sa.String()),
            sa.Column("lead_name", sa.String()),
            sa.Column("due_date", sa.Date()),
            sa.Column("due_text", sa.String()),
            sa.Column("status", sa.String()),
            sa.Column("progress", sa.String()),
            sa.Column("jsna", sa.String()),
            sa.Column("risks", sa.String()),
            sa.Column("cross_refs", sa.String()),
            sa.Column("reported_rag", sa.String()),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "capital_scheme", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("as_at", sa.Date(), nullable=False, index=True),
            sa.Column("line_no", sa.Integer(), nullable=False),
            sa.Column("client_group", sa.String()),
            sa.Column("scheme_code", sa.String()),
            sa.Column("scheme", sa.String(), nullable=False),
            sa.Column("approved_budget", sa.Float(), nullable=False),
            sa.Column("actual_to_date", sa.Float(), nullable=False),
            sa.Column("projected_outturn", sa.Float(), nullable=False),
            sa.Column("rag", sa.String()),
            sa.Column("note_ref", sa.String()),
            sa.Column("comment", sa.String()),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "contract", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("reference", sa.String(), nullable=False, index=True),
            sa.Column("title", sa.String(), nullable=False),
            sa.Column("department", sa.String()),
            sa.Column("description", sa.String()),
            sa.Column("supplier", sa.String(), nullable=False),
            sa.Column("supplier_details", sa.String()),
            sa.Column("registration_number", sa.String()),
            sa.Column("total_value", sa.Float()),
            sa.Column("annual_value", sa.Float()),
            sa.Column("irrecoverable_vat", sa.Float()),
            sa.Column("start_date", sa.Date()),
            sa.Column("end_date", sa.Date()),
            sa.Column("review_date", sa.Date()),
            sa.Column("procurement", sa.String()),
            sa.Column("sme", sa.Boolean()),
            sa.Column("vcse", sa.Boolean()),
            sa.Column("service_type", sa.String()),
            sa.Column("client_group", sa.String()),
            sa.Column("contract_type", sa.String()),
            sa.Column("provider_sector", sa.String()),
            sa.Column("area", sa.String()),
            sa.Column("payment_terms", sa.String()),
            sa.Column("uplift_basis", sa.String()),
            sa.Column("key_contact", sa.String()),
            sa.Column("last_monitoring", sa.Date()),
            sa.Column("quality_rating", sa.String()),
            sa.Column("standing", sa.String()),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "homecare_comparator", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("source", sa.String(), nullable=False),
            sa.Column("comparator", sa.String(), nullable=False),
            sa.Column("period", sa.String(), nullable=False),
            sa.Column("period_date", sa.Date()),
            sa.Column("in_house_share", sa.Float(), nullable=False),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "homecare_hours", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("week_ending", sa.Date(), nullable=False, index=True),
            sa.Column("line_no", sa.Integer(), nullable=False),
            sa.Column("area", sa.String()),
            sa.Column("provider", sa.String()),
            sa.Column("sector", sa.String(), nullable=False),
            sa.Column("hours", sa.Float(), nullable=False),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "import_batch", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("kind", sa.String(), nullable=False, index=True),
            sa.Column("action", sa.String(), nullable=False),
            sa.Column("file_name", sa.String()),
            sa.Column("sheet", sa.String()),
            sa.Column("scope", sa.String()),
            sa.Column("title", sa.String()),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("created_by", sa.String(), nullable=False),
            sa.Column("added", sa.Integer(), nullable=False),
            sa.Column("changed", sa.Integer(), nullable=False),
            sa.Column("removed", sa.Integer(), nullable=False),
            sa.Column("unchanged", sa.Integer(), nullable=False),
            sa.Column("warnings", sa.String(), nullable=False),
            sa.Column("undoes", sa.Integer()),
            sa.Column("undone_by", sa.Integer()),
        ),
        sa.Table(
            "revenue_line", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("as_at", sa.Date(), nullable=False, index=True),
            sa.Column("line_no", sa.Integer(), nullable=False),
            sa.Column("section", sa.String()),
            sa.Column("service_area", sa.String(), nullable=False),
            sa.Column("annual_budget", sa.Float(), nullable=False),
            sa.Column("projected_outturn", sa.Float(), nullable=False),
            sa.Column("variance", sa.Float(), nullable=False),
            sa.Column("last_variance", sa.Float()),
            sa.Column("rag_current", sa.String()),
            sa.Column("rag_revised", sa.String()),
            sa.Column("management_action_impact", sa.Float()),
            sa.Column("revised_variance", sa.Float()),
            sa.Column("gross_budget", sa.Float()),
            sa.Column("note_ref", sa.String()),
            sa.Column("reason", sa.String()),
            sa.Column("management_action", sa.String()),
            sa.Column("batch_id", sa.Integer()),
        ),
        sa.Table(
            "setting", metadata,
            sa.Column("key", sa.String(), primary_key=True),
            sa.Column("value", sa.String(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("updated_by", sa.String(), nullable=False),
        ),
        sa.Table(
            "setting_change", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("key", sa.String(), nullable=False, index=True),
            sa.Column("before", sa.String()),
            sa.Column("after", sa.String(), nullable=False),
            sa.Column("changed_at", sa.DateTime(), nullable=False),
            sa.Column("changed_by", sa.String(), nullable=False),
        ),
        sa.Table(
            "row_change", metadata,
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id"), nullable=False, index=True),
            sa.Column("table_name", sa.String(), nullable=False, index=True),
            sa.Column("row_id", sa.Integer(), nullable=False, index=True),
            sa.Column("op", sa.String(), nullable=False),
            sa.Column("before", sa.String()),
            sa.Column("after", sa.String()),
        ),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    metadata = sa.MetaData()
    tables = _tables(metadata)
    for table in metadata.sorted_tables:
        if table.name not in present:
            table.create(bind)
            continue
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns:  # added by later code: nullable, so existing rows keep their values
                op.add_column(table.name, sa.Column(column.name, column.type, nullable=True))
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(bind)
    assert tables


def downgrade() -> None:
    raise NotImplementedError("the first schema has nothing before it")
