"""`fpr report attendance --month 2021-09 [--town T] OUT.xlsx|OUT.pdf`: the monthly attendance
notice of the resident cadres (official layout). Exit codes: 0 written, 1 refused, 2 usage."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from fpr_desktop.base.errors import NotFound
from fpr_desktop.cli.common import UsageError, login, open_db

ORDER = 60


def _month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"月份“{text}”应写作 2021-09")
    return int(m.group(1)), int(m.group(2))


def add_report_parsers(reports: Any) -> dict[str, Any]:
    """`fpr report attendance` (reports: the subparsers of `fpr report`)."""
    a = reports.add_parser("attendance", help="驻村干部月度考勤情况通报（.xlsx 或 .pdf）")
    a.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf", help="输出文件")
    a.add_argument("--month", type=_month, required=True, metavar="YYYY-MM", help="考勤月份")
    a.add_argument("--town", metavar="镇", help="只含该镇的驻村干部")
    return {"attendance": run}


def run(args: argparse.Namespace) -> int:
    from fpr_desktop.cadres import reports
    from fpr_desktop.divisions.services import town_by_name

    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UsageError("输出文件应为 .xlsx 或 .pdf。")
    if not out.parent.is_dir():
        raise NotFound(f"输出文件夹“{out.parent}”不存在。")
    db = open_db(args)
    actor = login(db, args)
    year, month = args.month
    with db.read() as session:
        town_id = town_by_name(session, args.town, tolerant=True).id if args.town else None
        report = reports.attendance_report(session, actor, year, month, town_id)
        data = reports.pdf_bytes(session, report) if suffix == ".pdf" else None
    if data is None:
        reports.write_xlsx(report, out)
    else:
        out.write_bytes(data)
    print(f"已生成 {out.name}：{report.title}，{report.subtitle}。", file=sys.stderr)
    return 0


def run_assessment_notice(args: argparse.Namespace) -> int:
    """`fpr notice cadre-assessment --year Y OUT.pdf`: the annual round's results (county level),
    recorded in the notice register unless --draft."""
    from fpr_desktop.cadres import notice as cn
    from fpr_desktop.projects.notices.build import render

    if args.town or args.village:
        raise UsageError("驻村考核结果公示为县级公示，不能指定 --town 或 --village。")
    out: Path = args.out
    if not out.parent.is_dir():
        raise NotFound(f"输出文件夹“{out.parent}”不存在。")
    db = open_db(args)
    actor = login(db, args)
    with db.read() as session:
        round_id = cn.closed_round_for(session, args.year)
        built, ids = cn.build_assessment_notice(
            session, actor, round_id, window_start=args.window_start
        )
    data = render(built)
    if args.draft:
        out.write_bytes(data)
    else:
        with db.transaction(actor.audit()) as session:
            cn.register_assessment_notice(session, actor, built, ids, args.posted_at)
            out.write_bytes(data)  # a failed write rolls the registration back
    done = "已生成" if args.draft else "已生成并登记"
    print(f"{done} {out.name}：{built.title}（{len(ids)}人）。", file=sys.stderr)
    return 0
