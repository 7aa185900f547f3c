"""Small shared pieces of the GUI: the workspace handle, pages that load on show, form dialogs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from fpr_desktop.base.errors import ConflictError, UserError
from ui.common.changes import ChangeBus
from ui.common.error_label import ErrorLabel as ErrorLabel  # re-exported
from ui.common.ops import OpContext, OpHandle, OpRunner
from ui.common.unsaved import UnsavedGuard

if TYPE_CHECKING:  # the login dialog uses this module before the database layer is loaded
    from sqlalchemy.orm import Session

    from fpr_desktop.base.changes import Changes
    from fpr_desktop.base.context import Actor
    from fpr_desktop.db.engine import Database

log = logging.getLogger(__name__)


def _while_alive[A](
    widget: QWidget | None, fn: Callable[[A], Any] | None, *, is_error: bool = False
) -> Callable[[A], Any] | None:
    """`fn`, skipped once `widget` is destroyed (a window closed while its data was loading).

    An error that can no longer be shown is logged, never dropped silently.
    """
    if widget is None or fn is None:
        return fn

    def call(arg: A) -> None:
        if isValid(widget):
            fn(arg)
        elif is_error:
            log.error("后台任务出错（窗口已关闭）", exc_info=arg)  # type: ignore[arg-type]

    return call


@dataclass(frozen=True)
class Workspace:
    """What every tab needs: the open database, the logged-in user and the one op runner."""

    db: Database
    actor: Actor
    runner: OpRunner
    #: the app-wide change signal (see ui.common.changes)
    changes: ChangeBus = field(default_factory=ChangeBus)

    def __post_init__(self) -> None:
        # The money unit of the settings, for every screen of this session (one small read).
        from ui.common.money import load_money_format

        with self.db.read() as session:
            load_money_format(session)

    def run[T](
        self,
        fn: Callable[[OpContext], T],
        *,
        on_success: Callable[[T], Any],
        on_error: Callable[[BaseException], Any] | None = None,
        parent: QWidget | None = None,
        progress_label: str | None = None,
        cancellable: bool = False,
    ) -> OpHandle[T]:
        """`runner.run`, but the callbacks are skipped once `parent` is gone."""
        if on_error is None and parent is not None:
            runner, owner = self.runner, parent

            def on_error(exc: BaseException) -> None:
                runner.show_error(exc, owner)

        return self.runner.run(
            fn,
            on_success=_while_alive(parent, on_success),  # type: ignore[arg-type]
            on_error=_while_alive(parent, on_error, is_error=True),
            parent=parent,
            progress_label=progress_label,
            cancellable=cancellable,
        )

    def read[T](
        self,
        fn: Callable[[Session], T],
        *,
        on_success: Callable[[T], Any],
        on_error: Callable[[BaseException], Any] | None = None,
        parent: QWidget | None = None,
        progress_label: str | None = None,
    ) -> OpHandle[T]:
        """Run `fn(session)` in a read-only session on the worker thread."""
        db = self.db

        def job(_ctx: OpContext) -> T:
            with db.read() as session:
                return fn(session)

        return self.run(
            job,
            on_success=on_success,
            on_error=on_error,
            parent=parent,
            progress_label=progress_label,
        )

    def write[T](
        self,
        fn: Callable[[Session], T],
        *,
        on_success: Callable[[T], Any],
        on_error: Callable[[BaseException], Any] | None = None,
        parent: QWidget | None = None,
        progress_label: str | None = "正在保存…",
    ) -> OpHandle[T]:
        """Run `fn(session)` as one audited transaction of the logged-in user.

        What it changed is published on `changes` (every subscribed page refreshes) before
        `on_success` runs — even when `parent` has been closed meanwhile.
        """
        db, audit, bus = self.db, self.actor.audit(), self.changes

        def job(_ctx: OpContext) -> tuple[T, Changes]:
            from fpr_desktop.base.changes import changes_of

            with db.transaction(audit) as session:
                result = fn(session)
            return result, changes_of(session)

        then = _while_alive(parent, on_success)

        def delivered(outcome: tuple[T, Changes]) -> None:
            result, changes = outcome
            bus.publish(changes)
            if then is not None:
                then(result)

        if on_error is None and parent is not None:
            runner, owner = self.runner, parent

            def on_error(exc: BaseException) -> None:
                runner.show_error(exc, owner)

        return self.runner.run(  # type: ignore[return-value]
            job,
            on_success=delivered,
            on_error=_while_alive(parent, on_error, is_error=True),
            parent=parent,
            progress_label=progress_label,
        )


def actor_text(actor: Actor) -> str:
    """“演示管理员（系统管理员，全县）” — the user as the status bar and 首页 show them."""
    from fpr_desktop.base.permissions import role_label

    return f"{actor.display_name}（{role_label(actor.role)}，{actor.scope_name or '全县'}）"


def note_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A centred grey note, e.g. for a module that is not built yet or an empty list."""
    label = QLabel(text, parent)
    label.setObjectName("noteLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def compact_rows(view: QAbstractItemView) -> None:
    """Rows one text line high (plus a little air), whatever the font size and screen scaling."""
    if isinstance(view, QTableView):
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)


def tree_widget(parent: QWidget, columns: list[str], stretch_column: int) -> QTreeWidget:
    """A read-only tree for an admin page: columns sized to content, one column stretching."""
    tree = QTreeWidget(parent)
    tree.setHeaderLabels(columns)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    header = tree.header()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return tree


def table_widget(parent: QWidget, columns: list[str], *, multi: bool = False) -> QTableWidget:
    """A read-only, row-selecting table for a short list (tens of rows, whole list in memory)."""
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    compact_rows(table)
    return table


def hint_label(parent: QWidget) -> QLabel:
    """The small grey line under a list (counts, what a double-click does)."""
    label = QLabel("", parent)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


def text_width(widget: QWidget, sample: str) -> int:
    """Pixels `sample` needs in `widget`'s font, plus room for cell padding."""
    return widget.fontMetrics().horizontalAdvance(sample) + widget.fontMetrics().height()


class LazyPage(QWidget):
    """A page that reads its data the first time it is shown, and again on `reload()`."""

    #: The page's data arrived and is on screen.
    data_loaded = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._loaded_once = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.reload()

    def reload(self) -> None:
        """Start reading the page's data in the background; subclasses implement it."""
        raise NotImplementedError

    def watch(self, *tables: str) -> None:
        """Refresh when a write changes one of `tables` (any table: none given).

        Visible: `data_changed` at once; hidden: read again the next time the page is shown.
        """
        self.ws.changes.subscribe(self, tables, self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        if not self._loaded_once:
            return  # never shown yet: its first showing reads everything anyway
        if self.isVisible():
            self.data_changed(changes)
        else:
            self._loaded_once = False

    def data_changed(self, changes: Changes) -> None:
        """What a visible page does when its data changed elsewhere (default: `reload()`)."""
        self.reload()

    def open_form[V, T](
        self,
        dialog: FormDialog,
        values: Callable[[], V],
        work: Callable[[Session, V], T],
        *,
        on_saved: Callable[[T], Any],
    ) -> None:
        """Open a form dialog whose 保存 writes `work(session, values())` as one transaction.

        The values are read from the form on the GUI thread when 保存 is pressed; the write runs
        through `submit_dialog` (errors stay in the dialog, a stale save closes it and reloads
        the page). Until it closes the dialog is `self.dialog` (tests reach it there); then it
        is deleted.
        """

        def save() -> None:
            v = values()
            submit_dialog(
                self.ws, dialog, lambda s: work(s, v), on_saved=on_saved, on_conflict=self.reload
            )

        def forget(_result: int) -> None:
            if getattr(self, "dialog", None) is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.save_requested.connect(save)
        dialog.finished.connect(forget)
        self.dialog = dialog
        dialog.open()

    def finish_loading(self) -> None:
        self._loaded_once = True
        self.data_loaded.emit()


# --- the rules every form keeps (docs/screens.md, rule 7) -------------------------------------

#: Appended to the label of a field that must be filled in.
REQUIRED_MARK = " *"
#: The first entry of a choice that has no safe default: nothing is chosen until the user picks.
PLEASE_CHOOSE = "请选择"

#: A problem of a form: the field it is about (None: the form as a whole) and the message.
type Problem = tuple[QWidget | None, str]


def required_label(text: str) -> str:
    """“项目名称 *”: the label of a required field (the mark every form uses)."""
    text = text.rstrip("：:")
    return text if text.endswith(REQUIRED_MARK) else text + REQUIRED_MARK


def label_name(text: str) -> str:
    """The field's name in a message: its label without colon and required mark."""
    return text.strip().removesuffix(REQUIRED_MARK).strip("：: *")


def please_choose(box: QComboBox) -> None:
    """Put “请选择” (no value) first and select it: no risky pre-selected default."""
    if box.count() == 0 or box.itemData(0) is not None or box.itemText(0) != PLEASE_CHOOSE:
        box.insertItem(0, PLEASE_CHOOSE, None)
    box.setCurrentIndex(0)


def is_empty(widget: QWidget) -> bool:
    """Whether a required field is left unfilled (nothing typed, nothing chosen)."""
    from ui.common.date_input import DateInput

    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return not widget.currentText().strip()
        if widget.currentIndex() < 0 or widget.currentText() == PLEASE_CHOOSE:
            return True
        # no value where the other items carry one (“（请选择镇）”); a list of plain texts
        # (addItems) is chosen by its text
        return widget.currentData() is None and any(
            widget.itemData(i) is not None for i in range(widget.count())
        )
    if isinstance(widget, QLineEdit):
        return not widget.text().strip()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return not widget.toPlainText().strip()
    if isinstance(widget, DateInput):
        return not widget.edit.text().strip()
    return False


def empty_message(widget: QWidget, name: str) -> str:
    verb = "选择" if isinstance(widget, QComboBox) and not widget.isEditable() else "填写"
    return f"请{verb}{name}。"


def bring_forward(widget: QWidget) -> None:
    """Show the tab (or stacked page) that holds `widget`, then put the cursor in it."""
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget):
            tabs = parent.parentWidget()
            if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
                tabs.setCurrentWidget(child)
            else:
                parent.setCurrentWidget(child)
        child = parent
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()


def in_use(widget: QWidget, root: QWidget) -> bool:
    """Whether a field is part of the form now: enabled, and not hidden — a field on a tab that
    is not in front is still in use."""
    if not widget.isEnabled():
        return False
    w: QWidget | None = widget
    while w is not None and w is not root:
        parent = w.parentWidget()
        if w.isHidden() and not isinstance(parent, QStackedWidget):
            return False
        w = parent
    return True


def show_problems(error: ErrorLabel, problems: list[Problem]) -> bool:
    """Every problem at once in the error line, the first field brought forward; True if any."""
    error.show_message("\n".join(text for _w, text in problems))
    first = next((w for w, _t in problems if w is not None), None)
    if first is not None:
        bring_forward(first)
    return bool(problems)


def is_enter(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.type() == QEvent.Type.KeyPress
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    )


def enter_moves_on(owner: QWidget, event: QKeyEvent) -> bool:
    """Enter in a single-line field goes to the next field instead of saving the form.

    Called from a form's keyPressEvent with an Enter no child took (a multi-line text keeps
    its Enter, a button is pressed by it): True when it was used.
    """
    focus = owner.focusWidget()
    if not is_enter(event) or focus is None or isinstance(focus, QAbstractButton):
        return False
    owner.focusNextChild()
    event.accept()
    return True


class FormDialog(QDialog):
    """A dialog with a form, an error line and 保存/取消; 保存 emits `save_requested`.

    The dialog never writes itself: its page runs the save through the op runner and closes the
    dialog on success, or puts the service's message into the error line (see `submit_dialog`).

    The form rules (docs/screens.md) hold for every subclass: a field added with
    `add_required` is marked “ *” and refused while empty; 保存 lists every problem at once
    (empty required fields, `field_problems`, `check_all`) and puts the cursor in the first,
    bringing its tab forward; Enter in a single-line field moves on and never saves.
    """

    #: The user pressed 保存 and the form passed its own checks.
    save_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字") * 30)
        self.guard = UnsavedGuard(self)
        self._shown_once = False
        self._required: list[tuple[QWidget, str, str]] = []

    def add_required(self, label: str, widget: QWidget, message: str = "") -> None:
        """A form row that must be filled: its label marked “ *”, refused on 保存 while empty
        (“请填写…。” naming the label, or `message` when the field needs more words)."""
        self.form.addRow(required_label(label), widget)
        self.mark_required(widget, label_name(label), message)

    def mark_required(self, widget: QWidget, name: str, message: str = "") -> None:
        """`widget` (laid out by the subclass) must be filled; `name` names it in the message
        (or `message` says it)."""
        self._required.append((widget, name, message))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not enter_moves_on(self, event):
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.guard.mark_clean()  # what the form was opened with

    def reject(self) -> None:
        """Esc, 取消 and × ask before typing is thrown away (see ui.common.unsaved)."""
        if self.guard.may_close(self.reject):
            super().reject()

    def discard(self) -> None:
        """Close without asking (the caller has decided the typing is not needed)."""
        self.guard.discard()
        self.reject()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def check(self) -> str:
        """The form's own complaint before anything is sent to a service ('' when fine)."""
        return ""

    def check_all(self) -> list[Problem]:
        """The form's own problems, each with its field when there is one (default: `check`)."""
        own = self.check()
        return [(None, own)] if own else []

    def save_problems(self) -> list[Problem]:
        """Everything 保存 would refuse, in the order of the form."""
        found: list[Problem] = [
            (w, message or empty_message(w, name))
            for w, name, message in self._required
            if in_use(w, self) and is_empty(w)
        ]
        empty = {id(w) for w, _t in found}
        found += [(w, t) for w, t in self.field_problems() if id(w) not in empty]
        said = {t for _w, t in found}  # a form's own check may name an empty field again
        for w, text in self.check_all():
            if w is not None and id(w) in empty:
                continue
            if lines := [line for line in text.splitlines() if line not in said]:
                found.append((w, "\n".join(lines)))
        return found

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def field_problems(self) -> list[tuple[QWidget, str]]:
        """Each field that cannot be read as typed (a date that is no date …), with its message."""
        from ui.common.date_input import DateInput

        found = []
        for box in self.findChildren(DateInput):
            if not box.isVisibleTo(self):
                continue
            label = self.form.labelForField(box)
            name = label_name(label.text()) if isinstance(label, QLabel) else "日期"
            problem = box.problem(name)
            if problem:
                found.append((box, problem))
        return found

    def _on_save_clicked(self) -> None:
        if not show_problems(self.error, self.save_problems()):
            self.set_busy(True)
            self.save_requested.emit()


STALE_FORM = (
    "这条记录已被他人修改并保存，列表已重新加载最新内容。你在这里填写的内容没有保存，仍保留在"
    "本窗口：请记下要改的内容，关闭本窗口后重新打开这条记录再修改。"
)


def submit_dialog[T](
    ws: Workspace,
    dialog: FormDialog,
    work: Callable[[Session], T],
    *,
    on_saved: Callable[[T], Any],
    on_conflict: Callable[[], Any],
) -> OpHandle[T]:
    """Save a dialog's content as one transaction and tell the user how it went.

    Success closes the dialog; any user error stays in the dialog so the input can be corrected.
    A stale save (ConflictError: someone saved the record first) keeps the dialog and what was
    typed in it — never thrown away — says so in its error line with 保存 disabled (the form
    holds the old version), and lets the page reload behind it.
    """

    def saved(result: T) -> None:
        dialog.accept()
        on_saved(result)

    def failed(exc: BaseException) -> None:
        dialog.set_busy(False)
        if isinstance(exc, ConflictError):
            dialog.error.show_message(STALE_FORM)
            dialog.save_button.setEnabled(False)
            dialog.save_button.setToolTip("这条记录已被他人修改，不能再按打开时的内容保存。")
            on_conflict()  # the page shows the record as it is now
        elif isinstance(exc, UserError):
            dialog.error.show_message(str(exc))
        else:
            ws.runner.show_error(exc, dialog)

    return ws.write(work, on_success=saved, on_error=failed, parent=dialog)
