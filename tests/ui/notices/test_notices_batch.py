"""Batch generation (progress, cancel), a notice for hand-picked projects, the approval sheet."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from helpers.notice_contacts import fill_complaint_channels
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Division
from fpr_desktop.db.engine import Database
from fpr_desktop.notices.models import Notice
from fpr_desktop.projects import proposals as prj
from fpr_desktop.projects.categories import category_by_path
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.notices import build as nb
from ui.common.ops import OpRunner
from ui.common.pdf_preview import PdfPreviewDialog
from ui.common.widgets import Workspace
from ui.notices.actions import open_notice_for_projects, print_approval_sheet
from ui.notices.batch import BatchDialog

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]
YEAR = 2023


def seed(database: Database, admin: Actor) -> list[int]:
    """Two village-publicity projects in each of the eight villages of 固关镇."""
    fill_complaint_channels(database, admin)
    ids = []
    with database.transaction(admin.audit()) as s:
        town = s.scalar(select(Division).where(Division.name == "固关镇"))
        villages = s.scalars(select(Division).where(Division.parent_id == town.id)).all()
        for v in villages:
            for n, amount in ((1, "298625.88"), (2, "161500")):
                pid = prj.create_project(
                    s,
                    admin,
                    prj.ProjectInput(
                        name=f"{v.name}产业路硬化项目（{n}）",
                        year=YEAR,
                        category_id=category_by_path(s, "产业发展/产业配套设施"),
                        construction_type="新建",
                        town_id=town.id,
                        village_id=v.id,
                        content="硬化产业路3.5公里",
                        total_investment=Decimal(amount),
                        fiscal_funds=Decimal(amount),
                        targets=[prj.TargetInput("产出指标", "硬化里程", "公里", "3.5")],
                    ),
                )
                s.get(Project, pid).status = "village_publicity"
                ids.append(pid)
    return ids


@pytest.fixture
def ws(database: Database, admin: Actor, op_runner: OpRunner) -> Workspace:
    return Workspace(database, admin, op_runner)


def notice_count(database: Database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.count(Notice.id))) or 0)


def batch_dialog(qtbot: QtBot, ws: Workspace, folder: Path) -> BatchDialog:
    dialog = BatchDialog(ws)
    qtbot.addWidget(dialog)
    dialog.year.setValue(YEAR)
    dialog.kind.setCurrentIndex(dialog.kind.findData("project_library_publicity"))
    assert dialog.per.currentData() == "village"
    dialog.folder.setText(str(folder))
    dialog.show()
    return dialog


def test_batch_one_notice_per_village_registers_each(
    qtbot: QtBot, ws, database, admin, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    seed(database, admin)
    dialog = batch_dialog(qtbot, ws, tmp_path)
    dialog.posted.setText("{地点}村务公开栏")
    with qtbot.waitSignal(dialog.batch_finished, timeout=60_000) as done:
        dialog.start_batch()
    outcome = done.args[0]
    assert (outcome.planned, len(outcome.files), outcome.registered) == (8, 8, 8)
    assert (tmp_path / f"{YEAR}年固关镇上岔村项目库公示.pdf").is_file()
    assert dialog.summary.text().startswith("已生成 8 份")
    assert notice_count(database) == 8
    with database.read() as s:
        posted = s.scalars(select(Notice.posted_at)).all()
    assert "固关镇上岔村村务公开栏" in posted


def test_batch_cancel_stops_between_notices(
    qtbot: QtBot, ws, database, admin, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seed(database, admin)
    real_render = nb.render

    def slow_render(built: nb.BuiltNotice) -> bytes:
        time.sleep(0.3)  # a slow PC: the user has time to press 取消
        return real_render(built)

    monkeypatch.setattr(nb, "render", slow_render)
    dialog = batch_dialog(qtbot, ws, tmp_path)
    handle = dialog.start_batch()
    assert handle is not None and dialog.outcome is not None
    outcome = dialog.outcome
    qtbot.waitUntil(
        lambda: ws.runner.progress_dialog(handle) is not None and len(outcome.files) >= 1,
        timeout=30_000,
    )
    with qtbot.waitSignal(dialog.batch_finished, timeout=30_000):
        ws.runner.progress_dialog(handle).findChild(QPushButton).click()  # 取消
    assert outcome.cancelled and 1 <= len(outcome.files) < 8
    assert dialog.summary.text().startswith("已取消")
    assert notice_count(database) == len(outcome.files) == len(list(tmp_path.glob("*.pdf")))


def test_batch_refuses_a_missing_folder(qtbot: QtBot, ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = batch_dialog(qtbot, ws, tmp_path / "没有这个文件夹")
    assert dialog.start_batch() is None
    assert "文件夹" in dialog.error.text()


def test_notice_for_chosen_projects_previews_then_registers(
    qtbot: QtBot, ws, database, admin
) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database, admin)[:2]  # both in the first village
    dialog = open_notice_for_projects(ws, None, "project_library_publicity", ids)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.page_count() >= 1, timeout=30_000)
    assert dialog.level.currentData() == "village"
    assert dialog.warning.isHidden()
    assert dialog.register_button.isEnabled()
    assert [dialog.level.itemData(i) for i in range(dialog.level.count())] == [
        "county",
        "town",
        "village",
    ]
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.level.setCurrentIndex(dialog.level.findData("town"))  # rebuilt for the town
    assert dialog.composed is not None and dialog.composed.built[0].issuer == "固关镇人民政府"
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.level.setCurrentIndex(dialog.level.findData("village"))
    with qtbot.waitSignal(dialog.notices_registered, timeout=10_000) as registered:
        dialog.register_button.click()
    [row] = registered.args[0]
    assert (row.level, {i for _, i in row.covers}) == ("village", set(ids))
    assert dialog.info.text().startswith("已登记 1 份公告公示")


def test_acceptance_for_unaccepted_projects_warns(qtbot: QtBot, ws, database, admin) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database, admin)[:1]
    dialog = open_notice_for_projects(ws, None, "acceptance", ids)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.page_count() >= 1, timeout=30_000)
    assert "状态与该公告不符" in dialog.warning.text() and "村级公示" in dialog.warning.text()


def test_a_kind_built_elsewhere_is_refused_with_a_message(qtbot: QtBot, ws) -> None:  # type: ignore[no-untyped-def]
    # every module has landed; 驻村考核结果公示 is built from an assessment round, not projects
    assert open_notice_for_projects(ws, None, "cadre_assessment", [1]) is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("驻村考核结果公示不由项目库生成" in b.text() for b in boxes if b.isVisible())


def test_approval_sheet_opens_in_the_preview(qtbot: QtBot, ws, database, admin) -> None:  # type: ignore[no-untyped-def]
    [pid] = seed(database, admin)[:1]
    shown: list[PdfPreviewDialog] = []
    print_approval_sheet(ws, None, pid, on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown) and shown[0].preview.page_count() >= 1, timeout=30_000)
    assert shown[0].windowTitle().startswith("项目审批表 — ")
    shown[0].close()


def test_register_disabled_with_the_reason_until_the_town_phone_is_set(
    qtbot: QtBot, ws, database, admin
) -> None:  # type: ignore[no-untyped-def]
    from fpr_desktop.base import settings as settings_service

    ids = seed(database, admin)[:2]
    with database.transaction(admin.audit()) as s:  # 固关镇's line removed from the contacts
        row = next(
            r
            for r in settings_service.list_settings(s, admin)
            if r.key == "publicity.town_contacts"
        )
        settings_service.set_value(
            s, admin, row.key, "河北镇，0917-4652001，河北镇人民政府", row.version
        )
    dialog = open_notice_for_projects(ws, None, "project_library_publicity", ids)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview.page_count() >= 1, timeout=30_000)
    assert not dialog.register_button.isEnabled()
    reason = dialog.register_button.toolTip()
    assert "监督电话" in reason and "固关镇" in reason
    assert "监督电话" in dialog.warning.text()  # said where the eye is, before any click
    # the county level has its channels: registering is offered, and a 文号 is printed
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.level.setCurrentIndex(dialog.level.findData("county"))
    assert dialog.register_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_ready, timeout=30_000):
        dialog.doc_number.setText("陇乡振发〔2026〕12号")
    assert dialog.composed is not None
    assert dialog.composed.built[0].document.subtitle == "陇乡振发〔2026〕12号"
    assert dialog.composed.built[0].title.startswith("陇县乡村振兴局关于")
