"""fund inspections and performance

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

Quarterly inspections of the funds (督查检查) with their findings, rectification state and
evidence files, and the performance monitoring of each project target (绩效监控与自评).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("inspectors", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_inspection")),
    )
    op.create_index(
        "ix_fund_inspection_year_quarter", "fund_inspection", ["year", "quarter"], unique=False
    )
    op.create_table(
        "fund_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("town_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("rectify_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rectified_on", sa.Date(), nullable=True),
        sa.Column("rectification", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["fund_inspection.id"],
            name=op.f("fk_fund_finding_inspection_id_fund_inspection"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_fund_finding_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_fund_finding_town_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_finding")),
    )
    op.create_index(
        op.f("ix_fund_finding_inspection_id"), "fund_finding", ["inspection_id"], unique=False
    )
    op.create_index(
        "ix_fund_finding_status_rectify_by", "fund_finding", ["status", "rectify_by"], unique=False
    )
    op.create_table(
        "fund_performance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("mid_value", sa.String(length=60), nullable=False),
        sa.Column("mid_on", sa.Date(), nullable=True),
        sa.Column("final_value", sa.String(length=60), nullable=False),
        sa.Column("evaluation", sa.String(length=10), nullable=False),
        sa.Column("evaluation_note", sa.Text(), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_fund_performance_project_id_project")
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_fund_performance_town_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_performance")),
        sa.UniqueConstraint(
            "project_id",
            "year",
            "kind",
            "indicator",
            name=op.f("uq_fund_performance_project_id_year_kind_indicator"),
        ),
    )
    op.create_index("ix_fund_performance_year", "fund_performance", ["year"], unique=False)
    op.create_table(
        "fund_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["fund_finding.id"],
            name=op.f("fk_fund_evidence_finding_id_fund_finding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_evidence")),
    )
    op.create_index(
        op.f("ix_fund_evidence_finding_id"), "fund_evidence", ["finding_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_fund_evidence_finding_id"), table_name="fund_evidence")
    op.drop_table("fund_evidence")
    op.drop_index("ix_fund_performance_year", table_name="fund_performance")
    op.drop_table("fund_performance")
    op.drop_index("ix_fund_finding_status_rectify_by", table_name="fund_finding")
    op.drop_index(op.f("ix_fund_finding_inspection_id"), table_name="fund_finding")
    op.drop_table("fund_finding")
    op.drop_index("ix_fund_inspection_year_quarter", table_name="fund_inspection")
    op.drop_table("fund_inspection")
