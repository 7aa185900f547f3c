"""The `fpr` command line: the same services as the GUI, for scripts, CI and administrators."""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fpr_desktop import APP_TITLE, __version__
from fpr_desktop.base.errors import UserError

# The GUI is loaded by name only when asked for: the core never imports Qt (house rule 1).
GUI_MODULE = "ui.app"
PASSWORD_ENV = "FPR_PASSWORD"


# Databases a command opened; closed when the command ends (connections are not left to the GC).
_OPENED: list[Any] = []


class UsageError(UserError):
    """Wrong arguments (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fpr", description=f"{APP_TITLE}（FPR Desktop）")
    p.add_argument("--version", action="version", version=f"fpr {__version__}")
    p.add_argument("--db", metavar="URL", help="数据库地址（默认：用户数据目录中的 SQLite 文件）")
    p.add_argument(
        "--user", metavar="NAME", help=f"操作用户；密码取自环境变量 {PASSWORD_ENV} 或提示输入"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="数据库：升级、备份、恢复")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", help="升级数据库结构到最新版本")
    b = dbsub.add_parser("backup", help="备份 SQLite 数据库到文件")
    b.add_argument("file", type=Path)
    r = dbsub.add_parser("restore", help="从备份文件恢复 SQLite 数据库")
    r.add_argument("file", type=Path)

    demo = sub.add_parser("demo", help="写入演示数据（仅限新数据库或演示数据库）")
    demo.add_argument("--scale", type=int, default=1, help="数据量倍数（用于性能测试）")

    smoke = sub.add_parser("smoke", help="离屏启动界面，打开每个标签页后退出（安装与 CI 自检）")
    smoke.add_argument("--screenshots", type=Path, help="把每个标签页截图保存到此文件夹")

    user = sub.add_parser("user", help="用户管理")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", help="添加用户（第一个用户必须是系统管理员）")
    ua.add_argument("name")
    ua.add_argument("--role", required=True)
    ua.add_argument("--scope", metavar="TOWN", help="镇级用户所属镇")
    ua.add_argument("--display-name", default="")
    usub.add_parser("list", help="列出用户")

    from fpr_desktop.cli.notices import add_parser as add_notice_parser

    add_notice_parser(sub)

    from fpr_desktop.cli.exchange import add_parsers as add_exchange_parsers

    add_exchange_parsers(sub)
    return p


def _password(prompt: str, *, new: bool = False) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"请通过环境变量 {PASSWORD_ENV} 提供密码。")
    first = getpass.getpass(prompt)
    if new and getpass.getpass("再次输入密码：") != first:
        raise UsageError("两次输入的密码不一致。")
    return first


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from fpr_desktop.app.bootstrap import open_database
    from fpr_desktop.db.engine import resolve_url

    opened = open_database(resolve_url(args.db))
    _OPENED.append(opened.db)
    for warning in opened.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    if opened.backup:
        print(f"升级前已备份数据库到 {opened.backup}", file=sys.stderr)
    return opened.db


def _login(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from fpr_desktop.base.context import anonymous
    from fpr_desktop.base.users import authenticate

    if not args.user:
        raise UsageError("该命令需要以某个用户身份执行：请加上 --user 用户名。")
    password = _password(f"用户 {args.user} 的密码：")
    with db.transaction(anonymous("cli")) as session:
        return authenticate(session, args.user, password, source="cli")


def cmd_db(args: argparse.Namespace) -> int:
    from fpr_desktop.base.audit import record_event
    from fpr_desktop.base.permissions import require
    from fpr_desktop.db import backup as backup_mod
    from fpr_desktop.db import migrate
    from fpr_desktop.db.engine import Database, resolve_url

    if args.db_command == "upgrade":
        db = _open(args)
        print(f"数据库已是最新版本（{migrate.current_revision(db)}）：{db.describe()}")
        return 0
    if args.db_command == "backup":
        db = _open(args)
        actor = _login(db, args)
        with db.read() as session:
            require(session, actor, "db.admin")
        backup_mod.backup(db, args.file)
        print(f"已备份到 {args.file}")
        return 0
    # restore: the file is checked before anything is touched
    backup_mod.check_backup_file(args.file)
    db = _open(args)
    actor = _login(db, args)
    with db.read() as session:
        require(session, actor, "db.admin")
    safety = backup_mod.restore(db, args.file)
    restored = Database(resolve_url(args.db))
    _OPENED.append(restored)
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


def cmd_demo(args: argparse.Namespace) -> int:
    from fpr_desktop.app.demo import fill_demo
    from fpr_desktop.base.context import SYSTEM

    db = _open(args)
    with db.transaction(SYSTEM.audit()) as session:
        result = fill_demo(session, scale=args.scale)
    print(
        f"演示数据已写入 {db.describe()}：新增示例村 {result.villages_added} 个，"
        f"项目 {result.projects_added} 个，"
        f"历史审计记录 {result.audit_rows_added} 条。"
    )
    print("演示账号（仅用于演示数据库）：")
    for acc in result.accounts:
        print(f"  {acc.username:<14} 密码 {acc.password}   {acc.role_label}")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from fpr_desktop.base import users as user_service
    from fpr_desktop.base.context import anonymous
    from fpr_desktop.divisions.services import town_by_name

    db = _open(args)
    if args.user_command == "list":
        actor = _login(db, args)
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
        password = _password(f"新用户 {args.name} 的密码：", new=True)
        with db.transaction(anonymous("cli")) as session:
            user_service.create_first_admin(session, args.name, password, args.display_name)
        print(f"已创建系统管理员 {args.name}")
        return 0
    actor = _login(db, args)
    new_password = os.environ.get("FPR_NEW_PASSWORD") or _password(
        f"新用户 {args.name} 的密码：", new=True
    )
    with db.transaction(actor.audit()) as session:
        scope_id = town_by_name(session, args.scope).id if args.scope else None
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


def cmd_notice(args: argparse.Namespace) -> int:
    from fpr_desktop.cli.notices import run

    return run(args, _open, _login)


def cmd_template(args: argparse.Namespace) -> int:
    from fpr_desktop.cli.exchange import run_template

    return run_template(args, _open, _login)


def cmd_import(args: argparse.Namespace) -> int:
    from fpr_desktop.cli.exchange import run_import

    return run_import(args, _open, _login)


def cmd_export(args: argparse.Namespace) -> int:
    from fpr_desktop.cli.exchange import run_export

    return run_export(args, _open, _login)


def _gui(name: str) -> Callable[..., int]:
    module = importlib.import_module(GUI_MODULE)
    return getattr(module, name)  # type: ignore[no-any-return]


def cmd_gui(args: argparse.Namespace) -> int:
    from fpr_desktop.db.engine import resolve_url

    return _gui("run_gui")(resolve_url(args.db))


def cmd_smoke(args: argparse.Namespace) -> int:
    from fpr_desktop.db.engine import resolve_url

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return _gui("run_smoke")(resolve_url(args.db), args.screenshots)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_gui,
    "db": cmd_db,
    "demo": cmd_demo,
    "user": cmd_user,
    "smoke": cmd_smoke,
    "notice": cmd_notice,
    "template": cmd_template,
    "import": cmd_import,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    finally:
        while _OPENED:
            _OPENED.pop().dispose()


def run() -> None:
    sys.exit(main())
