"""`fpr county show|set`: which county this database serves (name, code, unit names, divisions)."""

from __future__ import annotations

import argparse
from typing import Any

from fpr_desktop.cli.common import login, open_db

ORDER = 35


def add_parsers(sub: Any) -> dict[str, Any]:
    county = sub.add_parser("county", help="本县设置：县名、区划代码、单位名称、行政区划")
    csub = county.add_subparsers(dest="county_command", metavar="ACTION", required=True)
    csub.add_parser("show", help="显示本县设置")
    s = csub.add_parser(
        "set",
        help="设置县名等（更换县会清空原区划；已有项目的数据库不能更换县）",
        description="单位名称不填时按县名生成，如“临城县财政局”。",
    )
    s.add_argument("--name", required=True, metavar="县名")
    s.add_argument("--code", default="", metavar="区划代码")
    s.add_argument("--finance-unit", default="", metavar="财政部门")
    s.add_argument("--rural-unit", default="", metavar="乡村振兴主管部门")
    s.add_argument("--organisation-unit", default="", metavar="组织部门")
    s.add_argument(
        "--divisions",
        choices=("keep", "bundled", "import"),
        default="keep",
        help="keep 保留现有区划；bundled 使用随程序提供的陇县区划；import 清空，随后导入区划表",
    )
    return {"county": cmd_county}


def _print(state: Any) -> None:
    s = state.setup
    print(f"县名：{s.name}（区划代码 {s.code or '未填'}）")
    print(
        f"财政部门：{s.finance_unit}；乡村振兴主管部门：{s.rural_unit}；组织部门：{s.organisation_unit}"
    )
    print(f"乡镇 {state.towns} 个，村（社区） {state.villages} 个，项目 {state.projects} 个。")


def cmd_county(args: argparse.Namespace) -> int:
    from fpr_desktop.divisions.county import CountySetup, county_state, set_up_county

    db = open_db(args)
    actor = login(db, args)
    if args.county_command == "show":
        with db.read() as session:
            _print(county_state(session))
        return 0
    setup = CountySetup(
        args.name, args.code, args.finance_unit, args.rural_unit, args.organisation_unit
    )
    with db.transaction(actor.audit()) as session:
        state = set_up_county(session, actor, setup, args.divisions)
    _print(state)
    if args.divisions == "import":
        print(
            "请接着导入本县的行政区划表：fpr import divisions 区划表.xlsx（可先加 --dry-run 查看）"
        )
    return 0
