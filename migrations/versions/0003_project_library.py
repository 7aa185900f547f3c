"""project library

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

The project library: categories, projects, targets, funding, steps, 四议两公开 meetings,
supervision sign-offs, acceptance, annual plans.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annual_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_plan")),
        sa.UniqueConstraint("year", name=op.f("uq_annual_plan_year")),
    )
    op.create_table(
        "project_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["project_category.id"],
            name=op.f("fk_project_category_parent_id_project_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_category")),
    )
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("construction_type", sa.String(length=10), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("group_name", sa.String(length=60), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("responsible_unit", sa.String(length=100), nullable=False),
        sa.Column("responsible_person", sa.String(length=40), nullable=False),
        sa.Column("implementing_unit", sa.String(length=100), nullable=False),
        sa.Column("total_investment", sa.BigInteger(), nullable=False),
        sa.Column("fiscal_funds", sa.BigInteger(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("poverty_households", sa.Integer(), nullable=False),
        sa.Column("poverty_people", sa.Integer(), nullable=False),
        sa.Column("monitored_households", sa.Integer(), nullable=False),
        sa.Column("monitored_people", sa.Integer(), nullable=False),
        sa.Column("benefit_mechanism", sa.String(length=200), nullable=False),
        sa.Column("implementation_mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("settled_amount", sa.BigInteger(), nullable=True),
        sa.Column("tender_date", sa.Date(), nullable=True),
        sa.Column("contractor", sa.String(length=100), nullable=False),
        sa.Column("contract_amount", sa.BigInteger(), nullable=True),
        sa.Column("labour_wages", sa.BigInteger(), nullable=True),
        sa.Column("local_workers", sa.Integer(), nullable=True),
        sa.Column("poverty_workers", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["project_category.id"],
            name=op.f("fk_project_category_id_project_category"),
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["app_user.id"], name=op.f("fk_project_proposer_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_project_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_project_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index("ix_project_status_id", ["status", "id"], unique=False)
        batch_op.create_index("ix_project_town_id_year_id", ["town_id", "year", "id"], unique=False)
        batch_op.create_index("ix_project_village_id_year", ["village_id", "year"], unique=False)
        batch_op.create_index("ix_project_year_id", ["year", "id"], unique=False)

    op.create_table(
        "acceptance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_acceptance_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acceptance")),
    )
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_acceptance_project_id"), ["project_id"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("carried_from", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["annual_plan.id"], name=op.f("fk_plan_item_plan_id_annual_plan")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_plan_item_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item")),
        sa.UniqueConstraint(
            "plan_id", "project_id", "source", name=op.f("uq_plan_item_plan_id_project_id_source")
        ),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_item_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_funding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_funding_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_funding")),
        sa.UniqueConstraint(
            "project_id", "source", name=op.f("uq_project_funding_project_id_source")
        ),
    )
    with op.batch_alter_table("project_funding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_funding_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_step_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_project_step_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_step")),
    )
    with op.batch_alter_table("project_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_step_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "project_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("target_value", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_target_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_target")),
    )
    with op.batch_alter_table("project_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_target_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "supervision_signoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_supervision_signoff_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_signoff")),
    )
    with op.batch_alter_table("supervision_signoff", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_signoff_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "village_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("meeting_type", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("abstentions", sa.Integer(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("result_published_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_village_meeting_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_meeting")),
    )
    with op.batch_alter_table("village_meeting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_village_meeting_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("village_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_village_meeting_project_id"))

    op.drop_table("village_meeting")
    with op.batch_alter_table("supervision_signoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_signoff_project_id"))

    op.drop_table("supervision_signoff")
    with op.batch_alter_table("project_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_target_project_id"))

    op.drop_table("project_target")
    with op.batch_alter_table("project_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_step_project_id"))

    op.drop_table("project_step")
    with op.batch_alter_table("project_funding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_funding_project_id"))

    op.drop_table("project_funding")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_project_id"))
        batch_op.drop_index(batch_op.f("ix_plan_item_plan_id"))

    op.drop_table("plan_item")
    with op.batch_alter_table("acceptance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_acceptance_project_id"))

    op.drop_table("acceptance")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index("ix_project_year_id")
        batch_op.drop_index("ix_project_village_id_year")
        batch_op.drop_index("ix_project_town_id_year_id")
        batch_op.drop_index("ix_project_status_id")

    op.drop_table("project")
    op.drop_table("project_category")
    op.drop_table("annual_plan")
