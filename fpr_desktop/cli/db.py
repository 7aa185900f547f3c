"""`fpr db upgrade|backup|restore|roles`: the schema, SQLite backups, PostgreSQL roles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fpr_desktop.cli.common import keep, login, open_db

ORDER = 10


def add_parsers(sub: Any) -> dict[str, Any]:
    db = sub.add_parser("db", help="数据库：升级、备份、恢复、角色")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", help="升级数据库结构到最新版本")
    b = dbsub.add_parser("backup", help="备份 SQLite 数据库到文件")
    b.add_argument("file", type=Path)
    r = dbsub.add_parser("restore", help="从备份文件恢复 SQLite 数据库")
    r.add_argument("file", type=Path)
    roles = dbsub.add_parser(
        "roles",
        help="PostgreSQL：设置所有者角色（升级用）和客户端角色（各电脑用），需超级用户连接",
    )
    roles.add_argument("owner", metavar="OWNER")
    roles.add_argument("app", metavar="APP")
    return {"db": cmd_db}


def cmd_db(args: argparse.Namespace) -> int:
    from fpr_desktop.base.audit import record_event
    from fpr_desktop.base.permissions import require
    from fpr_desktop.db import backup as backup_mod
    from fpr_desktop.db import migrate
    from fpr_desktop.db.engine import Database, resolve_url

    if args.db_command == "roles":
        from fpr_desktop.db.roles import setup_roles

        for line in setup_roles(open_db(args), args.owner, args.app):
            print(line)
        return 0
    if args.db_command == "upgrade":
        db = open_db(args)
        print(f"数据库已是最新版本（{migrate.current_revision(db)}）：{db.describe()}")
        return 0
    if args.db_command == "backup":
        db = open_db(args)
        actor = login(db, args)
        with db.read() as session:
            require(session, actor, "db.admin")
        backup_mod.backup(db, args.file)
        print(f"已备份到 {args.file}")
        return 0
    # restore: the file is checked before anything is touched
    backup_mod.check_backup_file(args.file)
    db = open_db(args)
    actor = login(db, args)
    with db.read() as session:
        require(session, actor, "db.admin")
    safety = backup_mod.restore(db, args.file)
    restored = Database(resolve_url(args.db))
    keep(restored)
    migrate.upgrade(restored)
    with restored.transaction(actor.audit()) as session:
        record_event(
            session,
            actor,
            table_name="app_meta",
            row_id="database",
            action="restore",
            note=f"从 {args.file.name} 恢复",
        )
    print(f"已从 {args.file} 恢复；恢复前的数据库已另存为 {safety}")
    return 0
