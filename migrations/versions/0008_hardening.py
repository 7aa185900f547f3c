"""hardening

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01

One live submission per file and kind (a partial unique index, so two users importing the same
file at once cannot both succeed); wrong-password counter and lock-out on users (written
without the version check); the audit log closed against REPLACE INTO on SQLite (a REPLACE
deletes without firing the delete trigger) and TRUNCATE on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_LIVE = "status = 'imported'"
APPEND_ONLY_MESSAGE = "audit_log is append-only"


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "uq_submission_kind_sha256_imported",
        "submission",
        ["kind", "sha256"],
        unique=True,
        sqlite_where=sa.text(_LIVE),
        postgresql_where=sa.text(_LIVE),
    )

    if op.get_bind().dialect.name == "sqlite":
        # REPLACE INTO / INSERT OR REPLACE with an existing id would delete that row silently
        op.execute(
            "CREATE TRIGGER trg_audit_log_no_replace BEFORE INSERT ON audit_log "
            "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION fpr_audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS trg_audit_log_no_replace")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_audit_log_no_truncate ON audit_log")
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")
    op.drop_index("uq_submission_kind_sha256_imported", table_name="submission")
