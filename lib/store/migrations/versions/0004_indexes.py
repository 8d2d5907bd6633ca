"""Indexes for the queries the pages run on large stores: an action's or contract's history (row_change by table and
row together), the file each reporting date came from (import_batch by kind and scope), contracts by end date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_row_change_table_row", "row_change", ["table_name", "row_id"]),
    ("ix_import_batch_kind_scope", "import_batch", ["kind", "scope"]),
    ("ix_contract_end_date", "contract", ["end_date"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
