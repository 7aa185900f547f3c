"""resident village cadres

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01

Resident village cadres (驻村干部): key assistance villages by year, dispatching units, cadres,
assignments, daily attendance, spot checks, leave, household visits, trainings, work records,
assessment rounds and results, care records.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=6), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_round")),
        sa.UniqueConstraint("year", "kind", name=op.f("uq_assessment_round_year_kind")),
    )
    op.create_table(
        "dispatch_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_unit")),
        sa.UniqueConstraint("name", name=op.f("uq_dispatch_unit_name")),
    )
    op.create_table(
        "cadre",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=60), nullable=False),
        sa.Column("party_member_since", sa.Date(), nullable=True),
        sa.Column("work_since", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["dispatch_unit.id"], name=op.f("fk_cadre_unit_id_dispatch_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre")),
    )
    with op.batch_alter_table("cadre", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cadre_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "household_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("household", sa.String(length=60), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitors", sa.String(length=200), nullable=False),
        sa.Column("items", sa.String(length=200), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("referred", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_household_visit_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_visit")),
    )
    with op.batch_alter_table("household_visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_visit_village_id_visited_on", ["village_id", "visited_on"], unique=False
        )

    op.create_table(
        "key_village",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_key_village_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_village")),
        sa.UniqueConstraint("year", "village_id", name=op.f("uq_key_village_year_village_id")),
    )
    op.create_table(
        "cadre_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("town_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("document_no", sa.String(length=60), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=10), nullable=False),
        sa.Column("end_note", sa.Text(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_assignment_cadre_id_cadre")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["cadre_assignment.id"],
            name=op.f("fk_cadre_assignment_replaces_id_cadre_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["town_id"], ["division.id"], name=op.f("fk_cadre_assignment_town_id_division")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["division.id"], name=op.f("fk_cadre_assignment_village_id_division")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_assignment")),
    )
    with op.batch_alter_table("cadre_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cadre_assignment_cadre_id"), ["cadre_id"], unique=False
        )
        batch_op.create_index("ix_cadre_assignment_town_id_id", ["town_id", "id"], unique=False)
        batch_op.create_index(
            "ix_cadre_assignment_village_id_ended_on", ["village_id", "ended_on"], unique=False
        )

    op.create_table(
        "cadre_attendance_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("marks", sa.String(length=31), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_attendance_month_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_attendance_month")),
        sa.UniqueConstraint(
            "cadre_id", "year", "month", name=op.f("uq_cadre_attendance_month_cadre_id_year_month")
        ),
    )
    op.create_table(
        "cadre_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("halves", sa.SmallInteger(), nullable=False),
        sa.Column("mark", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_attendance_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_attendance")),
        sa.UniqueConstraint("cadre_id", "day", name=op.f("uq_cadre_attendance_cadre_id_day")),
    )
    with op.batch_alter_table("cadre_attendance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cadre_attendance_day_cadre_id_halves_mark",
            ["day", "cadre_id", "halves", "mark"],
            unique=False,
        )

    op.create_table(
        "cadre_care",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=6), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("provider", sa.String(length=100), nullable=False),
        sa.Column("occasion", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("policy_no", sa.String(length=60), nullable=False),
        sa.Column("insurer", sa.String(length=100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_care_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_care")),
    )
    with op.batch_alter_table("cadre_care", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cadre_care_cadre_id"), ["cadre_id"], unique=False)

    op.create_table(
        "cadre_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("leave_type", sa.String(length=4), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_pm", sa.Boolean(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("end_am", sa.Boolean(), nullable=False),
        sa.Column("halves", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("attachment_name", sa.String(length=200), nullable=False),
        sa.Column("attachment", sa.LargeBinary(), nullable=True),
        sa.Column("approver_tier", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("reported_back_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_leave_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_leave")),
    )
    with op.batch_alter_table("cadre_leave", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cadre_leave_cadre_id"), ["cadre_id"], unique=False)

    op.create_table(
        "cadre_spot_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("checked_by", sa.String(length=100), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_spot_check_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_spot_check")),
    )
    with op.batch_alter_table("cadre_spot_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cadre_spot_check_cadre_id"), ["cadre_id"], unique=False
        )

    op.create_table(
        "cadre_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=100), nullable=False),
        sa.Column("organiser_level", sa.String(length=4), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_training_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_training")),
    )
    with op.batch_alter_table("cadre_training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cadre_training_cadre_id"), ["cadre_id"], unique=False)

    op.create_table(
        "cadre_work_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_work_record_cadre_id_cadre")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_work_record")),
    )
    with op.batch_alter_table("cadre_work_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cadre_work_record_cadre_id"), ["cadre_id"], unique=False
        )

    op.create_table(
        "cadre_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("self_report", sa.Text(), nullable=False),
        sa.Column("democratic_rating", sa.String(length=20), nullable=False),
        sa.Column("town_opinion", sa.Text(), nullable=False),
        sa.Column("unit_opinion", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=10), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("use_of_result", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["cadre_assignment.id"],
            name=op.f("fk_cadre_assessment_assignment_id_cadre_assignment"),
        ),
        sa.ForeignKeyConstraint(
            ["cadre_id"], ["cadre.id"], name=op.f("fk_cadre_assessment_cadre_id_cadre")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["assessment_round.id"],
            name=op.f("fk_cadre_assessment_round_id_assessment_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadre_assessment")),
        sa.UniqueConstraint(
            "round_id", "cadre_id", name=op.f("uq_cadre_assessment_round_id_cadre_id")
        ),
    )
    with op.batch_alter_table("cadre_assessment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cadre_assessment_cadre_id"), ["cadre_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cadre_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_assessment_cadre_id"))

    op.drop_table("cadre_assessment")
    with op.batch_alter_table("cadre_work_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_work_record_cadre_id"))

    op.drop_table("cadre_work_record")
    with op.batch_alter_table("cadre_training", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_training_cadre_id"))

    op.drop_table("cadre_training")
    with op.batch_alter_table("cadre_spot_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_spot_check_cadre_id"))

    op.drop_table("cadre_spot_check")
    with op.batch_alter_table("cadre_leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_leave_cadre_id"))

    op.drop_table("cadre_leave")
    with op.batch_alter_table("cadre_care", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_care_cadre_id"))

    op.drop_table("cadre_care")
    with op.batch_alter_table("cadre_attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_cadre_attendance_day_cadre_id_halves_mark")

    op.drop_table("cadre_attendance")
    op.drop_table("cadre_attendance_month")
    with op.batch_alter_table("cadre_assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_cadre_assignment_village_id_ended_on")
        batch_op.drop_index("ix_cadre_assignment_town_id_id")
        batch_op.drop_index(batch_op.f("ix_cadre_assignment_cadre_id"))

    op.drop_table("cadre_assignment")
    op.drop_table("key_village")
    with op.batch_alter_table("household_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_household_visit_village_id_visited_on")

    op.drop_table("household_visit")
    with op.batch_alter_table("cadre", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cadre_unit_id"))

    op.drop_table("cadre")
    op.drop_table("dispatch_unit")
    op.drop_table("assessment_round")
