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


def connect_steps(ws: Workspace, card_dialog: CardDialog, reopen: Callable[[], Any]) -> None:
    """Each step opens its dialog over the card; a saved step reads the card again."""
    actor, bundle = ws.actor, card_dialog.bundle
    card = bundle.card
    aid, version = card.id, card.version

    def run(dialog: FormDialog, work: Callable[[Session], Any]) -> None:
        def save() -> None:
            submit_dialog(ws, dialog, work, on_saved=lambda _r: reopen(), on_conflict=reopen)

        dialog.save_requested.connect(save)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        card_dialog.step_dialog = dialog
        dialog.open()

    def status() -> None:
        d = StatusDialog(card, card_dialog)
        run(d, lambda s: cards.change_status(s, actor, aid, version, *d.values()))

    def transfer() -> None:
        choices = bundle.choices
        town = next((t.name for t in choices.towns if t.id == card.town_id), "")
        village = next((v.name for v in choices.villages if v.id == card.village_id), "")
        d = TransferDialog(
            card, (choices.county_id or 0, choices.county_name), town, village, card_dialog
        )
        run(d, lambda s: cards.transfer(s, actor, aid, version, *d.values()))

    def dispose() -> None:
        d = DisposalDialog(card, card_dialog)

        def work(s: Session) -> None:
            values = d.values()
            assert values is not None
            cards.dispose(s, actor, aid, version, values)

        run(d, work)

    def sanzi() -> None:
        d = SanziDialog(card, card_dialog)
        run(d, lambda s: cards.record_sanzi_entry(s, actor, aid, version, *d.values()))

    def record_income() -> None:
        d = IncomeDialog(card, card_dialog)
        run(d, lambda s: income.record_income(s, actor, aid, *d.values()))

    def set_upkeep() -> None:
        d = UpkeepDialog(card, bundle.records.upkeep, card_dialog)
        run(d, lambda s: upkeep.set_upkeep(s, actor, aid, d.values()))

    def inspect() -> None:
        d = InspectionDialog(card, card_dialog)
        run(d, lambda s: upkeep.log_inspection(s, actor, aid, **d.values()))  # type: ignore[arg-type]

    def repair() -> None:
        row = card_dialog.selected_inspection()
        if row is None:
            return
        d = RepairDialog(row, card_dialog)
        run(d, lambda s: upkeep.record_repair(s, actor, row.id, *d.values()))

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
    ws: Workspace, asset_id: int, parent: QWidget, *, on_saved: Callable[[], Any]
) -> None:
    """Read the card in the background, then show it; 保存 writes through the service.

    The open card is `parent.card_dialog` (tests reach it there)."""
    actor = ws.actor
    owner = weakref.ref(parent)

    def show(bundle: CardBundle) -> None:
        host = owner()
        if host is None:
            return
        dialog = CardDialog(bundle, host)
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

        def reopen() -> None:
            dialog.discard()
            on_saved()
            again = owner()
            if again is not None:
                open_card(ws, asset_id, again, on_saved=on_saved)

        dialog.save_requested.connect(save)
        connect_steps(ws, dialog, reopen)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    ws.read(lambda s: read_bundle(s, actor, asset_id), on_success=show, parent=parent)
