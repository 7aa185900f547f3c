"""project assets

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01

Project assets (扶贫资产): asset cards with their funding split and history, handovers, income,
distribution plans and payouts, upkeep with its inspection log, and disposals.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "distribution_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False),
        sa.Column("collective", sa.BigInteger(), nullable=False),
        sa.Column("households", sa.BigInteger(), nullable=False),
        sa.Column("household_count", sa.Integer(), nullable=False),
        sa.Column("welfare_wages", sa.BigInteger(), nullable=False),
        sa.Column("upkeep", sa.BigInteger(), nullable=False),
        sa.Column("development", sa.BigInteger(), nullable=False),
        sa.Column("retained", sa.BigInteger(), nullable=False),
        sa.Column("one_off_cash", sa.Boolean(), nullable=False),
        sa.Column("procedure", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("town_reviewed_on", sa.Date(), nullable=True),
        sa.Column("county_agreed_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["division_id"], ["division.id"], name=op.f("fk_distribution_plan_division_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_plan")),
    )
    with op.batch_alter_table("distribution_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_distribution_plan_division_id"), ["division_id"], unique=False
        )

    op.create_table(
        "distribution_payout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("use", sa.String(length=20), nullable=False),
        sa.Column("payee", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["division_id"],
            ["division.id"],
            name=op.f("fk_distribution_payout_division_id_division"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["distribution_plan.id"],
            name=op.f("fk_distribution_payout_plan_id_distribution_plan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution_payout")),
    )
    with op.batch_alter_table("distribution_payout", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_distribution_payout_plan_id"), ["plan_id"], unique=False
        )

    op.create_table(
        "asset_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("from_unit", sa.String(length=100), nullable=False),
        sa.Column("to_unit", sa.String(length=100), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("from_signer", sa.String(length=40), nullable=False),
        sa.Column("to_signer", sa.String(length=40), nullable=False),
        sa.Column("witnesses", sa.String(length=200), nullable=False),
        sa.Column("difference_note", sa.Text(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["division_id"], ["division.id"], name=op.f("fk_asset_handover_division_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_asset_handover_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_handover")),
        sa.UniqueConstraint("number", name=op.f("uq_asset_handover_number")),
    )
    with op.batch_alter_table("asset_handover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_handover_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "asset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("asset_class", sa.String(length=10), nullable=False),
        sa.Column("nature", sa.String(length=10), nullable=False),
        sa.Column("sub_type", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.String(length=30), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("group_name", sa.String(length=60), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("built_year", sa.Integer(), nullable=True),
        sa.Column("original_value", sa.BigInteger(), nullable=False),
        sa.Column("owner_tier", sa.String(length=10), nullable=True),
        sa.Column("owner_division_id", sa.Integer(), nullable=True),
        sa.Column("owner_town_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=100), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("sanzi_entry_on", sa.Date(), nullable=True),
        sa.Column("sanzi_entry_no", sa.String(length=40), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("contract_terms", sa.Text(), nullable=False),
        sa.Column("risk_controls", sa.Text(), nullable=False),
        sa.Column("beneficiaries", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"], ["asset_handover.id"], name=op.f("fk_asset_handover_id_asset_handover")
        ),
        sa.ForeignKeyConstraint(
            ["owner_division_id"], ["division.id"], name=op.f("fk_asset_owner_division_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["owner_town_id"], ["division.id"], name=op.f("fk_asset_owner_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_asset_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_asset_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_asset_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset")),
        sa.UniqueConstraint("code", name=op.f("uq_asset_code")),
    )
    with op.batch_alter_table("asset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_handover_id"), ["handover_id"], unique=False)
        batch_op.create_index(
            "ix_asset_owner_division_id_id", ["owner_division_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_asset_reconcile",
            [
                "owner_tier",
                "owner_town_id",
                "owner_division_id",
                "town_id",
                "village_id",
                "status",
                "original_value",
            ],
            unique=False,
        )
        batch_op.create_index(
            "ix_asset_class_nature",
            ["asset_class", "nature", "status", "original_value"],
            unique=False,
        )
        batch_op.create_index("ix_asset_owner_town_id_id", ["owner_town_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_asset_project_id"), ["project_id"], unique=False)

    op.create_table(
        "asset_disposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("procedure", sa.String(length=20), nullable=False),
        sa.Column("approval", sa.String(length=100), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=False),
        sa.Column("proceeds", sa.BigInteger(), nullable=False),
        sa.Column("proceeds_to", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_disposal_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_disposal")),
        sa.UniqueConstraint("asset_id", name=op.f("uq_asset_disposal_asset_id")),
    )
    op.create_table(
        "asset_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("from_value", sa.String(length=200), nullable=False),
        sa.Column("to_value", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_event_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_event")),
    )
    with op.batch_alter_table("asset_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_event_asset_id"), ["asset_id"], unique=False)

    op.create_table(
        "asset_funding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_funding_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_funding")),
    )
    with op.batch_alter_table("asset_funding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_funding_asset_id"), ["asset_id"], unique=False)

    op.create_table(
        "asset_income",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_income_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_income")),
    )
    with op.batch_alter_table("asset_income", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_income_asset_id"), ["asset_id"], unique=False)

    op.create_table(
        "asset_inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("inspector", sa.String(length=40), nullable=False),
        sa.Column("condition", sa.String(length=10), nullable=False),
        sa.Column("repair_needed", sa.Text(), nullable=False),
        sa.Column("repaired_on", sa.Date(), nullable=True),
        sa.Column("repair_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_inspection_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_inspection")),
    )
    with op.batch_alter_table("asset_inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_inspection_asset_id"), ["asset_id"], unique=False
        )

    op.create_table(
        "asset_upkeep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=100), nullable=False),
        sa.Column("person", sa.String(length=40), nullable=False),
        sa.Column("post", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("agreement", sa.String(length=100), nullable=False),
        sa.Column("agreement_on", sa.Date(), nullable=True),
        sa.Column("funding", sa.BigInteger(), nullable=False),
        sa.Column("funding_source", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_upkeep_asset_id_asset")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_upkeep")),
        sa.UniqueConstraint("asset_id", name=op.f("uq_asset_upkeep_asset_id")),
    )


def downgrade() -> None:
    op.drop_table("asset_upkeep")
    with op.batch_alter_table("asset_inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_inspection_asset_id"))

    op.drop_table("asset_inspection")
    with op.batch_alter_table("asset_income", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_income_asset_id"))

    op.drop_table("asset_income")
    with op.batch_alter_table("asset_funding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_funding_asset_id"))

    op.drop_table("asset_funding")
    with op.batch_alter_table("asset_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_event_asset_id"))

    op.drop_table("asset_event")
    op.drop_table("asset_disposal")
    with op.batch_alter_table("asset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_project_id"))
        batch_op.drop_index("ix_asset_owner_town_id_id")
        batch_op.drop_index("ix_asset_class_nature")
        batch_op.drop_index("ix_asset_reconcile")
        batch_op.drop_index("ix_asset_owner_division_id_id")
        batch_op.drop_index(batch_op.f("ix_asset_handover_id"))

    op.drop_table("asset")
    with op.batch_alter_table("asset_handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_handover_project_id"))

    op.drop_table("asset_handover")
    with op.batch_alter_table("distribution_payout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distribution_payout_plan_id"))

    op.drop_table("distribution_payout")
    with op.batch_alter_table("distribution_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distribution_plan_division_id"))

    op.drop_table("distribution_plan")
