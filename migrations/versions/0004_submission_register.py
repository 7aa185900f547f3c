"""submission register

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

The submission register: every imported workbook (bytes + SHA-256, town, period, outcome), the
rows each import created or changed (for undo), and remembered column mappings per town.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "column_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=True),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_column_mapping_town_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_mapping")),
    )
    with op.batch_alter_table("column_mapping", schema=None) as batch_op:
        batch_op.create_index("ix_column_mapping_kind_town_id", ["kind", "town_id"], unique=False)

    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_submission_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_submission_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index(
            "ix_submission_kind_year_month_town_id",
            ["kind", "year", "month", "town_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_submission_sha256"), ["sha256"], unique=False)

    op.create_table(
        "submission_item",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("last_row_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("version_after", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_submission_item_submission_id_submission"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_item")),
    )
    with op.batch_alter_table("submission_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_item_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("submission_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_item_submission_id"))

    op.drop_table("submission_item")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_sha256"))
        batch_op.drop_index("ix_submission_kind_year_month_town_id")

    op.drop_table("submission")
    with op.batch_alter_table("column_mapping", schema=None) as batch_op:
        batch_op.drop_index("ix_column_mapping_kind_town_id")

    op.drop_table("column_mapping")
