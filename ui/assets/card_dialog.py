"""The asset card (资产卡片): its fields, its steps, its history and records.

The card's descriptive fields are edited and saved here. Its steps — status change, ownership
transfer, disposal, 三资 entry, income, upkeep and inspections — open their own dialogs from the
bar on top; a step the user may not take is disabled with the reason (tooltip and hint line).
After a step is saved the card is read again, so it always shows what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from fpr_desktop.assets import cards
from fpr_desktop.assets.actions import Allowed, CardActions, card_actions
from fpr_desktop.assets.cards import AssetCard, CardEdit, HistoryRow
from fpr_desktop.assets.models import CLASSES, NATURES, TIERS
from fpr_desktop.assets.records import CardRecords, card_records
from fpr_desktop.assets.views import AssetChoices, asset_choices
from ui.assets.ledger_page import wan
from ui.assets.short_tables import fill, short_table
from ui.common.money import MoneyFormat
from ui.common.screen_fit import fit_to_screen, scroll_body
from ui.common.widgets import FormDialog, hint_label

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
#: The steps of the bar: key (a CardActions field), button text.
STEPS = (
    ("status", "状态变更…"),
    ("transfer", "权属变更…"),
    ("dispose", "资产处置…"),
    ("sanzi", "“三资”录入…"),
    ("income", "登记收益…"),
    ("upkeep", "管护责任…"),
    ("inspect", "登记巡查…"),
)


@dataclass(frozen=True)
class CardBundle:
    """Everything the card dialog shows, read in one background read."""

    card: AssetCard
    actions: CardActions
    history: list[HistoryRow]
    records: CardRecords
    choices: AssetChoices


def read_bundle(session: Session, ws_actor: Any, asset_id: int) -> CardBundle:
    card = cards.card(session, ws_actor, asset_id)
    return CardBundle(
        card,
        card_actions(session, ws_actor, card),
        cards.history(session, ws_actor, asset_id),
        card_records(session, ws_actor, asset_id),
        asset_choices(session, ws_actor),
    )


class CardDialog(FormDialog):
    """Edits the descriptive fields; value, owner and status change through their own steps."""

    def __init__(
        self, bundle: CardBundle, parent: QWidget | None = None, *, done: str = ""
    ) -> None:
        card = bundle.card
        super().__init__(f"资产卡片 — {card.code} {card.name}", parent)
        self.bundle, self.card = bundle, card
        self.step_buttons: dict[str, QPushButton] = {}
        #: the step dialog open now (tests reach it here)
        self.step_dialog: FormDialog | None = None
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeItem(self.form)
        body = QWidget(self)
        self.form = QFormLayout(body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_form(card, bundle.actions.edit)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll_body(body, self), "卡片")
        self.history = short_table(self, ["类型", "日期", "原", "新", "说明", "经办人"], 4)
        fill(self.history, [(h.kind, h.happened_on, h.from_value, h.to_value, h.note, h.username)
                            for h in bundle.history])  # fmt: skip
        self.tabs.addTab(self.history, f"变动历史（{len(bundle.history)}）")
        self.income_table: QTableWidget | None = None
        self.inspection_table: QTableWidget | None = None
        records = bundle.records
        if card.asset_class == "经营性":
            self.tabs.addTab(self._income_tab(records), "经营与收益")
        if card.asset_class == "公益性":
            self.tabs.addTab(self._upkeep_tab(records), "管护巡查")
        if records.disposal is not None:
            self.tabs.addTab(self._disposal_tab(records), "处置记录")
        self.step_hint = hint_label(self)
        bar = QHBoxLayout()
        for key, text in STEPS:
            button = QPushButton(text, self)
            allowed = self._allowed(key)
            button.setEnabled(allowed.ok)
            button.setToolTip(allowed.reason)
            self.step_buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        #: what the last step did and what comes next, or why the card cannot be changed
        self.step_hint.setText(bundle.actions.edit.reason or done)
        self.step_hint.setVisible(bool(self.step_hint.text()))
        outer.insertLayout(0, bar)
        outer.insertWidget(1, self.step_hint)
        outer.insertWidget(2, self.tabs, 1)
        if not bundle.actions.edit.ok:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(bundle.actions.edit.reason)
        em = self.fontMetrics().horizontalAdvance("字")
        fit_to_screen(self, em * 64, self.fontMetrics().height() * 38)

    def _allowed(self, key: str) -> Allowed:
        actions = self.bundle.actions
        return actions.upkeep if key == "inspect" else getattr(actions, key)

    def _build_form(self, card: AssetCard, edit: Allowed) -> None:
        tier = TIERS.get(card.owner_tier or "", "未确权")
        sanzi = (
            f"{card.sanzi_entry_no}（{card.sanzi_entry_on}）" if card.sanzi_entry_no else "未录入"
        )
        for label, text in (
            ("资产编号", card.code),
            ("坐落", card.location),
            ("原值", f"{wan(card.original_value)} 万元"),
            ("所有者", card.owner if card.owner_tier == "household" else f"{card.owner}（{tier}）"),
            ("确权日期", str(card.registered_on or "未登记")),
            ("“三资”平台", sanzi),
            ("状态", card.status),
        ):
            self.form.addRow(label, QLabel(text, self))
        self.boxes: dict[str, Any] = {}
        for key, label in TEXT_FIELDS[:1]:
            self._line(key, label)
        self._combo("asset_class", "类别*", CLASSES)
        self._combo("nature", "性质*", NATURES)
        for key, label in TEXT_FIELDS[1:]:
            self._line(key, label)
        for key, label in LONG_FIELDS:
            box = QPlainTextEdit(getattr(card, key), self)
            box.setFixedHeight(self.fontMetrics().height() * 3)
            box.setTabChangesFocus(True)
            self.boxes[key] = box
            self.form.addRow(label, box)
        for box in self.boxes.values():
            box.setEnabled(edit.ok)

    def _line(self, key: str, label: str) -> None:
        box = QLineEdit(getattr(self.card, key), self)
        self.boxes[key] = box
        self.form.addRow(label, box)

    def _combo(self, key: str, label: str, values: tuple[str, ...]) -> None:
        box = QComboBox(self)
        box.addItems(list(values))
        box.setCurrentText(getattr(self.card, key))
        self.boxes[key] = box
        self.form.addRow(label, box)

    def _income_tab(self, records: CardRecords) -> QWidget:
        page = QWidget(self)
        fmt = MoneyFormat.current()
        info = QLabel(
            f"经营主体：{self.card.operator or '未填写'}　"
            f"风险防控：{'已填写' if self.card.risk_controls.strip() else '未填写'}　"
            f"累计收益 {fmt.with_unit(records.income_total)}",
            page,
        )
        info.setWordWrap(True)
        table = self.income_table = short_table(page, ["收到日期", fmt.title("金额"), "来源"], 2)
        fill(table, [(i.received_on, i.amount, i.source) for i in records.incomes])
        layout = QVBoxLayout(page)
        layout.addWidget(info)
        layout.addWidget(table, 1)
        note = hint_label(page)
        note.setText(
            "收益按年度在“收益分配”页制定分配方案（四议两公开或三重一大，镇审核、县同意后公示）。"
        )
        layout.addWidget(note)
        return page

    def _upkeep_tab(self, records: CardRecords) -> QWidget:
        page = QWidget(self)
        u = records.upkeep
        fmt = MoneyFormat.current()
        text = (
            f"管护主体：{u.body}　责任人：{u.person or '—'}　公益岗位：{u.post or '—'}　"
            f"协议：{u.agreement or '—'}　年度经费 {fmt.with_unit(u.funding)}"
            f"{('（' + u.funding_source + '）') if u.funding_source else ''}"
            if u is not None
            else "尚未落实管护责任：请点击“管护责任…”填写管护主体、责任人或公益岗位。"
        )
        info = QLabel(text, page)
        info.setWordWrap(True)
        table = self.inspection_table = short_table(
            page, ["巡查日期", "巡查人", "状况", "需维修问题", "维修完成", "维修情况"], 3
        )
        rows = [(i.inspected_on, i.inspector, i.condition, i.repair_needed,
                 i.repaired_on or ("待维修" if i.repair_open else ""), i.repair_note)
                for i in records.inspections]  # fmt: skip
        fill(table, rows, [i.id for i in records.inspections])
        self.repair_button = QPushButton("登记维修完成…", page)
        self.repair_button.setEnabled(False)
        self.repair_button.setToolTip("请先选择一条待维修的巡查记录")
        table.itemSelectionChanged.connect(self._repair_allowed)
        layout = QVBoxLayout(page)
        layout.addWidget(info)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        row.addWidget(self.repair_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def selected_inspection(self) -> Any:
        from ui.assets.short_tables import row_id

        if self.inspection_table is None:
            return None
        wanted = row_id(self.inspection_table)
        return next((i for i in self.bundle.records.inspections if i.id == wanted), None)

    def _repair_allowed(self) -> None:
        row = self.selected_inspection()
        base = self.bundle.actions.upkeep
        ok = base.ok and row is not None and row.repair_open
        self.repair_button.setEnabled(ok)
        if not base.ok:
            self.repair_button.setToolTip(base.reason)
        elif row is not None and not row.repair_open:
            self.repair_button.setToolTip("该次巡查没有待维修的问题。")
        else:
            self.repair_button.setToolTip("" if ok else "请先选择一条待维修的巡查记录")

    def _disposal_tab(self, records: CardRecords) -> QWidget:
        d = records.disposal
        assert d is not None
        page = QWidget(self)
        form = QFormLayout(page)
        fmt = MoneyFormat.current()
        for label, text in (
            ("处置原因", d.cause),
            ("决策程序", d.procedure),
            ("审批文件", d.approval),
            ("批准日期", str(d.approved_on)),
            ("处置日期", str(d.disposed_on)),
            ("处置收入", fmt.with_unit(d.proceeds)),
            ("收入去向", d.proceeds_to or "—"),
        ):
            form.addRow(label, QLabel(text, page))
        return page

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
            self.tabs.setCurrentIndex(0)
            self.boxes["name"].setFocus()
        return "\n".join(problems)
