"""The one resource-path helper finds resources and migrations from source and from a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fpr_desktop.base import paths
from fpr_desktop.base.paths import default_backups_dir  # the real one (conftest patches it)


def test_from_source_every_shipped_resource_is_found() -> None:
    assert not paths.is_frozen()
    assert (paths.migrations_dir() / "env.py").is_file()
    assert any((paths.migrations_dir() / "versions").glob("*.py"))
    for parts in (
        ("fonts", "NotoSansSC-Regular.ttf"),
        ("fonts", "OFL.txt"),
        ("qss", "app.qss"),
        ("divisions", "longxian_divisions.csv"),
        ("reference", "projects.toml"),
        ("notices", "annual_plan.toml"),
    ):
        assert paths.resource(*parts).is_file(), parts


def test_frozen_bundle_is_looked_up_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "qss").mkdir(parents=True)
    (tmp_path / "resources" / "qss" / "app.qss").write_text("QWidget {}", encoding="utf-8")
    (tmp_path / "migrations").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.bundle_root() == tmp_path
    assert paths.resource("qss", "app.qss") == tmp_path / "resources" / "qss" / "app.qss"
    assert paths.migrations_dir() == tmp_path / "migrations"
    assert paths.docs_dir() == tmp_path / "docs"
    with pytest.raises(FileNotFoundError, match=r"安装目录.*重新安装"):
        paths.resource("fonts", "NotoSansSC-Regular.ttf")


def test_a_missing_resource_from_source_names_the_path() -> None:
    with pytest.raises(FileNotFoundError, match=r"源代码目录.*no-such\.file"):
        paths.resource("no-such.file")


def test_daily_backups_default_to_the_user_data_folder() -> None:
    folder = default_backups_dir()
    assert folder == paths.data_dir() / "backups"
    assert folder.parent.name == "FPRDesktop"
