"""`fpr` (the GUI) and `fpr smoke`: the Qt layer, loaded by name only when asked for."""

from __future__ import annotations

import argparse
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The core never imports Qt (house rule 1): the GUI module is named, not imported.
GUI_MODULE = "ui.app"
ORDER = 90


def add_parsers(sub: Any) -> dict[str | None, Any]:
    smoke = sub.add_parser("smoke", help="离屏启动界面，打开每个标签页后退出（安装与 CI 自检）")
    smoke.add_argument("--screenshots", type=Path, help="把每个标签页截图保存到此文件夹")
    return {None: cmd_gui, "smoke": cmd_smoke}


def _gui(name: str) -> Callable[..., int]:
    module = importlib.import_module(GUI_MODULE)
    return getattr(module, name)  # type: ignore[no-any-return]


def cmd_gui(args: argparse.Namespace) -> int:
    from fpr_desktop.db.location import resolve_url

    return _gui("run_gui")(resolve_url(args.db))


def cmd_smoke(args: argparse.Namespace) -> int:
    from fpr_desktop.db.location import resolve_url

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return _gui("run_smoke")(resolve_url(args.db), args.screenshots)
