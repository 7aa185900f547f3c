"""`fpr report assets --tier county|town|village [--town T] [--village V] OUT.xlsx|OUT.pdf`.

The county master ledger, a town's or a village's asset ledger in the official layout; exit 0
when written, 1 when refused (scope, no assets), 2 on a usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fpr_desktop.cli.common import UsageError, login, open_db

ORDER = 60


def add_report_parsers(reports: Any) -> dict[str, Any]:
    """`fpr report assets` (reports: the subparsers of `fpr report`)."""
    a = reports.add_parser(
        "assets",
        help="扶贫资产台账：县级总台账、镇级或村级台账（.xlsx 或 .pdf）",
        description="县级总台账含全部在账资产；镇级台账含该镇及所辖村、农户的资产；"
        "村级台账含该村及其农户的资产。每级均附类别、性质分类汇总。",
    )
    a.add_argument("--tier", choices=("county", "town", "village"), required=True)
    a.add_argument("--town", metavar="镇", help="镇级台账的镇；村级台账可用于区分同名村")
    a.add_argument("--village", metavar="村", help="村级台账的村")
    a.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf")
    return {"assets": run}


def _scope(session: Any, args: argparse.Namespace) -> Any:
    from fpr_desktop.assets.ledgers import LedgerScope
    from fpr_desktop.divisions.services import town_by_name, village_by_name

    town_id = town_by_name(session, args.town, tolerant=True).id if args.town else None
    if args.tier == "county":
        return LedgerScope("county")
    if args.tier == "town":
        if town_id is None:
            raise UsageError("镇级台账请用 --town 指定镇。")
        return LedgerScope("town", town_id)
    if not args.village:
        raise UsageError("村级台账请用 --village 指定村。")
    village = village_by_name(session, args.village, town_id=town_id, tolerant=True)
    return LedgerScope("village", village.id)


def run(args: argparse.Namespace) -> int:
    from fpr_desktop.assets.report import write_ledger_pdf, write_ledger_xlsx

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UsageError("输出文件名应以 .xlsx 或 .pdf 结尾。")
    db = open_db(args)
    actor = login(db, args)
    with db.read() as session:
        scope = _scope(session, args)
        if suffix == ".xlsx":
            n = write_ledger_xlsx(session, actor, scope, args.out)
            print(f"已导出 {n} 项资产到 {args.out}")
        else:
            pages = write_ledger_pdf(session, actor, scope, args.out)
            print(f"已生成 {args.out}（{pages} 页）")
    return 0
