"""`fpr report monthly|annual`, `fpr lock`, `fpr unlock`: the fund ledger's reports and month locks.

Exit codes: 0 done, 1 refused (locked, no permission, bad month), 2 usage.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fpr_desktop.cli.common import UsageError, login, open_db

ORDER = 45
SUFFIXES = (".xlsx", ".pdf")


def add_report_parsers(reports: Any) -> dict[str, Any]:
    """`fpr report monthly|annual` (reports: the subparsers of `fpr report`)."""
    m = reports.add_parser("monthly", help="衔接资金使用情况月报（按资金来源、按乡镇）")
    m.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，如 2021-09")
    m.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf")
    a = reports.add_parser("annual", help="年度衔接资金台账")
    a.add_argument("--year", type=int, required=True, help="资金年度")
    a.add_argument("out", type=Path, metavar="OUT.xlsx|OUT.pdf")
    return {"monthly": run_report, "annual": run_report}


def add_parsers(sub: Any) -> dict[str, Any]:
    """The `lock` and `unlock` commands (sub: the subparsers object of `fpr`)."""
    lock = sub.add_parser("lock", help="报送月报并锁定该月（锁定后该月记录不能再修改）")
    lock.add_argument("--month", required=True, metavar="YYYY-MM")
    lock.add_argument("--filled-by", default="", metavar="姓名", help="填报人（默认当前用户）")
    lock.add_argument("--reviewed-by", default="", metavar="姓名", help="审核人")
    lock.add_argument("--problems", default="", metavar="文字", help="存在问题")
    unlock = sub.add_parser("unlock", help="重新打开已锁定的月份（需权限和理由，记入审计日志）")
    unlock.add_argument("--month", required=True, metavar="YYYY-MM")
    unlock.add_argument("--reason", required=True, metavar="理由")
    return {"lock": run_lock, "unlock": run_unlock}


def _out(path: Path) -> Path:
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"输出文件“{path.name}”应以 .xlsx 或 .pdf 结尾。")
    if not path.parent.is_dir():
        raise UsageError(f"输出文件夹“{path.parent}”不存在。")
    return path


def _unit(session: Any) -> str:
    from fpr_desktop.base.settings import get_value

    return str(get_value(session, "org.finance_unit") or "")


def run_report(args: argparse.Namespace) -> int:
    from fpr_desktop.funds import annual, report, report_files
    from fpr_desktop.funds.months import parse_period

    out = _out(args.out)
    db = open_db(args)
    actor = login(db, args)
    pdf = out.suffix.lower() == ".pdf"
    with db.read() as session:
        unit = _unit(session)
        if args.report == "monthly":
            rep = report.monthly_report(session, actor, parse_period(args.month))
            write = report_files.write_report_pdf if pdf else report_files.write_report_xlsx
            write(rep, out, unit)
            state = "已报送（该月已锁定）" if rep.state and rep.state.locked else "未报送"
            print(f"已生成 {out}：{rep.title}，{state}")
            return 0
        lines = annual.annual_lines(session, actor, args.year)
    (annual.write_annual_pdf if pdf else annual.write_annual_xlsx)(lines, args.year, out, unit)
    print(f"已生成 {out}：{args.year}年度衔接资金台账，{len(lines)} 条项目资金")
    return 0


def run_lock(args: argparse.Namespace) -> int:
    from fpr_desktop.funds import months

    db = open_db(args)
    actor = login(db, args)
    period = months.parse_period(args.month)
    with db.transaction(actor.audit()) as session:
        months.lock_month(
            session,
            actor,
            period,
            filled_by=args.filled_by,
            reviewed_by=args.reviewed_by,
            problems=args.problems,
        )
    print(f"{months.period_text(period)}月报已报送，该月已锁定。")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    from fpr_desktop.funds import months

    db = open_db(args)
    actor = login(db, args)
    period = months.parse_period(args.month)
    with db.transaction(actor.audit()) as session:
        months.unlock_month(session, actor, period, args.reason)
    print(f"{months.period_text(period)}已重新打开（理由已记入审计日志）。")
    return 0
