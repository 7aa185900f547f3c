"""What every `fpr` command shares: the usage error, the password, opening the database and
logging in. The databases a command opened are closed when it ends (`main` holds the stack)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import ExitStack
from typing import Any

from fpr_desktop.base.errors import UserError

PASSWORD_ENV = "FPR_PASSWORD"

# The command's resources (databases); `main` closes them when the command ends, so
# connections are never left to the garbage collector.
STACK = ExitStack()


class UsageError(UserError):
    """Wrong arguments (exit code 2)."""


def keep(db: Any) -> Any:
    """Close `db` when the command ends; returns it."""
    STACK.callback(db.dispose)
    return db


def ask_password(prompt: str, *, new: bool = False) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"请通过环境变量 {PASSWORD_ENV} 提供密码。")
    first = getpass.getpass(prompt)
    if new and getpass.getpass("再次输入密码：") != first:
        raise UsageError("两次输入的密码不一致。")
    return first


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from fpr_desktop.app.bootstrap import open_database
    from fpr_desktop.db.location import resolve_url

    opened = open_database(resolve_url(args.db))
    keep(opened.db)
    for warning in opened.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    if opened.backup:
        print(f"升级前已备份数据库到 {opened.backup}", file=sys.stderr)
    return opened.db


def login(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from fpr_desktop.base.users import login as log_in

    if not args.user:
        raise UsageError("该命令需要以某个用户身份执行：请加上 --user 用户名。")
    secret = ask_password(f"用户 {args.user} 的密码：")
    return log_in(db, args.user, secret, source="cli")
