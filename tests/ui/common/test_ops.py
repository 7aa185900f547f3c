"""The op runner: results and errors reach the GUI thread, cancel works, jobs run one at a time."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from fpr_desktop.base.errors import ValidationError
from ui.common.ops import Cancelled, OpContext, OpRunner, OpState

pytestmark = pytest.mark.timeout(30)

# Qt's offscreen platform (used in CI) warns when a QMessageBox lays itself out; not our bug.
offscreen_box_warning = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[OpRunner]:
    op_runner = OpRunner()
    yield op_runner
    assert op_runner.shutdown(timeout_ms=5000), "worker thread still running after shutdown"
    for box in _message_boxes():
        box.close()


def _message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_result_arrives_on_gui_thread(qtbot: QtBot, runner: OpRunner) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def job(ctx: OpContext) -> int:
        seen["job_thread"] = threading.get_ident()
        return 6 * 7

    def on_success(result: int) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.get_ident()

    with qtbot.waitSignal(runner.job_finished, timeout=5000) as finished:
        handle = runner.run(job, on_success=on_success)

    assert finished.args == [handle]
    assert handle.state is OpState.SUCCEEDED
    assert seen["result"] == 42
    assert seen["callback_thread"] == gui_thread
    assert seen["job_thread"] != gui_thread


def test_exception_reaches_on_error_and_is_logged(
    qtbot: QtBot, runner: OpRunner, caplog: pytest.LogCaptureFixture
) -> None:
    boom = RuntimeError("数据库文件损坏")
    errors: list[BaseException] = []
    successes: list[object] = []

    def job(ctx: OpContext) -> None:
        raise boom

    with caplog.at_level(logging.ERROR, logger="ui.common.ops"):
        handle = runner.run(job, on_success=successes.append, on_error=errors.append)
        assert runner.wait_idle(5000)

    assert errors == [boom]
    assert successes == []
    assert handle.state is OpState.FAILED
    assert any(r.exc_info and r.exc_info[1] is boom for r in caplog.records)


@offscreen_box_warning
def test_user_error_without_handler_is_shown_with_its_chinese_message(
    qtbot: QtBot, runner: OpRunner
) -> None:
    def job(ctx: OpContext) -> None:
        raise ValidationError("拨付金额不能大于下达金额")

    runner.run(job)
    assert runner.wait_idle(5000)

    boxes = _message_boxes()
    assert [b.text() for b in boxes] == ["拨付金额不能大于下达金额"]
    assert boxes[0].windowTitle() == "提示"


@offscreen_box_warning
def test_unexpected_error_is_shown_as_internal_error_with_details(
    qtbot: QtBot, runner: OpRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def job(ctx: OpContext) -> int:
        return {}["missing_key"]

    with caplog.at_level(logging.ERROR, logger="ui.common.ops"):
        runner.run(job)
        assert runner.wait_idle(5000)

    boxes = _message_boxes()
    assert len(boxes) == 1
    assert boxes[0].windowTitle() == "程序内部错误"
    assert "程序内部错误" in boxes[0].text()
    assert "KeyError" in boxes[0].detailedText() and "missing_key" in boxes[0].detailedText()
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_cancel_stops_a_running_job(qtbot: QtBot, runner: OpRunner) -> None:
    started = threading.Event()
    steps: list[int] = []
    outcome: list[str] = []

    def job(ctx: OpContext) -> str:
        started.set()
        for i in range(500):
            ctx.check_cancelled()
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    handle = runner.run(
        job, on_success=outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    qtbot.waitUntil(started.is_set, timeout=5000)
    handle.cancel()
    assert runner.wait_idle(5000)

    assert handle.state is OpState.CANCELLED
    assert outcome == ["cancelled"]
    assert len(steps) < 500
    assert _message_boxes() == []  # a cancel is not an error


def test_progress_dialog_shows_progress_and_its_cancel_button_stops_the_job(
    qtbot: QtBot, runner: OpRunner
) -> None:
    saw_cancel = threading.Event()

    def job(ctx: OpContext) -> None:
        ctx.progress(50, 100, "正在导入第 50 行")
        deadline = time.monotonic() + 10
        while not ctx.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        if ctx.cancelled:
            saw_cancel.set()
        ctx.check_cancelled()

    handle = runner.run(job, progress_label="正在导入…", cancellable=True)
    qtbot.waitUntil(lambda: (d := runner.progress_dialog(handle)) is not None and d.isVisible())
    dialog = runner.progress_dialog(handle)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.labelText() == "正在导入第 50 行", timeout=3000)
    assert dialog.value() * 2 == dialog.maximum()  # half done
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "取消"

    cancel_button.click()
    assert runner.wait_idle(5000)

    assert saw_cancel.is_set()
    assert handle.state is OpState.CANCELLED
    assert runner.progress_dialog(handle) is None


def test_quick_job_shows_no_progress_dialog(qtbot: QtBot, runner: OpRunner) -> None:
    shown: list[object] = []
    handle = runner.run(lambda ctx: time.sleep(0.02), progress_label="正在保存…")
    timer = QTimer()
    timer.timeout.connect(lambda: shown.append(runner.progress_dialog(handle)))
    timer.start(10)
    assert runner.wait_idle(5000)
    qtbot.wait(400)  # past the 300 ms threshold: the dialog must still not appear
    timer.stop()

    assert handle.state is OpState.SUCCEEDED
    assert shown and all(d is None for d in shown)


def test_jobs_run_serially_in_submission_order(qtbot: QtBot, runner: OpRunner) -> None:
    lock = threading.Lock()
    running = 0
    max_running = 0
    started: list[int] = []
    delivered: list[int] = []

    def make_job(n: int):
        def job(ctx: OpContext) -> int:
            nonlocal running, max_running
            with lock:
                running += 1
                max_running = max(max_running, running)
                started.append(n)
            time.sleep(0.03 if n % 2 else 0.005)
            with lock:
                running -= 1
            return n

        return job

    for n in range(8):
        runner.run(make_job(n), on_success=delivered.append)
    assert runner.wait_idle(5000)

    assert started == list(range(8))
    assert delivered == list(range(8))
    assert max_running == 1


def test_gui_thread_keeps_ticking_during_a_long_job(qtbot: QtBot, runner: OpRunner) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)

    with qtbot.waitSignal(runner.job_finished, timeout=5000):
        runner.run(lambda ctx: time.sleep(0.5))
    timer.stop()

    assert len(ticks) >= 10
    assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.2


def test_shutdown_cancels_queued_jobs_and_stops_the_thread(qtbot: QtBot) -> None:
    op_runner = OpRunner()
    started = threading.Event()
    queued_ran = threading.Event()
    saw_cancel = threading.Event()

    def long_job(ctx: OpContext) -> None:
        started.set()
        while not ctx.cancelled:
            time.sleep(0.01)
        saw_cancel.set()
        raise Cancelled()

    op_runner.run(long_job)
    op_runner.run(lambda ctx: queued_ran.set())
    qtbot.waitUntil(started.is_set, timeout=5000)

    assert op_runner.shutdown(timeout_ms=5000)
    assert saw_cancel.is_set()
    assert not queued_ran.is_set()
    with pytest.raises(RuntimeError):
        op_runner.run(lambda ctx: None)
    assert op_runner.shutdown()  # idempotent (aboutToQuit may call it again)


def test_a_busy_database_is_retried_with_a_progress_dialog(
    qtbot: QtBot, runner: OpRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpr_desktop.base.errors import DatabaseBusy
    from ui.common import ops

    monkeypatch.setattr(ops, "BUSY_PAUSE_S", 0.3)
    attempts: list[int] = []
    texts: list[str] = []

    def job(ctx: OpContext) -> int:
        attempts.append(1)
        if len(attempts) < 3:
            raise DatabaseBusy()
        return 42

    results: list[int] = []
    handle = runner.run(job, on_success=results.append)  # a quiet job: no dialog normally

    def dialog_says_busy() -> bool:
        d = runner.progress_dialog(handle)
        if d is not None and d.isVisible():
            texts.append(d.labelText())
        return any("数据库正忙" in t for t in texts)

    qtbot.waitUntil(dialog_says_busy, timeout=5000)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert len(attempts) == 3 and handle.state is OpState.SUCCEEDED


def test_a_database_busy_for_good_ends_in_the_chinese_message(
    qtbot: QtBot, runner: OpRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpr_desktop.base.errors import DatabaseBusy
    from ui.common import ops

    monkeypatch.setattr(ops, "BUSY_PAUSE_S", 0.01)
    errors: list[BaseException] = []

    def job(_ctx: OpContext) -> None:
        raise DatabaseBusy()

    runner.run(job, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], DatabaseBusy) and "数据库正忙" in str(errors[0])
