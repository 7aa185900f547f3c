"""The one way to run work off the GUI thread: a serialised worker with progress, cancel and errors.

Modelled on Anki's QueryOp/CollectionOp (qt/aqt/operations). Every job goes through one
background QThread that takes jobs from a FIFO queue, so database work from the GUI never runs
concurrently and runs in submission order. A job is a plain Python callable `fn(ctx)`: it must
never touch a widget; it reports progress and notices cancel through `ctx` (an `OpContext`).
Its result or exception comes back to the GUI thread by a queued signal, where `on_success` /
`on_error` / `on_cancelled` run. Errors are never swallowed: without `on_error`, a `UserError` is
shown with its Chinese message and anything else is shown as 程序内部错误 (details expandable)
and logged.

    runner = OpRunner(main_window)
    app.aboutToQuit.connect(runner.shutdown)      # done automatically when an app exists
    runner.run(lambda ctx: services.save(...), on_success=refresh, progress_label="正在保存…")
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Generic, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEventLoop,
    QObject,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from fpr_desktop.base.errors import DatabaseBusy, UserError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A job that finishes sooner than this never shows a progress dialog (no flicker).
SHOW_PROGRESS_AFTER_MS = 300
#: Progress reports closer together than this are dropped (the GUI repaints at most ~20×/s).
PROGRESS_INTERVAL_S = 0.05

DEFAULT_PROGRESS_LABEL = "正在处理…"
#: A job that finds the database busy (another PC writing) is run again this many times, with a
#: progress dialog saying so, before the Chinese “数据库正忙…” message is shown.
BUSY_ATTEMPTS = 6
BUSY_PAUSE_S = 1.0
BUSY_TEXT = "数据库正忙（其他电脑或程序正在写入），正在等待后重试（第 {n} 次）…"
INTERNAL_ERROR_TITLE = "程序内部错误"
INTERNAL_ERROR_TEXT = "程序内部错误，操作未能完成。\n请将“详细信息”中的内容发给系统管理员。"


class Cancelled(Exception):
    """Raised inside a job by `OpContext.check_cancelled()` once cancel was requested."""

    def __init__(self, message: str = "操作已取消") -> None:
        super().__init__(message)


class OpState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OpHandle(Generic[T]):
    """One submitted job. Read `state`/`result`/`error` only after `job_finished` (GUI thread)."""

    def __init__(
        self,
        job_id: int,
        fn: Callable[[OpContext], T],
        *,
        on_success: Callable[[T], Any] | None,
        on_error: Callable[[BaseException], Any] | None,
        on_cancelled: Callable[[], Any] | None,
        parent: QWidget | None,
        progress_label: str | None,
        cancellable: bool,
    ) -> None:
        self.id = job_id
        self.fn = fn
        self.on_success = on_success
        self.on_error = on_error
        self.on_cancelled = on_cancelled
        self.parent = parent
        self.progress_label = progress_label
        self.cancellable = cancellable
        self.state = OpState.QUEUED
        self.result: T | None = None
        self.error: BaseException | None = None
        self.last_progress: tuple[int, int | None, str] | None = None
        self._cancel_requested = threading.Event()

    @property
    def wants_dialog(self) -> bool:
        return self.progress_label is not None or self.cancellable

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_requested.is_set()

    @property
    def done(self) -> bool:
        return self.state in (OpState.SUCCEEDED, OpState.FAILED, OpState.CANCELLED)

    def cancel(self) -> None:
        """Ask the job to stop: skipped if still queued, `ctx.cancelled` turns True if running."""
        self._cancel_requested.set()


class OpContext:
    """What a running job sees: progress reporting and the cancel flag. Worker thread only."""

    def __init__(
        self, handle: OpHandle[Any], report: Callable[[object, object, object, str], None]
    ) -> None:
        self._handle = handle
        self._report = report
        self._last_report = 0.0

    @property
    def cancelled(self) -> bool:
        return self._handle.cancel_requested

    def check_cancelled(self) -> None:
        """Raise `Cancelled` if the user pressed 取消; call it between units of work."""
        if self.cancelled:
            raise Cancelled()

    def progress(self, done: int, total: int | None = None, text: str = "") -> None:
        """Report `done` of `total` units (total None: unknown) with an optional Chinese text."""
        now = time.monotonic()
        if done != total and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        self._report(self._handle, done, total, text)


class _Worker(QThread):
    """The single background thread; runs queued jobs one after another."""

    job_ended = Signal(object)
    progress_reported = Signal(object, object, object, str)
    busy_waiting = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fpr-op-worker")
        self._jobs: queue.SimpleQueue[OpHandle[Any] | None] = queue.SimpleQueue()

    def submit(self, handle: OpHandle[Any] | None) -> None:
        self._jobs.put(handle)

    def run(self) -> None:
        while (handle := self._jobs.get()) is not None:
            self._run_one(handle)

    def _run_one(self, handle: OpHandle[Any]) -> None:
        if handle.cancel_requested:
            handle.state = OpState.CANCELLED
        else:
            handle.state = OpState.RUNNING
            try:
                handle.result = self._attempts(handle)
                handle.state = OpState.SUCCEEDED
            except Cancelled:
                handle.state = OpState.CANCELLED
            except BaseException as exc:  # reported on the GUI thread, never lost
                handle.error = exc
                handle.state = OpState.FAILED
        self.job_ended.emit(handle)

    def _attempts(self, handle: OpHandle[Any]) -> Any:
        """Run the job; when the database is busy, wait and run it again (its transaction was
        rolled back whole, so running it again is safe)."""
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                return handle.fn(OpContext(handle, self.progress_reported.emit))
            except DatabaseBusy:
                if attempt == BUSY_ATTEMPTS:
                    raise
                self.progress_reported.emit(handle, 0, None, BUSY_TEXT.format(n=attempt))
                self.busy_waiting.emit(handle)
                if handle._cancel_requested.wait(BUSY_PAUSE_S):
                    raise Cancelled() from None
        raise AssertionError("unreachable")


class _ProgressDialog(QProgressDialog):
    """Modal “正在处理…” dialog; without a cancel button, Esc and the close box do nothing."""

    def __init__(self, handle: OpHandle[Any], parent: QWidget | None) -> None:
        super().__init__(handle.progress_label or DEFAULT_PROGRESS_LABEL, "取消", 0, 0, parent)
        self._cancellable = handle.cancellable
        self.setWindowTitle(DEFAULT_PROGRESS_LABEL)
        modality = QtCore.Qt.WindowModality
        self.setWindowModality(modality.WindowModal if parent else modality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        if not handle.cancellable:
            self.setCancelButton(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == QtCore.Qt.Key.Key_Escape and not self._cancellable:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._cancellable and self.isVisible():
            event.ignore()
            return
        super().closeEvent(event)


class OpRunner(QObject):
    """Runs jobs on one background thread and delivers their outcome on the GUI thread."""

    #: Emitted on the GUI thread with the OpHandle after its callbacks ran.
    job_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._default_parent = parent if isinstance(parent, QWidget) else None
        self._ids = itertools.count(1)
        self._outstanding: dict[int, OpHandle[Any]] = {}
        self._timers: dict[int, QTimer] = {}
        self._dialogs: dict[int, _ProgressDialog] = {}
        self._boxes: set[QMessageBox] = set()
        self._closed = False
        # started with the first job: nothing of it delays the first window's paint
        self._started: _Worker | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def run(
        self,
        fn: Callable[[OpContext], T],
        *,
        on_success: Callable[[T], Any] | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        on_cancelled: Callable[[], Any] | None = None,
        parent: QWidget | None = None,
        progress_label: str | None = None,
        cancellable: bool = False,
    ) -> OpHandle[T]:
        """Queue `fn(ctx)`. A progress dialog appears after 300 ms if `progress_label` is given or
        the job is `cancellable`; otherwise the job runs quietly (e.g. loading a list)."""
        if self._closed:
            raise RuntimeError("OpRunner has been shut down")
        handle: OpHandle[T] = OpHandle(
            next(self._ids),
            fn,
            on_success=on_success,
            on_error=on_error,
            on_cancelled=on_cancelled,
            parent=parent or self._default_parent,
            progress_label=progress_label,
            cancellable=cancellable,
        )
        self._outstanding[handle.id] = handle
        if handle.wants_dialog:
            # Counted from submission: waiting behind another job is waiting all the same.
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda h=handle: self._show_dialog(h))
            timer.start(SHOW_PROGRESS_AFTER_MS)
            self._timers[handle.id] = timer
        self._worker.submit(handle)
        return handle

    @property
    def _worker(self) -> _Worker:
        if self._started is None:
            worker = _Worker()
            queued = QtCore.Qt.ConnectionType.QueuedConnection
            worker.job_ended.connect(self._on_job_ended, queued)
            worker.progress_reported.connect(self._on_progress_reported, queued)
            worker.busy_waiting.connect(self._on_busy_waiting, queued)
            worker.start()
            self._started = worker
        return self._started

    @property
    def busy(self) -> bool:
        """True while any job is queued, running or waiting for its result to be delivered."""
        return bool(self._outstanding)

    def progress_dialog(self, handle: OpHandle[Any]) -> QProgressDialog | None:
        """The dialog currently shown for `handle`, if any (for tests and status bars)."""
        return self._dialogs.get(handle.id)

    def show_error(self, exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
        """Tell the user about `exc` (non-blocking box). Also usable from custom `on_error`s."""
        box = QMessageBox(parent or self._default_parent)
        # Shown with open(), not exec(): no nested event loop. Keep the box alive until closed.
        self._boxes.add(box)
        box.finished.connect(lambda _result, b=box: self._forget_box(b))
        if isinstance(exc, UserError):
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("提示")
            box.setText(str(exc))
        else:
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(INTERNAL_ERROR_TITLE)
            box.setText(INTERNAL_ERROR_TEXT)
            box.setDetailedText("".join(traceback.format_exception(exc)))
        box.open()
        return box

    def _forget_box(self, box: QMessageBox) -> None:
        self._boxes.discard(box)
        box.deleteLater()

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Process events until every job is delivered (tests only: this blocks the caller)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._outstanding:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            QThread.msleep(2)
        return True

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel what is queued, let the running job end, stop the thread. Idempotent."""
        if not self._closed:
            self._closed = True
            for handle in self._outstanding.values():
                handle.cancel()
            if self._started is not None:
                self._started.submit(None)
            for job_id in {*self._timers, *self._dialogs}:
                self._drop_dialog(job_id)
        if self._started is None or self._started.wait(QDeadlineTimer(timeout_ms)):
            return True
        log.error("后台任务在 %d 毫秒内未结束，程序退出时仍在运行", timeout_ms)
        return False

    # --- GUI-thread side -------------------------------------------------------------------

    def _show_dialog(self, handle: OpHandle[Any]) -> None:
        self._timers.pop(handle.id, None)
        if handle.done or self._closed or handle.id not in self._outstanding:
            return
        dialog = _ProgressDialog(handle, handle.parent)
        dialog.canceled.connect(handle.cancel)
        self._dialogs[handle.id] = dialog
        if handle.last_progress is not None:
            self._apply_progress(dialog, handle, *handle.last_progress)
        dialog.show()

    def _on_busy_waiting(self, handle: OpHandle[Any]) -> None:
        """Even a quiet job shows a progress dialog while it waits for a busy database."""
        if handle.id not in self._dialogs:
            if (timer := self._timers.pop(handle.id, None)) is not None:
                timer.stop()
                timer.deleteLater()
            self._show_dialog(handle)

    def _on_progress_reported(
        self, handle: OpHandle[Any], done: int, total: int | None, text: str
    ) -> None:
        handle.last_progress = (done, total, text)
        if (dialog := self._dialogs.get(handle.id)) is not None:
            self._apply_progress(dialog, handle, done, total, text)

    @staticmethod
    def _apply_progress(
        dialog: QProgressDialog, handle: OpHandle[Any], done: int, total: int | None, text: str
    ) -> None:
        # Per mille, so counts beyond a C int (and total=None: busy indicator) are fine.
        if total:
            dialog.setRange(0, 1000)
            dialog.setValue(max(0, min(1000, done * 1000 // total)))
        else:
            dialog.setRange(0, 0)
        dialog.setLabelText(text or handle.progress_label or DEFAULT_PROGRESS_LABEL)

    def _drop_dialog(self, job_id: int) -> None:
        if (timer := self._timers.pop(job_id, None)) is not None:
            timer.stop()
            timer.deleteLater()
        if (dialog := self._dialogs.pop(job_id, None)) is not None:
            dialog.hide()
            dialog.deleteLater()

    def _on_job_ended(self, handle: OpHandle[Any]) -> None:
        self._drop_dialog(handle.id)
        try:
            if handle.state is OpState.FAILED and not isinstance(handle.error, UserError):
                log.error("后台任务出错", exc_info=handle.error)
            if self._closed:
                return  # the window is going away: log only (above), no callbacks
            if handle.state is OpState.SUCCEEDED:
                if handle.on_success is not None:
                    handle.on_success(handle.result)
            elif handle.state is OpState.CANCELLED:
                if handle.on_cancelled is not None:
                    handle.on_cancelled()
            elif handle.error is not None:
                if handle.on_error is not None:
                    handle.on_error(handle.error)
                else:
                    self.show_error(handle.error, handle.parent)
        finally:
            self._outstanding.pop(handle.id, None)
            self.job_finished.emit(handle)
