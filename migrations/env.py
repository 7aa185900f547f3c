"""Alembic environment: the connection comes from the program (Config.attributes), never an ini.

No logging.fileConfig here: the program configures its own logging, and a frozen build has no
alembic.ini (TECH-NOTES, packaging).
"""

from __future__ import annotations

from alembic import context

from fpr_desktop.base.models.orm import Base
from fpr_desktop.base.registry import load_models

load_models()  # every table on Base.metadata

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run only from fpr_desktop.db.migrate (no connection given)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
