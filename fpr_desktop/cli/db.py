"""`fpr db upgrade|backup|restore|backups|roles`: schema, backups, restores, PostgreSQL roles."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fpr_desktop.cli.common import login, open_db

ORDER = 10


def add_parsers(sub: Any) -> dict[str, Any]:
    db = sub.add_parser("db", help="数据库：升级、备份、恢复、角色")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", help="升级数据库结构到最新版本")
    b = dbsub.add_parser(
        "backup", help="备份数据库到文件（SQLite：在线备份；PostgreSQL：调用 pg_dump）"
    )
    b.add_argument("file", type=Path)
    r = dbsub.add_parser("restore", help="从备份文件恢复 SQLite 数据库（先检查备份完整性）")
    r.add_argument("file", type=Path)
    dbsub.add_parser("backups", help="列出备份文件夹中的备份，并进行今日的自动备份")
    roles = dbsub.add_parser(
        "roles",
        help="PostgreSQL：设置所有者角色（升级用）和客户端角色（各电脑用），需超级用户连接",
    )
    roles.add_argument("owner", metavar="OWNER")
    roles.add_argument("app", metavar="APP")
    return {"db": cmd_db}


def cmd_db(args: argparse.Namespace) -> int:
    from fpr_desktop.app import backups
    from fpr_desktop.base.permissions import require
    from fpr_desktop.db import backup as backup_mod
    from fpr_desktop.db import migrate

    if args.db_command == "roles":
        from fpr_desktop.db.roles import setup_roles

        for line in setup_roles(open_db(args), args.owner, args.app):
            print(line)
        return 0
    if args.db_command == "upgrade":
        db = open_db(args)
        print(f"数据库已是最新版本（{migrate.current_revision(db)}）：{db.describe()}")
        return 0
    if args.db_command == "restore":
        backup_mod.check_backup_file(args.file)  # checked before anything is opened or touched
    db = open_db(args)
    actor = login(db, args)
    with db.read() as session:
        require(session, actor, "db.admin")
    if args.db_command == "backup":
        backup_mod.backup_any(db, args.file)
        print(f"已备份到 {args.file}")
        return 0
    if args.db_command == "backups":
        made = backups.daily_backup(db)
        if made.warning:
            print(made.warning)
        folder = backups.backup_folder(db)
        print(f"备份文件夹：{folder}")
        for item in backups.list_backups(folder):
            kind = "自动" if item.daily else "手动"
            size = f"{item.size / 2**20:8.1f} MB"
            print(f"{item.taken_at:%Y-%m-%d %H:%M}  {kind}  {size}  {item.path.name}")
        return 0
    result = backups.restore_backup(db, actor, args.file)
    print(f"已从 {args.file} 恢复；恢复前的数据库已另存为 {result.safety_copy}")
    return 0
