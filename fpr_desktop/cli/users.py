"""`fpr user add|list`: accounts (the first one must be an administrator)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from fpr_desktop.cli.common import UsageError, ask_password, login, open_db

ORDER = 30


def add_parsers(sub: Any) -> dict[str, Any]:
    user = sub.add_parser("user", help="用户管理")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", help="添加用户（第一个用户必须是系统管理员）")
    ua.add_argument("name")
    ua.add_argument("--role", required=True)
    ua.add_argument("--scope", metavar="TOWN", help="镇级用户所属镇")
    ua.add_argument("--display-name", default="")
    usub.add_parser("list", help="列出用户")
    return {"user": cmd_user}


def cmd_user(args: argparse.Namespace) -> int:
    from fpr_desktop.base import users as user_service
    from fpr_desktop.base.context import anonymous
    from fpr_desktop.divisions.services import town_by_name

    db = open_db(args)
    if args.user_command == "list":
        actor = login(db, args)
        with db.read() as session:
            for u in user_service.list_users(session, actor):
                state = "" if u.active else "（已停用）"
                print(f"{u.username:<16}{u.role_label:<16}{u.scope_name or '全县'}{state}")
        return 0
    with db.read() as session:
        first = not user_service.has_users(session)
    if first:
        if args.role != "admin":
            raise UsageError("数据库中还没有用户：第一个用户必须是系统管理员（--role admin）。")
        secret = ask_password(f"新用户 {args.name} 的密码：", new=True)
        with db.transaction(anonymous("cli")) as session:
            user_service.create_first_admin(session, args.name, secret, args.display_name)
        print(f"已创建系统管理员 {args.name}")
        return 0
    actor = login(db, args)
    new_password = os.environ.get("FPR_NEW_PASSWORD") or ask_password(
        f"新用户 {args.name} 的密码：", new=True
    )
    with db.transaction(actor.audit()) as session:
        scope_id = town_by_name(session, args.scope, tolerant=True).id if args.scope else None
        row = user_service.add_user(
            session,
            actor,
            username=args.name,
            password=new_password,
            role=args.role,
            scope_town_id=scope_id,
            display_name=args.display_name,
        )
    scope = f"，{row.scope_name}" if row.scope_name else ""
    print(f"已添加用户 {row.username}（{row.role_label}{scope}）")
    return 0
