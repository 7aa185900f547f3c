"""Opens the asset card and wires its step buttons to their dialogs and the services."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from fpr_desktop.assets import cards, income, upkeep
from ui.assets.action_dialogs import (
    DisposalDialog,
    IncomeDialog,
    SanziDialog,
    StatusDialog,
    TransferDialog,
)
from ui.assets.card_dialog import CardBundle, CardDialog, read_bundle
from ui.assets.upkeep_dialogs import InspectionDialog, RepairDialog, UpkeepDialog
from ui.common.widgets import FormDialog, Workspace, submit_dialog

#: What the card, read again after a step, says was done and what comes next.
DONE = {
    "status": "状态已变更，已记入变动历史。",
    "transfer": "权属已变更；原所有者保留在变动历史中。确权到村的资产请再办理“三资”录入。",
    "dispose": "资产已处置：不再计入台账合计，卡片、处置记录和变动历史永久保留。",
    "sanzi": "已记录“三资”平台录入。",
    "income": "收益已登记。下一步：年底在“收益分配”页制定分配方案。",
    "upkeep": "管护责任已登记。下一步：按期登记巡查。",
    "inspect": "巡查已登记。有待维修问题的，维修完成后选中该记录点“登记维修完成…”。",
    "repair": "维修完成情况已登记。",
}


def connect_steps(ws: Workspace, card_dialog: CardDialog, reopen: Callable[[str], Any]) -> None:
    """Each step opens its dialog over the card; a saved step reads the card again."""
    actor, bundle = ws.actor, card_dialog.bundle
    card = bundle.card
    aid, version = card.id, card.version

    def run(dialog: FormDialog, work: Callable[[Session], Any], key: str) -> None:
        def save() -> None:
            submit_dialog(
                ws,
                dialog,
                work,
                on_saved=lambda _r: reopen(DONE[key]),
                on_conflict=lambda: reopen(""),
            )

        dialog.save_requested.connect(save)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        card_dialog.step_dialog = dialog
        dialog.open()

    def status() -> None:
        d = StatusDialog(card, card_dialog)
        run(d, lambda s: cards.change_status(s, actor, aid, version, *d.values()), "status")

    def transfer() -> None:
        choices = bundle.choices
        town = next((t.name for t in choices.towns if t.id == card.town_id), "")
        village = next((v.name for v in choices.villages if v.id == card.village_id), "")
        county = (choices.county_id or 0, choices.county_name) if choices.whole_county else None
        d = TransferDialog(card, county, town, village, card_dialog)
        run(d, lambda s: cards.transfer(s, actor, aid, version, *d.values()), "transfer")

    def dispose() -> None:
        d = DisposalDialog(card, card_dialog)

        def work(s: Session) -> None:
            values = d.values()
            assert values is not None
            cards.dispose(s, actor, aid, version, values)

        run(d, work, "dispose")

    def sanzi() -> None:
        d = SanziDialog(card, card_dialog)
        run(d, lambda s: cards.record_sanzi_entry(s, actor, aid, version, *d.values()), "sanzi")

    def record_income() -> None:
        d = IncomeDialog(card, card_dialog)
        run(d, lambda s: income.record_income(s, actor, aid, *d.values()), "income")

    def set_upkeep() -> None:
        d = UpkeepDialog(card, bundle.records.upkeep, card_dialog)
        run(d, lambda s: upkeep.set_upkeep(s, actor, aid, d.values()), "upkeep")

    def inspect() -> None:
        d = InspectionDialog(card, card_dialog)
        run(d, lambda s: upkeep.log_inspection(s, actor, aid, **d.values()), "inspect")  # type: ignore[arg-type]

    def repair() -> None:
        row = card_dialog.selected_inspection()
        if row is None:
            return
        d = RepairDialog(row, card_dialog)
        run(d, lambda s: upkeep.record_repair(s, actor, row.id, *d.values()), "repair")

    steps = {
        "status": status,
        "transfer": transfer,
        "dispose": dispose,
        "sanzi": sanzi,
        "income": record_income,
        "upkeep": set_upkeep,
        "inspect": inspect,
    }
    for key, fn in steps.items():
        card_dialog.step_buttons[key].clicked.connect(fn)
    if hasattr(card_dialog, "repair_button"):
        card_dialog.repair_button.clicked.connect(repair)


def open_card(
    ws: Workspace,
    asset_id: int,
    parent: QWidget,
    *,
    on_saved: Callable[[], Any],
    done: str = "",
) -> None:
    """Read the card in the background, then show it; 保存 writes through the service.

    The open card is `parent.card_dialog` (tests reach it there)."""
    actor = ws.actor
    owner = weakref.ref(parent)

    def show(bundle: CardBundle) -> None:
        host = owner()
        if host is None:
            return
        dialog = CardDialog(bundle, host, done=done)
        host.card_dialog = dialog  # type: ignore[attr-defined]
        card = bundle.card

        def save() -> None:
            edit = dialog.edit()
            submit_dialog(
                ws,
                dialog,
                lambda s: cards.update_card(s, actor, asset_id, card.version, edit),
                on_saved=lambda _r: on_saved(),
                on_conflict=on_saved,
            )

        def reopen(what: str) -> None:
            dialog.discard()
            on_saved()
            again = owner()
            if again is not None:
                open_card(ws, asset_id, again, on_saved=on_saved, done=what)

        dialog.save_requested.connect(save)
        connect_steps(ws, dialog, reopen)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    ws.read(lambda s: read_bundle(s, actor, asset_id), on_success=show, parent=parent)
