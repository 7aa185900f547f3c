"""The asset card (资产卡片): what is fixed shown, what is descriptive edited and saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from fpr_desktop.assets import cards
from fpr_desktop.assets.cards import AssetCard, CardEdit
from fpr_desktop.assets.models import CLASSES, NATURES, TIERS
from ui.assets.ledger_page import wan
from ui.common.widgets import FormDialog, Workspace, submit_dialog

TEXT_FIELDS = (
    ("name", "资产名称*"),
    ("sub_type", "细类"),
    ("quantity", "数量"),
    ("unit", "计量单位"),
    ("group_name", "组"),
    ("operator", "经营主体（法人）"),
    ("beneficiaries", "受益对象"),
)
LONG_FIELDS = (
    ("contract_terms", "经营合同条款"),
    ("risk_controls", "风险防控措施"),
    ("remarks", "备注"),
)


class CardDialog(FormDialog):
    """Edits the descriptive fields; value, owner and status change through their own steps."""

    def __init__(self, card: AssetCard, may_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(f"资产卡片 — {card.code}", parent)
        self.card = card
        tier = TIERS.get(card.owner_tier or "", "未确权")
        for label, text in (
            ("资产编号", card.code),
            ("坐落", card.location),
            ("原值", f"{wan(card.original_value)} 万元"),
            ("所有者", card.owner if card.owner_tier == "household" else f"{card.owner}（{tier}）"),
            ("确权日期", str(card.registered_on or "未登记")),
            ("“三资”平台", card.sanzi_entry_no or "未录入"),
            ("状态", card.status),
        ):
            self.form.addRow(label, QLabel(text, self))
        self.boxes: dict[str, Any] = {}
        for key, label in TEXT_FIELDS[:1]:
            self._line(key, label)
        self.asset_class = self._combo("asset_class", "类别*", CLASSES)
        self.nature = self._combo("nature", "性质*", NATURES)
        for key, label in TEXT_FIELDS[1:]:
            self._line(key, label)
        for key, label in LONG_FIELDS:
            box = QPlainTextEdit(getattr(card, key), self)
            box.setFixedHeight(self.fontMetrics().height() * 3)
            box.setTabChangesFocus(True)
            self.boxes[key] = box
            self.form.addRow(label, box)
        if not may_edit or card.status == "已处置":
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(
                "该资产已处置，不能再修改。" if may_edit else "当前用户没有“维护扶贫资产”的权限。"
            )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 44)
        self._initial = self.edit()

    def _line(self, key: str, label: str) -> None:
        box = QLineEdit(getattr(self.card, key), self)
        self.boxes[key] = box
        self.form.addRow(label, box)

    def _combo(self, key: str, label: str, values: tuple[str, ...]) -> QComboBox:
        box = QComboBox(self)
        box.addItems(list(values))
        box.setCurrentText(getattr(self.card, key))
        self.boxes[key] = box
        self.form.addRow(label, box)
        return box

    def edit(self) -> CardEdit:
        values: dict[str, str] = {}
        for key, box in self.boxes.items():
            if isinstance(box, QComboBox):
                values[key] = box.currentText()
            elif isinstance(box, QPlainTextEdit):
                values[key] = box.toPlainText()
            else:
                values[key] = box.text()
        return CardEdit(**values)

    def check(self) -> str:
        problems = cards.check_card(self.edit())
        if problems:
            self.boxes["name"].setFocus()
        return "\n".join(problems)

    def reject(self) -> None:
        if self.save_button.isEnabled() and self.edit() != self._initial:
            answer = QMessageBox.question(
                self, "放弃修改", "资产卡片已修改但尚未保存，确定放弃吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


def open_card(
    ws: Workspace, asset_id: int, parent: QWidget, *, on_saved: Callable[[], Any]
) -> None:
    """Read the card in the background, then show it; 保存 writes through the service."""
    from fpr_desktop.base.permissions import can

    actor = ws.actor

    def show(card: AssetCard) -> None:
        dialog = CardDialog(card, can(actor, cards.EDIT), parent)
        parent.card_dialog = dialog  # type: ignore[attr-defined]

        def save() -> None:
            edit = dialog.edit()
            submit_dialog(
                ws,
                dialog,
                lambda s: cards.update_card(s, actor, asset_id, card.version, edit),
                on_saved=lambda _r: on_saved(),
                on_conflict=on_saved,
            )

        dialog.save_requested.connect(save)
        dialog.open()

    ws.read(lambda s: cards.card(s, actor, asset_id), on_success=show, parent=parent)
