"""`fpr report KIND …`: printable reports, one KIND per module (`add_report_parsers` in its file).

A module's command-group file adds its reports by defining
`add_report_parsers(reports) -> {report name: handler}`; this group finds them the way `main`
finds command groups, so no module edits a list here.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path
from typing import Any

ORDER = 55


def _report_groups() -> list[Any]:
    here = str(Path(__file__).resolve().parent)
    names = [m.name for m in pkgutil.iter_modules([here]) if m.name not in ("main", "report")]
    mods = [importlib.import_module(f"fpr_desktop.cli.{n}") for n in names]
    found = [m for m in mods if hasattr(m, "add_report_parsers")]
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))


def add_parsers(sub: Any) -> dict[str, Any]:
    groups = _report_groups()
    if not groups:
        return {}
    r = sub.add_parser("report", help="按正式格式打印或导出报表（Excel 或 PDF）")
    reports = r.add_subparsers(dest="report", metavar="REPORT", required=True)
    handlers: dict[str, Any] = {}
    for group in groups:
        handlers.update(group.add_report_parsers(reports))

    def run(args: argparse.Namespace) -> int:
        return int(handlers[args.report](args))

    return {"report": run}
