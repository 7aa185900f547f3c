"""notice document number

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

The 文号 printed under a county notice's title (陇乡振发〔2026〕12号), kept with the registered
notice so that printing it again gives the same number, and indexed with the issuing unit so a
number is not used twice by one unit in one year.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("doc_number", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.create_index("ix_notice_issuer_doc_number", ["issuer", "doc_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index("ix_notice_issuer_doc_number")
        batch_op.drop_column("doc_number")
