"""`fpr demo`: demonstration data and one account per role."""

from __future__ import annotations

import argparse
from typing import Any

from fpr_desktop.cli.common import open_db

ORDER = 20


def add_parsers(sub: Any) -> dict[str, Any]:
    demo = sub.add_parser("demo", help="写入演示数据（仅限新数据库或演示数据库）")
    demo.add_argument("--scale", type=int, default=1, help="数据量倍数（用于性能测试）")
    return {"demo": cmd_demo}


def cmd_demo(args: argparse.Namespace) -> int:
    from fpr_desktop.app.demo import fill_demo
    from fpr_desktop.base.context import SYSTEM

    db = open_db(args)
    with db.transaction(SYSTEM.audit()) as session:
        result = fill_demo(session, scale=args.scale)
    from fpr_desktop.base.registry import module

    per_module = "，".join(
        f"{m.title if (m := module(name)) else name} {count} 条"
        for name, count in result.added.items()
    )
    print(
        f"演示数据已写入 {db.describe()}：新增虚构村 {result.villages_added} 个；"
        f"{per_module}；历史审计记录 {result.audit_rows_added} 条。"
    )
    print("演示账号（仅用于演示数据库）：")
    for acc in result.accounts:
        print(f"  {acc.username:<14} 密码 {acc.password}   {acc.role_label}")
    return 0
