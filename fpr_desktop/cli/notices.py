"""`fpr notice KIND --year Y [--town T] [--village V] [--number 文号] OUT.pdf`: build a notice,
record it.

By default the notice is recorded in the register (window from --from, default today);
--draft only writes the PDF. Exit codes: 0 done, 1 nothing matches or refused, 2 usage or a
module that is not built yet.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from fpr_desktop.base.errors import NotFound, UserError, ValidationError
from fpr_desktop.base.registry import NOTICE_CLI_NAMES
from fpr_desktop.cli.common import UsageError, login, open_db

# Declared by each module's registration (`NoticeKindDecl.cli_name`); cheap for `fpr --help`.
CLI_KINDS = NOTICE_CLI_NAMES
EXIT_NOT_LANDED = 2
_NO_NUMBER = "{label}的标题下不印文号，请去掉 --number。"


def _usage(message: str) -> UserError:
    return UsageError(message)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应写作 2024-05-20") from None


def add_parsers(sub: Any) -> dict[str, Any]:
    """The `notice` subcommand (sub: the subparsers object of `fpr`)."""
    n = sub.add_parser(
        "notice",
        help="生成公告公示 PDF 并登记到公告公示登记簿（--draft 只生成不登记）",
        description="KIND：" + "、".join(CLI_KINDS) + "。实施前公示每个项目一份，"
        "多个项目时文件名后加项目名称。",
    )
    n.add_argument("kind", choices=list(CLI_KINDS), metavar="KIND", help="公告类型")
    n.add_argument("out", type=Path, metavar="OUT.pdf", help="输出的 PDF 文件")
    n.add_argument("--year", type=int, required=True, help="项目年度")
    n.add_argument("--town", metavar="镇", help="只含该镇的项目（镇级公示）")
    n.add_argument("--village", metavar="村", help="只含该村的项目（村级公示）")
    n.add_argument(
        "--announcement", action="store_true", help="project-library：生成项目库公告（入库后）"
    )
    n.add_argument(
        "--from", dest="window_start", type=_day, metavar="DATE", help="公示开始日期（默认今天）"
    )
    n.add_argument("--posted-at", default="", metavar="地点", help="张贴地点，如“上岔村村务公开栏”")
    n.add_argument(
        "--backdate-reason",
        default="",
        metavar="原因",
        help="公示开始日期早于今天数日以上时的补登原因（如“纸质公示已先行张贴”）",
    )
    n.add_argument(
        "--number",
        default="",
        metavar="文号",
        help="印在标题下的文号，如“陇乡振发〔2026〕12号”，随公告登记；同一发文单位同一年度不能重复",
    )
    n.add_argument("--draft", action="store_true", help="只生成 PDF，不登记")
    return {"notice": run}


def kind_of(args: argparse.Namespace) -> str:
    """The NoticeKind value the arguments ask for."""
    kind = CLI_KINDS[args.kind]
    if args.announcement:
        if args.kind != "project-library":
            raise _usage("--announcement 只能与 project-library 一起使用。")
        return "project_library_announcement"
    return kind


def _targets(out: Path, names: list[str]) -> list[Path]:
    if len(names) == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{name}{out.suffix or '.pdf'}") for name in names]


def run(args: argparse.Namespace) -> int:
    """Carry out `fpr notice …`; returns the exit code."""
    from fpr_desktop.base.models import Division
    from fpr_desktop.base.permissions import require
    from fpr_desktop.divisions.services import town_by_name, village_by_name
    from fpr_desktop.notices.models import NOTICE_LEVELS
    from fpr_desktop.notices.register import KIND_LABELS
    from fpr_desktop.projects.notices import build as nb
    from fpr_desktop.projects.notices.batch import safe_name

    kind = kind_of(args)
    if kind in nb.NOT_LANDED:
        print(nb.NOT_LANDED[kind], file=sys.stderr)
        return EXIT_NOT_LANDED
    if kind == "cadre_assessment" and args.number.strip():
        raise _usage(_NO_NUMBER.format(label=KIND_LABELS[kind]))
    if kind == "cadre_assessment":  # built from assessment rounds, not from projects
        from fpr_desktop.cli.cadres import run_assessment_notice

        return run_assessment_notice(args)
    out: Path = args.out
    if not out.parent.is_dir():
        raise NotFound(f"输出文件夹“{out.parent}”不存在。")
    db = open_db(args)
    actor = login(db, args)
    with db.read() as session:
        town_id = town_by_name(session, args.town, tolerant=True).id if args.town else None
        village_id = (
            village_by_name(session, args.village, town_id=town_id, tolerant=True).id
            if args.village
            else None
        )
        req = nb.NoticeRequest(
            kind,
            args.year,
            town_id=town_id,
            village_id=village_id,
            window_start=args.window_start,
            doc_number=args.number,
        )
        built = nb.build_notices(session, actor, req)
        if args.number.strip() and not all(b.doc_number for b in built):  # built elsewhere
            raise _usage(_NO_NUMBER.format(label=built[0].kind_label))
        if not args.draft:
            division = session.get(Division, built[0].division_id)
            scope = None if division is None or division.level == "county" else division.id
            require(session, actor, "notices.edit", scope)
            if refusal := nb.registration_refusal(session, built):
                raise ValidationError(refusal)
    pdfs = [nb.render(b) for b in built]
    paths = _targets(out, [safe_name(b.project_names[0]) for b in built])
    written: list[Path] = []
    try:
        if args.draft:
            for path, data in zip(paths, pdfs, strict=True):
                path.write_bytes(data)
                written.append(path)
            registered = []
        else:
            with db.transaction(actor.audit()) as session:
                registered = [
                    nb.register(
                        session, actor, b, args.posted_at, backdate_reason=args.backdate_reason
                    )
                    for b in built
                ]
                for path, data in zip(paths, pdfs, strict=True):  # a failed write rolls back
                    path.write_bytes(data)
                    written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    for b, path in zip(built, paths, strict=True):
        print(f"已生成 {path}：{b.title}（{len(b.project_ids)} 个项目）")
    for row in registered:
        number = f"，文号 {row.doc_number}" if row.doc_number else ""
        print(
            f"已登记公告公示 #{row.id}：{NOTICE_LEVELS[row.level]}，{row.division_name}，"
            f"公示期 {row.window_start:%Y-%m-%d} 至 {row.window_end:%Y-%m-%d}{number}"
        )
    if args.draft:
        print("草稿：未登记到公告公示登记簿。")
    return 0
