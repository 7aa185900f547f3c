"""gates of the project library

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Who decided a review or approval step (body, 文号, date), why an acceptance came late, why a
notice's window starts well before it was registered, and library adjustments (项目调整) with
their values before and after.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project_step", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decided_by", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("doc_number", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("late_reason", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("backdate_reason", sa.Text(), nullable=False, server_default="")
        )
    op.create_table(
        "project_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=60), nullable=False),
        sa.Column("doc_number", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_adjustment_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["app_user.id"],
            name=op.f("fk_project_adjustment_requested_by_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_adjustment")),
    )
    with op.batch_alter_table("project_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_adjustment_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("project_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_adjustment_project_id"))
    op.drop_table("project_adjustment")
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_column("backdate_reason")
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.drop_column("late_reason")
    with op.batch_alter_table("project_step", schema=None) as batch_op:
        batch_op.drop_column("doc_number")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("decided_by")
