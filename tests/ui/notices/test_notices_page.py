"""公告公示 page: quick filters, the notice detail dialog (objections, scans, preview)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from helpers.project_gates import BACKDATED
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.db.engine import Database
from fpr_desktop.notices import register as reg
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project
from ui.common.ops import OpRunner
from ui.common.pdf_preview import PdfPreviewDialog
from ui.common.widgets import Workspace
from ui.notices.detail import NoticeDetailDialog
from ui.notices.forms import ObjectionDialog, ResolveDialog
from ui.notices.lists import ending_this_week_list, open_objections_list
from ui.notices.page import NoticesPage

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
CLICK = Qt.MouseButton.LeftButton
TODAY = date.today()


def seed(database: Database, admin: Actor) -> dict[str, int]:
    """Two projects and four notices: ending this week, long over, objection open, upcoming."""
    with database.transaction(admin.audit()) as s:
        village = s.scalar(select(Division).where(Division.name == "上岔村"))
        ids = []
        for name, amount in (
            ("上岔村核桃提质增效项目", "298625.88"),
            ("上岔村花椒基地项目", "1615000"),
        ):
            pid = prj.create_project(
                s,
                admin,
                prj.ProjectInput(
                    name=name,
                    year=TODAY.year,
                    category_id=category_by_path(s, "产业发展/种植"),
                    construction_type="新建",
                    town_id=village.parent_id,
                    village_id=village.id,
                    content="核桃园提质增效500亩",
                    total_investment=Decimal(amount),
                    fiscal_funds=Decimal(amount),
                    targets=[prj.TargetInput("产出指标", "面积", "亩", "500")],
                ),
            )
            s.get(Project, pid).status = "village_publicity"
            ids.append(pid)

        def issue(title: str, start: date) -> int:
            return reg.issue_notice(
                s,
                admin,
                kind="project_library_publicity",
                level="village",
                title=title,
                division_id=village.id,
                covers=[("project", i) for i in ids],
                window_start=start,
                posted_at="上岔村村务公开栏",
                year=TODAY.year,
                backdate_reason=BACKDATED,
            ).id

        notices = {
            "ending": issue("上岔村项目库公示（本周到期）", TODAY - timedelta(days=9)),
            "old": issue("上岔村项目库公示（早已期满）", TODAY - timedelta(days=60)),
            "objected": issue("上岔村项目库公示（有异议）", TODAY - timedelta(days=30)),
            "upcoming": issue("上岔村项目库公示（下周开始）", TODAY + timedelta(days=8)),
        }
        reg.add_objection(
            s,
            admin,
            notices["objected"],
            received_on=TODAY - timedelta(days=25),
            content="核桃园面积与实际不符",
        )
    return notices


@pytest.fixture
def ws(database: Database, admin: Actor, op_runner: OpRunner) -> Workspace:
    return Workspace(database, admin, op_runner)


@pytest.fixture
def page(qtbot: QtBot, ws: Workspace, database: Database, admin: Actor) -> Iterator[NoticesPage]:
    seed(database, admin)
    p = NoticesPage(ws)
    qtbot.addWidget(p)
    p.resize(1100, 600)
    with qtbot.waitSignal(p.data_loaded, timeout=10_000):
        p.show()
    yield p
    ws.runner.wait_idle(5000)


def titles(qtbot: QtBot, page: NoticesPage, count: int) -> list[str]:
    qtbot.waitUntil(lambda: page.count == count and page.model is not None, timeout=10_000)
    assert page.model is not None
    return [page.model.row_values(r)[1] for r in range(page.model.rowCount())]


def shown_after(qtbot: QtBot, page: NoticesPage, change) -> list[str]:  # type: ignore[no-untyped-def]
    """The titles listed once the query started by `change()` has landed."""
    with qtbot.waitSignal(page.data_loaded, timeout=10_000):
        change()
    assert page.model is not None
    return [page.model.row_values(r)[1] for r in range(page.model.rowCount())]


def test_quick_filters_ending_this_week_and_open_objections(qtbot: QtBot, page) -> None:  # type: ignore[no-untyped-def]
    assert len(titles(qtbot, page, 4)) == 4
    ending = shown_after(qtbot, page, lambda: page.set_quick("本周到期"))
    assert ending == ["上岔村项目库公示（本周到期）"]
    objected = shown_after(qtbot, page, lambda: page.set_quick("有异议待处理"))
    assert objected == ["上岔村项目库公示（有异议）"]
    assert page.count_label.text().startswith("共 1 份")
    shown_after(qtbot, page, lambda: page.set_quick("全部"))
    kind = page.kind.findData("acceptance")
    assert shown_after(qtbot, page, lambda: page.kind.setCurrentIndex(kind)) == []
    shown_after(qtbot, page, lambda: page.kind.setCurrentIndex(0))
    year = page.year.findData(TODAY.year)
    assert len(shown_after(qtbot, page, lambda: page.year.setCurrentIndex(year))) == 4


def open_detail(qtbot: QtBot, page: NoticesPage, title: str) -> NoticeDetailDialog:
    rows = titles(qtbot, page, 4)
    page.view.selectRow(rows.index(title))
    dialog = page.open_detail()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=10_000)
    return dialog


def test_adding_and_resolving_an_objection_changes_the_status(
    qtbot: QtBot, page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_detail(qtbot, page, "上岔村项目库公示（本周到期）")
    assert dialog.status.text() == "公示中"
    assert dialog.projects.count() == 2 and "（村级公示）" in dialog.projects.item(0).text()
    dialog.grab().save(str(tmp_path / "detail-before.png"))

    qtbot.mouseClick(dialog.add_objection_button, CLICK)
    form = dialog.form_dialog
    assert isinstance(form, ObjectionDialog)
    qtbot.mouseClick(form.save_button, CLICK)
    assert form.error.text() == "请填写异议内容。"
    form.content.setPlainText("花椒基地选址占用基本农田")
    form.contact.setText("王某 139xxxx")
    with qtbot.waitSignal(dialog.data_loaded, timeout=10_000):
        qtbot.mouseClick(form.save_button, CLICK)
    assert dialog.status.text() == "有异议待处理"
    assert dialog.objections.item(0, 6).text() == "待处理"

    dialog.objections.selectRow(0)
    assert dialog.resolve_button.isEnabled()
    qtbot.mouseClick(dialog.resolve_button, CLICK)
    resolve = dialog.form_dialog
    assert isinstance(resolve, ResolveDialog)
    resolve.result_text.setPlainText("经核实选址为一般耕地，已书面答复")
    qtbot.mouseClick(resolve.save_button, CLICK)
    assert resolve.error.text() == "请选择答复日期。"  # the reply date is mandatory
    assert resolve.replied_on.minimum is not None
    qtbot.keyClicks(resolve.replied_on.edit, resolve.replied_on.minimum.strftime("%Y%m%d"))
    with qtbot.waitSignal(dialog.data_loaded, timeout=10_000):
        qtbot.mouseClick(resolve.save_button, CLICK)
    assert dialog.status.text() == "公示中"
    assert dialog.objections.item(0, 6).text() == "已处理"
    assert dialog.objections.item(0, 5).text() != ""

    scan = tmp_path / "张贴照片.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with qtbot.waitSignal(dialog.data_loaded, timeout=10_000):
        dialog.attach_path(scan)
    assert dialog.files.item(0).text() == "张贴照片.jpg"
    dialog.grab().save(str(tmp_path / "detail-after.png"))
    dialog.close()


def test_preview_regenerates_the_registered_notice(qtbot: QtBot, page, ws) -> None:  # type: ignore[no-untyped-def]
    dialog = open_detail(qtbot, page, "上岔村项目库公示（有异议）")
    assert dialog.status.text() == "有异议待处理"
    shown: list[PdfPreviewDialog] = []
    from ui.notices.actions import preview_registered

    preview_registered(ws, dialog, dialog.notice_id, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown) and shown[0].preview.page_count() >= 1, timeout=20_000)
    assert shown[0].windowTitle().startswith("固关镇上岔村村民委员会")
    for w in [*shown, dialog]:
        w.close()


def test_home_lists(qtbot: QtBot, ws, database: Database, admin: Actor) -> None:  # type: ignore[no-untyped-def]
    seed(database, admin)
    ending = ending_this_week_list(ws)
    objected = open_objections_list(ws)
    for w in (ending, objected):
        qtbot.addWidget(w)
        w.show()
    qtbot.waitUntil(lambda: ending.title.text() == "本周到期（1 项）", timeout=10_000)
    qtbot.waitUntil(lambda: objected.title.text() == "有异议待处理（1 项）", timeout=10_000)
    ws.runner.wait_idle(5000)
    assert not [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "提示"
    ]


def test_search_box_number_column_and_sortable_headers(qtbot: QtBot, page) -> None:  # type: ignore[no-untyped-def]
    assert len(titles(qtbot, page, 4)) == 4
    assert page.model is not None
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "编号"
    number = page.model.row_values(0)[0]
    assert number.startswith(f"GS{TODAY.year}-")
    # typing words finds the notice (whatever row it was on); the count says what was searched
    found = shown_after(qtbot, page, lambda: page.search.setText("有异议"))
    assert found == ["上岔村项目库公示（有异议）"]
    assert "含“有异议”" in page.count_label.text()
    # its number finds it too
    assert len(shown_after(qtbot, page, lambda: page.search.setText(number))) == 1
    shown_after(qtbot, page, lambda: page.search.clear())
    # a click on a header sorts by that column, a second click the other way
    ascending = shown_after(qtbot, page, lambda: page.sort_by("title", descending=False))
    assert ascending == sorted(ascending) and len(ascending) == 4
    descending = shown_after(qtbot, page, lambda: page.sort_by("title", descending=True))
    assert descending == list(reversed(ascending))
    assert "按标题降序" in page.count_label.text()


def test_detail_names_the_issuer_or_says_it_is_missing(qtbot: QtBot, page) -> None:  # type: ignore[no-untyped-def]
    dialog = open_detail(qtbot, page, "上岔村项目库公示（有异议）")
    text = dialog.fields["issuer"].text()
    assert not text.startswith("，") and "：，" not in text
    assert text.startswith(dialog.data.row.issuer or "（登记时未填写发布单位）")
    assert dialog.fields["number"].text().startswith("GS")
    dialog.close()
