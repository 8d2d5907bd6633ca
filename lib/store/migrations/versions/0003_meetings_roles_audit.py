"""Meetings (dated steering group meetings), roles by e-mail, and the audit log (only ever added to).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
    )
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"], unique=True)
    op.create_table(
        "user_role",
        sa.Column("email", sa.String(), primary_key=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(), nullable=False),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("batch_id", sa.Integer()),
        sa.Column("detail", sa.String()),
    )
    for column in ("at", "who", "action"):
        op.create_index(f"ix_audit_event_{column}", "audit_event", [column])


def downgrade() -> None:
    op.drop_table("audit_event")
    op.drop_table("user_role")
    op.drop_index("ix_meeting_held_on", table_name="meeting")
    op.drop_table("meeting")
