"""Benchmark: start-up, side by side with a bare PySide6 window (run on demand, not in the suite).

    python tests/bench/bench_startup.py [--runs 7] [--db URL]

Each measurement is a fresh process; the clock starts in this launcher just before the process
is created, so interpreter start and every import count. Measured alternately, several times,
and the medians compared:

- bare: a QApplication and an empty QWidget, until it is painted — once the size of the login
  dialog, once the size of the main window (both sizes read from a first run of the program);
- login: `Startup` exactly as `fpr` runs it (show the login dialog, open the database and check
  the schema behind it) until the login dialog is painted;
- main: the same process goes on — the login is submitted as soon as the dialog is painted
  (password check included) — until the main window is painted;
- after 登录: a third process waits until the database is open (as a user still typing would),
  then presses 登录: the time from that press to the painted main window;
- floor: the bare main-size window plus what no login can skip — importing SQLAlchemy's ORM and
  checking one password (argon2) — for reading the main window's ratio.

Python's compiled bytecode is kept (in a temporary folder) from the warm-up run on, as an
installed program carries it; the launcher's own PYTHONDONTWRITEBYTECODE is not passed on.

Goal (issue 8): the login dialog ≤ 1.5 × bare; the main window after login ≤ 2 × bare — read as
the wait after 登录 is pressed (a user types for longer than the database takes to open), the
same time a bare window takes to appear. With 登录 pressed the instant the dialog paints, the
main window cannot beat the floor (importing SQLAlchemy and one argon2 check are ~5 × a bare
window by themselves): that worst case is printed against the floor. Also printed: which heavy
modules the GUI had imported by the time the main window was painted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
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
w.resize(int(os.environ["BENCH_W"]), int(os.environ["BENCH_H"]))
if os.environ.get("BENCH_FLOOR"):  # what any login costs on top of a window
    import sqlalchemy.orm
    from argon2 import PasswordHasher
    hasher = PasswordHasher()
    hasher.verify(os.environ["BENCH_FLOOR"], os.environ["BENCH_PASSWORD"])
class Painted(QObject):
    def eventFilter(self, obj, event):
        if obj is w and event.type() == QEvent.Type.Paint:
            print(f"painted {time.time() - t0:.4f}", flush=True)
            print(f"painted_cpu {time.process_time():.4f}", flush=True)
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
    dialog.ok_button.click()
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Paint:
            return False
        if isinstance(obj, LoginDialog) and "login" not in seen:
            seen.add("login")
            print(f"login {time.time() - t0:.4f}", flush=True)
            print(f"login_cpu {time.process_time():.4f}", flush=True)
            print(f"login_size {obj.width()},{obj.height()}", flush=True)
            obj.username.setText("boss")
            obj.password.setText(os.environ["BENCH_PASSWORD"])
            if os.environ.get("BENCH_WAIT"):
                press_when_open(obj)
            else:
                QTimer.singleShot(0, obj.ok_button.click)
        elif type(obj).__name__ == "MainWindow" and "main" not in seen:
            seen.add("main")
            print(f"main {time.time() - t0:.4f}", flush=True)
            print(f"main_cpu {time.process_time():.4f}", flush=True)
            print(f"pressed {time.time() - pressed[0]:.4f}", flush=True)
            print(f"main_size {obj.width()},{obj.height()}", flush=True)
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
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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


def _size(value: str) -> dict[str, str]:
    width, height = value.split(",")
    return {"BENCH_W": width, "BENCH_H": height}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an existing database with user boss (password: see code)")
    args = parser.parse_args()
    from argon2 import PasswordHasher

    env = {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_HEAVY": ",".join(HEAVY),
    }
    with tempfile.TemporaryDirectory() as tmp:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        env["BENCH_DB"] = args.db or _database(Path(tmp))
        first = _run(FPR, env)  # warms the file cache, writes the bytecode, tells the sizes
        login_env = {**env, **_size(first["login_size"])}
        main_env = {**env, **_size(first["main_size"])}
        floor_env = {**main_env, "BENCH_FLOOR": PasswordHasher().hash(PASSWORD)}
        _run(BARE, login_env)
        _run(BARE, floor_env)
        times: dict[str, list[float]] = defaultdict(list)
        heavy = ""
        for _ in range(args.runs):
            _note(times, "bare", _run(BARE, login_env), "painted")
            got = _run(FPR, env)
            _note(times, "login", got, "login")
            _note(times, "main", got, "main")
            heavy = got["heavy"]
            _note(times, "bare_main", _run(BARE, main_env), "painted")
            _note(times, "floor", _run(BARE, floor_env), "painted")
            waited = _run(FPR, {**env, "BENCH_WAIT": "1"})
            times["pressed"].append(float(waited["pressed"]))
    m = {k: statistics.median(v) for k, v in times.items()}
    w, h = first["login_size"].replace(",", "×"), first["main_size"].replace(",", "×")
    print(f"runs: {args.runs} each, alternating; medians, process start → painted")
    print("(wall clock, and in brackets the process's CPU time, which other load disturbs less):")
    rows = [
        (f"bare PySide6 window {w}", "bare", None, ""),
        (f"login dialog {w}", "login", "bare", "goal ≤ 1.5"),
        (f"bare PySide6 window {h}", "bare_main", None, ""),
        (f"main window {h}, login at once", "main", "bare_main", "(worst case, see below)"),
        ("floor: bare + sqlalchemy.orm + argon2", "floor", "bare_main", "no login is faster"),
    ]
    for label, key, base, goal in rows:
        line = f"  {label:<38} {m[key] * 1000:6.0f} ms ({m[key + '_cpu'] * 1000:4.0f} ms CPU)"
        if base is not None:
            cpu = m[key + "_cpu"] / m[base + "_cpu"]
            line += f"   ratio {m[key] / m[base]:.2f} ({cpu:.2f} CPU)   {goal}"
        print(line)
    print(
        f"  登录 pressed on an open database → main window painted: {m['pressed'] * 1000:.0f} ms"
        f"   ratio {m['pressed'] / m['bare_main']:.2f} to the bare window   goal ≤ 2.0"
    )
    print(
        f"  main window with the login at once, to the floor: {m['main'] / m['floor']:.2f}"
        "   (what a login cannot skip: the ORM import and the password hash)"
    )
    print(f"  heavy modules loaded by the painted main window: {heavy}")


def _note(times: dict[str, list[float]], key: str, got: dict[str, str], name: str) -> None:
    times[key].append(float(got[name]))
    times[key + "_cpu"].append(float(got[name + "_cpu"]))


if __name__ == "__main__":
    main()
