"""The main window: tabs per role, 首页 contents, status bar, and the offscreen smoke run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from fpr_desktop.app.demo import DEMO_PASSWORD, fill_demo
from fpr_desktop.base.context import SYSTEM, Actor, anonymous
from fpr_desktop.base.settings import set_value
from fpr_desktop.base.users import authenticate
from fpr_desktop.db.engine import Database
from ui.home.tab import HomeTab
from ui.main_window import MainWindow, module_tabs

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]
ALL_TABS = ["首页", "资金台账", "项目库", "扶贫资产", "驻村干部", "系统管理"]


def _texts(widget: object) -> list[str]:
    assert hasattr(widget, "findChildren")
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def test_switching_tabs_shows_each_tab(qtbot: QtBot, admin: Actor, main_window: OpenWindow) -> None:
    window = main_window(admin)
    assert window.tab_titles() == ALL_TABS
    unbuilt = {title for title, factory in module_tabs() if factory is None}
    for title in ALL_TABS:
        page = window.show_tab(title)
        assert window.tabs.currentWidget() is page
        assert page.isVisible()
        if title in unbuilt:
            assert f"{title}模块正在建设中，敬请期待。" in _texts(page)
    assert window.admin is not None
    assert window.admin.page_titles() == [
        "行政区划",
        "用户",
        "参数设置",
        "项目类别",
        "审计日志",
        "工作日历",
        "报送登记",
    ]


def test_home_shows_user_database_and_the_deadlines_in_force(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow
) -> None:
    with database.transaction(admin.audit()) as session:
        set_value(session, admin, "funds.execution_start_workdays", 20, 0)
    window = main_window(admin)
    home = window.home
    assert isinstance(home, HomeTab)
    qtbot.waitUntil(lambda: "　资金下达后开展预算执行时限" in _texts(home))
    texts = _texts(home)
    assert "管理员（admin）" in texts
    assert "系统管理员" in texts
    assert "全县" in texts
    assert database.describe() in texts
    assert "　资金下达后开展预算执行时限" in texts
    assert "20 个工作日" in texts
    assert "任务清单第39条（已修改，默认 15 个工作日）" in texts
    assert "7 个工作日" in texts  # 竣工后组织验收时限, the default
    assert not home.demo_banner.isVisible()


def test_status_bar_names_database_and_user(
    qtbot: QtBot, database: Database, user_factory: Callable[..., Actor], main_window: OpenWindow
) -> None:
    clerk = user_factory("clerk", "town", "固关镇")
    window = main_window(clerk)
    assert window.db_label.text() == database.describe()
    assert window.user_label.text() == "当前用户：clerk（镇级填报员，固关镇）"
    assert not window.backup_action.isEnabled()  # only an administrator backs up


@pytest.mark.parametrize(
    ("role", "town", "admin_pages"),
    [
        ("auditor", None, ["审计日志"]),
        ("town", "固关镇", ["行政区划", "报送登记"]),
        ("finance", None, ["报送登记"]),
        ("project", None, ["报送登记"]),
        ("organisation", None, ["报送登记"]),
    ],
)
def test_system_tab_shows_only_what_the_role_may_use(
    qtbot: QtBot,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
    role: str,
    town: str | None,
    admin_pages: list[str] | None,
) -> None:
    window = main_window(user_factory(f"u_{role}", role, town))
    if admin_pages is None:
        assert window.tab_titles() == ALL_TABS[:-1]
        assert window.admin is None
    else:
        assert window.tab_titles() == ALL_TABS
        assert window.admin is not None
        assert window.admin.page_titles() == admin_pages


def _message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_backup_writes_a_copy_of_the_database(
    qtbot: QtBot, database: Database, admin: Actor, main_window: OpenWindow, tmp_path: Path
) -> None:
    window = main_window(admin)
    dest = tmp_path / "备份.sqlite3"
    dest.write_bytes(b"old")  # the file dialog already confirmed replacing it
    window.backup_to(dest)
    if not database.is_sqlite:  # a shared server: pg_dump's custom-format archive
        qtbot.waitUntil(lambda: dest.read_bytes()[:5] == b"PGDMP", timeout=30_000)
        assert not dest.with_name(dest.name + ".part").exists()
        return
    qtbot.waitUntil(lambda: dest.stat().st_size > 1000, timeout=10_000)
    assert dest.read_bytes().startswith(b"SQLite format 3\x00")
    assert not dest.with_name(dest.name + ".part").exists()


def test_demo_database_is_announced_on_home(
    qtbot: QtBot, database: Database, main_window: OpenWindow
) -> None:
    with database.transaction(SYSTEM.audit()) as session:
        fill_demo(session)
    with database.transaction(anonymous("ui")) as session:
        demo_admin = authenticate(session, "demo_admin", DEMO_PASSWORD)
    window = main_window(demo_admin)
    qtbot.waitUntil(window.home.demo_banner.isVisible)


def test_smoke_command_opens_every_tab_and_saves_screenshots(tmp_path: Path) -> None:
    # A separate process: the smoke run owns its QApplication (translator, style, fonts).
    url = f"sqlite:///{tmp_path / 'smoke.sqlite3'}"
    shots = tmp_path / "shots"
    code = "from fpr_desktop.cli.main import main; raise SystemExit(main())"
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", url, "smoke", "--screenshots", str(shots)],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert "00_登录.png" in names
    assert "01_首页.png" in names
    assert "11_系统管理_审计日志.png" in names
    assert "13_系统管理_报送登记.png" in names
    assert "10_系统管理_项目类别.png" in names
    assert len(names) == 15
    assert all((shots / n).stat().st_size > 5_000 for n in names)
