"""Required fields look and behave the same in every module's forms (the funds, assets and
cadres forms included): the label marked with the shared “ *”, an empty one refused on 保存
once, by its name or the form's own fuller sentence, never twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from fpr_desktop.assets.income import USES
from fpr_desktop.assets.records import PlanRow
from fpr_desktop.cadres.assessment import AssessmentRow
from ui.assets.plan_dialogs import PayoutDialog
from ui.cadres.assessment_page import GradeDialog
from ui.common.widgets import REQUIRED_MARK, FormDialog, is_empty
from ui.funds.month_page import SubmitDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def marked(dialog: FormDialog) -> list[str]:
    """The form's labels that carry the required mark."""
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    return [t.removesuffix(REQUIRED_MARK) for t in texts if t.endswith(REQUIRED_MARK)]


def saved_empty(qtbot: QtBot, dialog: FormDialog) -> list[str]:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    return dialog.error.text().splitlines()


def test_funds_form_names_each_empty_required_field_once(qtbot: QtBot) -> None:
    dialog = SubmitDialog(202503, "")
    assert marked(dialog) == ["填报人", "审核人"]
    assert saved_empty(qtbot, dialog) == ["请填写填报人。", "请填写审核人。"]


def test_assets_form_says_each_problem_once(qtbot: QtBot) -> None:
    plan = PlanRow(
        1, 1, 13, "上岔村", 2024, Decimal(100000), {k: Decimal(20000) for k in USES},
        Decimal(0), 35, False, "四议两公开", date(2025, 1, 5), date(2025, 1, 10),
        date(2025, 1, 12), date(2025, 1, 15), {}, "",
    )  # fmt: skip
    dialog = PayoutDialog(plan)
    assert marked(dialog) == ["用途", "兑付日期", "领取人", "金额（万元）"]
    dialog.day.set_day(None)
    # the empty amount once (not again as “金额：金额不能为空。” from the form's own check)
    assert saved_empty(qtbot, dialog) == [
        "请填写兑付日期。",
        "请填写领取人。",
        "请填写金额（万元）。",
    ]


def test_cadres_form_keeps_its_fuller_sentences_without_repeating_them(qtbot: QtBot) -> None:
    row = AssessmentRow(
        1, 1, "王建国", "县农业农村局", "第一书记", "上岔村", "", "", "", "", "",
        ("优秀", "称职"), "", "", 1,
    )  # fmt: skip
    dialog = GradeDialog(row)
    assert marked(dialog) == ["个人述职", "乡镇评价意见", "考核等次"]
    assert saved_empty(qtbot, dialog) == [
        "请填写个人述职。",
        "请填写乡镇评价意见。",
        "请选择考核等次。",
    ]


def test_a_list_of_plain_texts_is_chosen_by_its_text(qtbot: QtBot) -> None:
    plain = QComboBox()
    qtbot.addWidget(plain)
    plain.addItems(["四议两公开", "三重一大"])  # no values: the text is the choice
    assert not is_empty(plain)
    valued = QComboBox()
    qtbot.addWidget(valued)
    valued.addItem("（请选择镇）", None)
    valued.addItem("固关镇", 3)
    assert is_empty(valued)
    valued.setCurrentIndex(1)
    assert not is_empty(valued)
