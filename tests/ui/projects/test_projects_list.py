"""项目库 → 项目列表: demo-like projects, footer totals, filters, town scope, overdue flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.base.context import SYSTEM, Actor
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.db.engine import Database
from fpr_desktop.projects.demo import fill_demo_projects
from fpr_desktop.projects.models import Project
from ui.main_window import MainWindow
from ui.projects.list_page import ProjectListPage, WarningDelegate
from ui.projects.tab import ProjectsTab

WAN = MoneyUnit.WAN  # screens show money in 万元 (the default setting)

pytestmark = [
    pytest.mark.timeout(60),
    # Qt's offscreen platform warns whenever a top-level window lays itself out; not our bug.
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

OpenWindow = Callable[[Actor], MainWindow]


@pytest.fixture
def demo(database: Database) -> Database:
    """About sixty realistic projects in the seeded villages, in every status."""
    with database.transaction(SYSTEM.audit()) as session:
        fill_demo_projects(session)
    return database


def open_list(qtbot: QtBot, window: MainWindow) -> ProjectListPage:
    tab = window.show_tab("项目库")
    assert isinstance(tab, ProjectsTab)
    page = tab.list_page
    qtbot.waitUntil(lambda: page.model is not None and page.footer.text().startswith("共"))
    return page


def column(page: ProjectListPage, title: str) -> list[str]:
    assert page.model is not None
    c = [col.title for col in page.model.columns].index(title)
    return [page.model.index(r, c).data() for r in range(page.model.rowCount())]


def sums(database: Database, town: str | None = None) -> tuple[int, Decimal, Decimal]:
    with database.read() as s:
        stmt = select(Project)
        if town:
            town_id = s.scalar(select(Division.id).where(Division.name == town))
            stmt = stmt.where(Project.town_id == town_id)
        projects = s.scalars(stmt).all()
        return (
            len(projects),
            sum((p.total_investment for p in projects), Decimal(0)),
            sum((p.fiscal_funds for p in projects), Decimal(0)),
        )


def apply(qtbot: QtBot, page: ProjectListPage, change: Callable[[], None]) -> None:
    before = page.footer.text()
    change()
    page.bar.flush()
    qtbot.waitUntil(lambda: page.footer.text().startswith("共") and page.footer.text() != before)


def test_list_shows_projects_and_footer_totals_of_the_whole_list(
    qtbot: QtBot, demo: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_list(qtbot, main_window(admin))
    count, total, fiscal = sums(demo)
    assert count > 40
    total_text, fiscal_text = format_amount(total, WAN), format_amount(fiscal, WAN)
    assert page.footer.text() == (
        f"共 {count:,} 个项目　总投资 {total_text} 万元　财政资金 {fiscal_text} 万元"
    )
    assert page.model is not None and page.model.rowCount() == count
    years = [int(y) for y in column(page, "年度")]
    assert years == sorted(years, reverse=True)  # newest year first
    assert "已入库" in column(page, "状态")
    assert page.import_button.isEnabled() and page.template_button.isEnabled()
    assert not page.step_button.isEnabled()  # nothing selected yet


def test_overdue_acceptance_is_flagged_in_red(
    qtbot: QtBot, demo: Database, admin: Actor, main_window: OpenWindow
) -> None:
    with demo.transaction(admin.audit()) as s:
        p = s.scalars(select(Project).order_by(Project.id)).first()
        assert p is not None
        p.status, p.completed_on, p.accepted_on = "completed", date(2021, 9, 28), None
        overdue_name = p.name
    page = open_list(qtbot, main_window(admin))
    names, flags = column(page, "项目名称"), column(page, "提示")
    assert flags[names.index(overdue_name)] == "验收逾期"
    assert page.model is not None
    c = [col.key for col in page.model.columns].index("flag")
    delegate = page.view.itemDelegateForColumn(c)
    assert isinstance(delegate, WarningDelegate)
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, page.model.index(names.index(overdue_name), c))
    assert option.palette.color(QPalette.ColorRole.Text).name() == "#b00020"  # type: ignore[attr-defined]


def test_filters_narrow_the_list_and_its_totals(
    qtbot: QtBot, demo: Database, admin: Actor, main_window: OpenWindow
) -> None:
    page = open_list(qtbot, main_window(admin))
    bar = page.bar
    assert not bar.village.isEnabled()
    apply(qtbot, page, lambda: bar.select(bar.town, "河北镇"))
    count, total, _ = sums(demo, "河北镇")
    assert set(column(page, "镇")) == {"河北镇"}
    assert page.footer.text().startswith(
        f"共 {count:,} 个项目　总投资 {format_amount(total, WAN)} 万元"
    )
    assert bar.village.isEnabled()
    villages = [bar.village.itemText(i) for i in range(1, bar.village.count())]
    assert "东坡村" in villages and "上岔村" not in villages  # 上岔村 belongs to 固关镇

    status = column(page, "状态")[0]
    apply(qtbot, page, lambda: bar.select(bar.status, status))
    assert set(column(page, "状态")) == {status} and set(column(page, "镇")) == {"河北镇"}

    apply(qtbot, page, bar.clear)
    assert page.footer.text().startswith(f"共 {sums(demo)[0]:,} 个项目")
    name = column(page, "项目名称")[0]
    apply(qtbot, page, lambda: bar.text.setText(name[5:12]))
    assert name in column(page, "项目名称")
    assert all(name[5:12] in n for n in column(page, "项目名称"))


def test_a_hebei_clerk_does_not_see_guguan_projects(
    qtbot: QtBot,
    demo: Database,
    user_factory: Callable[..., Actor],
    main_window: OpenWindow,
) -> None:
    clerk = user_factory("hb", "town", "河北镇")
    page = open_list(qtbot, main_window(clerk))
    count, total, _ = sums(demo, "河北镇")
    assert count > 0 and sums(demo, "固关镇")[0] > 0
    assert set(column(page, "镇")) == {"河北镇"}
    assert page.footer.text().startswith(
        f"共 {count:,} 个项目　总投资 {format_amount(total, WAN)} 万元"
    )
    assert page.bar.town.currentText() == "河北镇" and not page.bar.town.isEnabled()
    assert page.bar.town.findText("固关镇") < 0
    apply(qtbot, page, lambda: page.bar.text.setText("固关"))
    assert page.footer.text().startswith("共 0 个项目")


def test_export_writes_the_chosen_town_and_year(
    qtbot: QtBot, demo: Database, admin: Actor, main_window: OpenWindow, tmp_path: Path
) -> None:
    page = open_list(qtbot, main_window(admin))
    assert page.export_button.isEnabled()
    apply(qtbot, page, lambda: page.bar.select(page.bar.town, "河北镇"))
    target = tmp_path / "项目库.xlsx"
    page.export_to(target)
    count = sums(demo, "河北镇")[0]
    qtbot.waitUntil(
        lambda: page.message.text() == f"已导出 {count:,} 个项目到 {target}", timeout=20_000
    )
    assert target.stat().st_size > 0


def test_notices_and_approval_sheets_are_handed_to_the_notice_screens(
    qtbot: QtBot,
    demo: Database,
    admin: Actor,
    main_window: OpenWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[object, ...]] = []
    page = open_list(qtbot, main_window(admin))
    assert page.notice_button.isVisibleTo(page)  # ui.notices provides the builder
    monkeypatch.setattr(
        "ui.notices.actions.open_notice_for_projects", lambda *args: calls.append(args)
    )
    assert page.model is not None
    first, second = page.model.row_id(0), page.model.row_id(1)
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert page.selected_ids() == [first, second] and not page.step_button.isEnabled()
    labels = [a.text() for a in page.notice_menu.actions()]
    assert labels[:2] == ["项目库公示", "项目库公告"]
    page.notice_menu.actions()[0].trigger()
    assert calls == [(page.ws, page, "project_library_publicity", [first, second])]

    dialog = page.open_project(first)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.detail is not None)
    assert dialog.print_button.isVisible()
    monkeypatch.setattr("ui.notices.actions.print_approval_sheet", lambda *args: calls.append(args))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert calls[-1] == (page.ws, dialog, first)
