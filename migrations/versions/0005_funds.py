"""fund ledgers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

The fund ledger (资金台账): allocation documents, their assignments to projects, the ledger
entries (拨付/支出/质保金/报账, adjustments) with covering indexes for the monthly report, and the
months (monthly report, lock).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_no", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("subtask", sa.String(length=40), nullable=False),
        sa.Column("budget_subject", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("in_advance", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_document")),
        sa.UniqueConstraint("doc_no", name=op.f("uq_fund_document_doc_no")),
    )
    with op.batch_alter_table("fund_document", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fund_document_year_issued_on", ["year", "issued_on"], unique=False
        )

    op.create_table(
        "fund_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("filled_by", sa.String(length=40), nullable=False),
        sa.Column("reviewed_by", sa.String(length=40), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.String(length=60), nullable=False),
        sa.Column("reopen_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_month")),
        sa.UniqueConstraint("period", name=op.f("uq_fund_month_period")),
    )
    op.create_table(
        "fund_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["fund_document.id"],
            name=op.f("fk_fund_assignment_document_id_fund_document"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_fund_assignment_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_fund_assignment_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_fund_assignment_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_assignment")),
        sa.UniqueConstraint(
            "document_id", "project_id", name=op.f("uq_fund_assignment_document_id_project_id")
        ),
    )
    with op.batch_alter_table("fund_assignment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fund_assignment_assigned_on_source_town_id",
            ["assigned_on", "source", "town_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_fund_assignment_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "fund_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("payee", sa.String(length=100), nullable=False),
        sa.Column("voucher_no", sa.String(length=40), nullable=False),
        sa.Column("use_category", sa.String(length=40), nullable=False),
        sa.Column("flag", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("adjusts_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adjusts_id"], ["fund_entry.id"], name=op.f("fk_fund_entry_adjusts_id_fund_entry")
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["fund_assignment.id"],
            name=op.f("fk_fund_entry_assignment_id_fund_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_fund_entry_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_fund_entry_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_fund_entry_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_entry")),
    )
    with op.batch_alter_table("fund_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fund_entry_assignment_id_kind", ["assignment_id", "kind"], unique=False
        )
        batch_op.create_index("ix_fund_entry_entry_date_id", ["entry_date", "id"], unique=False)
        batch_op.create_index("ix_fund_entry_project_id_kind", ["project_id", "kind"], unique=False)
        batch_op.create_index(
            "ix_fund_entry_source_town_id_kind_entry_date_amount",
            ["source", "town_id", "kind", "entry_date", "amount"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("fund_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_fund_entry_source_town_id_kind_entry_date_amount")
        batch_op.drop_index("ix_fund_entry_project_id_kind")
        batch_op.drop_index("ix_fund_entry_entry_date_id")
        batch_op.drop_index("ix_fund_entry_assignment_id_kind")

    op.drop_table("fund_entry")
    with op.batch_alter_table("fund_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fund_assignment_project_id"))
        batch_op.drop_index("ix_fund_assignment_assigned_on_source_town_id")

    op.drop_table("fund_assignment")
    op.drop_table("fund_month")
    with op.batch_alter_table("fund_document", schema=None) as batch_op:
        batch_op.drop_index("ix_fund_document_year_issued_on")

    op.drop_table("fund_document")
