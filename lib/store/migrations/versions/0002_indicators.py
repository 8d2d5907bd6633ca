"""Performance indicators: one row per indicator and reporting date (lib/kinds/indicators.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("code", sa.String()),
        sa.Column("indicator", sa.String(), nullable=False),
        sa.Column("period", sa.String()),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("actual", sa.Float(), nullable=False),
        sa.Column("polarity", sa.String(), nullable=False),
        sa.Column("source", sa.String()),
        sa.Column("comment", sa.String()),
        sa.Column("reported_rag", sa.String()),
        sa.Column("batch_id", sa.Integer()),
    )
    op.create_index("ix_indicator_as_at", "indicator", ["as_at"])


def downgrade() -> None:
    op.drop_index("ix_indicator_as_at", table_name="indicator")
    op.drop_table("indicator")
