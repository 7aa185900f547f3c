"""Where things live: bundled resources and migrations, and the user's data folder."""

from __future__ import annotations

import sys
from pathlib import Path

APP_DIR_NAME = "FPRDesktop"
APP_AUTHOR = "FPR"


def bundle_root() -> Path:
    """The folder that holds resources/ and migrations/ (the checkout, or a frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return bundle_root() / "resources"


def migrations_dir() -> Path:
    return bundle_root() / "migrations"


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
