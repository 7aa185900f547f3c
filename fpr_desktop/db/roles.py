"""PostgreSQL roles: an owner that owns the schema and runs migrations (`fpr db upgrade`), and
the role the clerks' PCs connect with, which reads and writes data but cannot alter tables,
disable triggers, or change, delete or truncate the append-only audit log."""

from __future__ import annotations

import re

from sqlalchemy import text

from fpr_desktop.base.errors import UserError
from fpr_desktop.db.engine import Database

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UserError(f"角色名“{name[:40]}”无效：只能用小写字母、数字和下划线，且以字母开头。")
    return f'"{name}"'


def setup_roles(db: Database, owner: str, app: str) -> list[str]:
    """Create (if missing) and configure both roles; run by a PostgreSQL superuser.

    Returns the Chinese lines to show. Passwords are set by the server administrator
    (ALTER ROLE … PASSWORD …); roles created here can log in once they have one.
    """
    if db.is_sqlite:
        raise UserError("SQLite 数据库不需要设置角色；此命令只用于 PostgreSQL 服务器。")
    if owner == app:
        raise UserError("所有者角色和客户端角色必须是两个不同的角色。")
    o, a = _checked(owner), _checked(app)
    said = []
    with db.engine.begin() as conn:
        for role in (owner, app):
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}) is None:
                conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
                said.append(f"已创建角色 {role}（请由服务器管理员为其设置密码）。")
        database = conn.scalar(text("SELECT current_database()"))
        d = f'"{database}"'
        conn.execute(text(f"ALTER DATABASE {d} OWNER TO {o}"))
        conn.execute(text(f"ALTER SCHEMA public OWNER TO {o}"))
        tables = conn.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).all()
        for table in tables:  # owned sequences follow their table
            conn.execute(text(f'ALTER TABLE public."{table}" OWNER TO {o}'))
        functions = conn.scalars(
            text(
                "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.proname LIKE 'fpr\\_%'"
            )
        ).all()
        for function in functions:
            conn.execute(text(f"ALTER FUNCTION {function} OWNER TO {o}"))
        for statement in (
            f"REVOKE ALL ON DATABASE {d} FROM PUBLIC",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {d} TO {a}",
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {a}",
            f"GRANT USAGE ON SCHEMA public TO {a}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a}",
            f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {a}",
            f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {a}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {a}",
        ):
            conn.execute(text(statement))
    said.append(
        f"数据库 {database}：所有者角色 {owner}（升级数据库时使用），"
        f"客户端角色 {app}（各电脑连接时使用，只能读写业务数据，不能修改表结构或审计日志）。"
    )
    return said
