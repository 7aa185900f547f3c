"""Wires the card's step buttons to their dialogs and the services that save them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop.assets import cards, income, upkeep
from ui.assets.action_dialogs import (
    DisposalDialog,
    IncomeDialog,
    SanziDialog,
    StatusDialog,
    TransferDialog,
)
from ui.assets.card_dialog import CardDialog
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
