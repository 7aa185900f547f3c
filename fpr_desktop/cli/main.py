"""The `fpr` command line: the same services as the GUI, for scripts, CI and administrators.

Every other file of this package is one command group with `add_parsers(sub)` returning its
handlers by command name, and/or `add_report_parsers(reports)` adding its `fpr report` kinds
(cli/report.py), found without a list (a module adds its commands by adding a file here);
`ORDER` sorts them in `fpr --help`. `common` is what the groups share.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fpr_desktop import APP_TITLE, __version__
from fpr_desktop.base.errors import UserError
from fpr_desktop.cli.common import PASSWORD_ENV, STACK, UsageError

Handler = Callable[[argparse.Namespace], int]
NOT_GROUPS = {"main", "common"}


def _groups() -> list[Any]:
    here = str(Path(__file__).resolve().parent)
    names = [m.name for m in pkgutil.iter_modules([here]) if m.name not in NOT_GROUPS]
    mods = [importlib.import_module(f"fpr_desktop.cli.{n}") for n in names]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def build_parser() -> tuple[argparse.ArgumentParser, dict[str | None, Handler]]:
    p = argparse.ArgumentParser(prog="fpr", description=f"{APP_TITLE}（FPR Desktop）")
    p.add_argument("--version", action="version", version=f"fpr {__version__}")
    p.add_argument("--db", metavar="URL", help="数据库地址（默认：用户数据目录中的 SQLite 文件）")
    p.add_argument(
        "--user", metavar="NAME", help=f"操作用户；密码取自环境变量 {PASSWORD_ENV} 或提示输入"
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str | None, Handler] = {}
    for group in _groups():
        if hasattr(group, "add_parsers"):  # a file may add only reports (see cli/report.py)
            handlers.update(group.add_parsers(sub))
    return p, handlers


def main(argv: Sequence[str] | None = None) -> int:
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    with STACK:
        try:
            return handlers[args.command](args)
        except UsageError as exc:
            print(f"用法错误：{exc}", file=sys.stderr)
            return 2
        except UserError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("已取消。", file=sys.stderr)
            return 130


def run() -> None:
    sys.exit(main())
