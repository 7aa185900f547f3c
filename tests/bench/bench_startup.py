"""Benchmark: start-up, side by side with a bare PySide6 window (run on demand, not in the suite).

    python tests/bench/bench_startup.py [--runs 7] [--db URL]

Each measurement is a fresh process; the clock starts in this launcher just before the process
is created, so interpreter start and every import count. Measured alternately, several times,
and the medians compared:

- bare: a QApplication and an empty QWidget of the login dialog's size, until it is painted;
- login: `Startup` exactly as `fpr` runs it (show the login dialog, open the database and check
  the schema behind it) until the login dialog is painted;
- main: the same process goes on — the login is submitted as soon as the dialog is painted
  (password check included) — until the main window is painted;
- after 登录: a third process waits until the database is open (as a user still typing would),
  then presses 登录: the time from that press to the painted main window.

Goal (issue 8): login ≤ 1.5 × bare, main ≤ 2 × bare. Also printed: which heavy modules the GUI
had imported by the time the main window was painted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench-startup-1"
HEAVY = (
    "alembic",
    "openpyxl",
    "reportlab",
    "python_calamine",
    "fpr_desktop.exchange",
    "fpr_desktop.documents.render",
    "fpr_desktop.projects.notices.build",
    "fpr_desktop.projects.models",
    "pyqtgraph",
)

BARE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget
t0 = float(os.environ["BENCH_T0"])
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(420, 300)
class Painted(QObject):
    def eventFilter(self, obj, event):
        if obj is w and event.type() == QEvent.Type.Paint:
            print(f"painted {time.time() - t0:.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = Painted()
w.installEventFilter(f)
w.show()
app.exec()
"""

FPR = """
import os, sys, time
t0 = float(os.environ["BENCH_T0"])
from PySide6.QtCore import QEvent, QObject, QTimer
from ui.app import Startup, make_app
from ui.common.ops import OpRunner
from ui.login import LoginDialog
app = make_app()
runner = OpRunner()
startup = Startup(app, runner, os.environ["BENCH_DB"])
seen = set()
pressed = [time.time()]
def press_when_open(dialog):
    # a user who types longer than the database takes to open: 登录 pressed once it is open
    if dialog.db is None:
        QTimer.singleShot(5, lambda: press_when_open(dialog))
        return
    pressed[0] = time.time()
    dialog.buttons.accepted.emit()
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if isinstance(obj, LoginDialog) and "login" not in seen:
            seen.add("login")
            print(f"login {time.time() - t0:.4f}", flush=True)
            obj.username.setText("boss")
            obj.password.setText(os.environ["BENCH_PASSWORD"])
            if os.environ.get("BENCH_WAIT"):
                press_when_open(obj)
            else:
                QTimer.singleShot(0, obj.buttons.accepted.emit)
        elif type(obj).__name__ == "MainWindow" and "main" not in seen:
            seen.add("main")
            print(f"main {time.time() - t0:.4f}", flush=True)
            print(f"pressed {time.time() - pressed[0]:.4f}", flush=True)
            heavy = [m for m in os.environ["BENCH_HEAVY"].split(",") if m in sys.modules]
            print("heavy " + (",".join(heavy) or "-"), flush=True)
            QTimer.singleShot(0, app.quit)
        return False
f = Painted()
app.installEventFilter(f)
startup.start()
app.exec()
runner.shutdown()
"""


def _run(script: str, env: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **env, "BENCH_T0": repr(time.time())}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition(" ")
        values[key] = value
    return values


def _database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    env = {**os.environ, "FPR_PASSWORD": PASSWORD}
    cmd = [sys.executable, "main.py", "--db", url, "user", "add", "boss", "--role", "admin"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing database with user boss (password: see code)")
    args = parser.parse_args()
    env = {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_HEAVY": ",".join(HEAVY),
    }
    with tempfile.TemporaryDirectory() as tmp:
        env["BENCH_DB"] = args.db or _database(Path(tmp))
        _run(BARE, env)  # warm the file cache for both
        _run(FPR, env)
        bare: list[float] = []
        login: list[float] = []
        main_window: list[float] = []
        after_press: list[float] = []
        heavy = ""
        for _ in range(args.runs):
            bare.append(float(_run(BARE, env)["painted"]))
            got = _run(FPR, env)
            login.append(float(got["login"]))
            main_window.append(float(got["main"]))
            heavy = got["heavy"]
            after_press.append(float(_run(FPR, {**env, "BENCH_WAIT": "1"})["pressed"]))
    b, lg, mw, ap = (statistics.median(v) for v in (bare, login, main_window, after_press))
    print(f"runs: {args.runs} each, alternating; medians (process start → painted):")
    print(f"  bare PySide6 window   {b * 1000:7.0f} ms")
    print(f"  login dialog          {lg * 1000:7.0f} ms   ratio {lg / b:.2f} (goal ≤ 1.5)")
    print(f"  main window (login)   {mw * 1000:7.0f} ms   ratio {mw / b:.2f} (goal ≤ 2.0)")
    print(f"  登录 pressed on an open database → main window painted: {ap * 1000:.0f} ms")
    print(f"  heavy modules loaded by the painted main window: {heavy}")


if __name__ == "__main__":
    main()
