"""`fpr template|import|export KIND FILE …`: the exchange engine on the command line.

Exit codes of `fpr import`: 0 every row imported (or nothing to do), 1 rows rejected (nothing
written), 2 a usage error or a file that cannot be read as a spreadsheet.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpr_desktop.base.errors import NotFound
from fpr_desktop.cli.common import login, open_db

EXIT_USAGE = 2


# Static on purpose: importing the kinds would slow every `fpr` start (the GUI's too) by ~0.4 s;
# an unknown KIND is answered with the full list of registered kinds.
KINDS_HELP = "KIND：数据类型，如 divisions（行政区划）、projects（项目库）。"


def add_parsers(sub: Any) -> dict[str, Any]:
    """The `template`, `import` and `export` subcommands (sub: the subparsers of `fpr`)."""
    kinds = KINDS_HELP
    t = sub.add_parser(
        "template", help="生成导入模板（下拉列表、格式、填写说明）", description=kinds
    )
    t.add_argument("kind", metavar="KIND")
    t.add_argument("file", type=Path, metavar="FILE.xlsx")
    t.add_argument("--town", metavar="镇", help="为该镇生成（下拉列表只含该镇的村）")
    i = sub.add_parser(
        "import",
        help="导入表格：全部检查无误才写入；有错误时不写入并退出码 1",
        description=kinds,
    )
    i.add_argument("kind", metavar="KIND")
    i.add_argument("file", type=Path, metavar="FILE")
    i.add_argument("--town", metavar="镇", help="按该镇报送导入（各行必须属于该镇）")
    i.add_argument("--sheet", metavar="工作表", help="工作表名称（默认自动查找）")
    i.add_argument("--dry-run", action="store_true", help="只检查并显示预计结果，不写入")
    i.add_argument(
        "--year",
        type=int,
        metavar="年度",
        help="表中没有年度列时各行的年度（不指定时取标题或文件名中的年份，并在结果中说明）",
    )
    i.add_argument("--report", type=Path, metavar="OUT.xlsx", help="把错误标注文件保存到此处")
    e = sub.add_parser("export", help="按正式格式导出（合计、签字栏、打印设置）", description=kinds)
    e.add_argument("kind", metavar="KIND")
    e.add_argument("file", type=Path, metavar="FILE.xlsx")
    e.add_argument("--year", type=int, metavar="年度")
    e.add_argument("--town", metavar="镇")
    return {"template": run_template, "import": run_import, "export": run_export}


def _usage(message: str) -> int:
    print(f"用法错误：{message}", file=sys.stderr)
    return EXIT_USAGE


def _town_id(db: Any, name: str | None) -> int | None:
    from fpr_desktop.divisions.services import town_by_name

    if not name:
        return None
    with db.read() as session:
        return town_by_name(session, name, tolerant=True).id


def _prepare(args: argparse.Namespace) -> tuple[Any, Any, int | None]:
    from fpr_desktop.submissions.kinds import get_kind

    get_kind(args.kind)  # an unknown kind is refused before anything is opened
    db = open_db(args)
    actor = login(db, args)
    return db, actor, _town_id(db, args.town)


def _guard(fn: Callable[[], int]) -> int:
    """Usage-type failures (unknown kind or town, unreadable file) exit with 2."""
    from fpr_desktop.exchange import SpreadsheetError
    from fpr_desktop.submissions.kinds import UnknownKind

    try:
        return fn()
    except (UnknownKind, SpreadsheetError, NotFound) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE


def run_template(args: argparse.Namespace) -> int:
    from fpr_desktop.submissions.files import write_kind_template

    def go() -> int:
        if args.file.suffix.lower() != ".xlsx":
            return _usage("模板文件名应以 .xlsx 结尾。")
        db, actor, town_id = _prepare(args)
        with db.read() as session:
            path = write_kind_template(session, actor, args.kind, args.file, town_id=town_id)
        print(f"已生成导入模板：{path}")
        return 0

    return _guard(go)


def run_export(args: argparse.Namespace) -> int:
    from fpr_desktop.submissions.files import export_kind

    def go() -> int:
        if args.file.suffix.lower() != ".xlsx":
            return _usage("导出文件名应以 .xlsx 结尾。")
        db, actor, town_id = _prepare(args)
        with db.read() as session:
            n = export_kind(session, actor, args.kind, args.file, year=args.year, town_id=town_id)
        print(f"已导出 {n} 行到 {args.file}")
        return 0

    return _guard(go)


def run_import(args: argparse.Namespace) -> int:
    from fpr_desktop.exchange import write_error_workbook
    from fpr_desktop.submissions.importer import ImportOptions
    from fpr_desktop.submissions.importer import run_import as import_file

    def go() -> int:
        if not args.file.is_file():
            return _usage(f"找不到文件“{args.file}”。")
        db, actor, town_id = _prepare(args)
        options = ImportOptions(
            town_id=town_id, sheet=args.sheet, dry_run=args.dry_run, year=args.year
        )
        outcome = import_file(db, actor, args.file, args.kind, options)
        for line in outcome.lines():
            print(line)
        result = outcome.result
        if args.report is not None:
            if result.problems or result.warnings:
                path = write_error_workbook(result, target=args.report)
                print(f"错误标注文件已保存到：{path}")
            else:
                print("没有错误或提示，未生成错误标注文件。")
        return outcome.exit_code

    return _guard(go)
