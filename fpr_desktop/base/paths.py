"""Where things live: bundled resources, migrations and the guide, and the user's data folders.

The one place that knows whether the program runs from a checkout or from a frozen
(PyInstaller one-folder) build: every other module asks here for its files.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_DIR_NAME = "FPRDesktop"
APP_AUTHOR = "FPR"
BACKUPS_DIR_NAME = "backups"


def is_frozen() -> bool:
    """True in a PyInstaller build (the bundle sets sys.frozen and sys._MEIPASS)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder that holds resources/, migrations/ and docs/ (the checkout, or the bundle)."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundle_root() / "resources"


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


def docs_dir() -> Path:
    """The documentation shipped with the program (the user guide lives in user-guide/)."""
    return bundle_root() / "docs"


def resource(*parts: str) -> Path:
    """A file or folder under resources/; a clear error naming the path when it is missing."""
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        where = "安装目录" if is_frozen() else "源代码目录"
        raise FileNotFoundError(f"程序文件缺失（{where}）：{path}，请重新安装本程序。")
    return path


def data_dir() -> Path:
    """Per-user data folder (never under Program Files); created on first use."""
    from platformdirs import user_data_dir  # imported when needed: start-up reads no folder

    path = Path(user_data_dir(APP_DIR_NAME, APP_AUTHOR, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    from platformdirs import user_config_dir

    path = Path(user_config_dir(APP_DIR_NAME, APP_AUTHOR, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "fpr.sqlite3"


def default_backups_dir() -> Path:
    """Where the daily backups go unless an administrator chose another folder."""
    return data_dir() / BACKUPS_DIR_NAME
