"""imports of real lists

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-01

Imported drafts may lack a category (待完善, required before submitting), a project may cover
several villages of its town (the first stays in project.village_id), and a county-wide file
counts as the submission of every town it holds rows of (submission_town).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.alter_column("category_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "project_village",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_village_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_project_village_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_village")),
        sa.UniqueConstraint(
            "project_id", "village_id", name=op.f("uq_project_village_project_id_village_id")
        ),
    )
    with op.batch_alter_table("project_village", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_village_project_id"), ["project_id"], unique=False
        )
    op.create_table(
        "submission_town",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_submission_town_submission_id_submission"),
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_submission_town_town_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_town")),
    )
    with op.batch_alter_table("submission_town", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_town_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("submission_town", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_town_submission_id"))
    op.drop_table("submission_town")
    with op.batch_alter_table("project_village", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_village_project_id"))
    op.drop_table("project_village")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.alter_column("category_id", existing_type=sa.Integer(), nullable=False)
