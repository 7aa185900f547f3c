"""Benchmark: the audit view over 1,000,000 audit rows — first rows, scrolling memory, start-up.

Run on demand (not part of the suite):  .venv/bin/python tests/bench/bench_audit_view.py [--rows N]
It builds a demo database (`fpr demo --scale N/2000`), then measures, offscreen:
- time from creating the model and view to the first rows painted;
- resident memory while scrolling through 300,000 rows (should stay flat: ids + bounded cache);
- `import fpr_desktop` time and whether pandas/reportlab were imported by it;
- cold start (`fpr smoke`) to a shown main window on an empty and on a demo database.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


MAIN = Path(__file__).resolve().parents[2] / "main.py"


def fpr(*args: str) -> float:
    """Run `python main.py ARGS`; returns wall time, or the start-up time smoke reports."""
    start = time.perf_counter()
    env = {**os.environ, "FPR_BENCH_T0": repr(time.time())}
    out = subprocess.run(
        [sys.executable, str(MAIN), *args], check=True, capture_output=True, text=True, env=env
    )
    for line in out.stdout.splitlines():
        if line.startswith("main-window-shown-after "):
            return float(line.split()[1])
    return time.perf_counter() - start


def import_time() -> str:
    code = (
        "import time, sys; t=time.perf_counter();"
        "import fpr_desktop.cli.main, fpr_desktop.app.bootstrap;"
        "print(round((time.perf_counter()-t)*1000), 'pandas' in sys.modules,"
        " 'reportlab' in sys.modules, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    ms, pandas, reportlab, qt = out.stdout.split()
    return f"{ms} ms (pandas imported: {pandas}, reportlab: {reportlab}, Qt: {qt})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    scale = max(1, args.rows // 2000)
    tmp = Path(tempfile.mkdtemp(prefix="fpr-bench-"))
    empty_url = f"sqlite:///{tmp / 'empty.sqlite3'}"
    demo_url = f"sqlite:///{tmp / 'demo.sqlite3'}"
    print(f"import fpr_desktop core: {import_time()}")
    t = fpr("--db", demo_url, "demo", "--scale", str(scale))
    print(f"fpr demo --scale {scale}: {t:.1f} s")
    fpr("--db", empty_url, "db", "upgrade")
    for label, url in (("empty", empty_url), ("demo", demo_url)):
        times = sorted(fpr("--db", url, "smoke") for _ in range(3))
        print(
            f"process start to shown main window ({label} database, fpr smoke): "
            f"median {times[1]:.2f} s (runs {', '.join(f'{x:.2f}' for x in times)})"
        )

    from PySide6.QtWidgets import QApplication, QTableView

    from fpr_desktop.base.audit import AuditSource
    from fpr_desktop.base.context import SYSTEM
    from fpr_desktop.db.engine import Database
    from ui.common.table_model import LazyTableModel

    app = QApplication.instance() or QApplication([])
    db = Database(demo_url)
    with db.read() as s:
        source = AuditSource(s, SYSTEM)
        total = source.totals(s).count
    print(f"audit rows in database: {total:,}")
    before = rss_mib()
    start = time.perf_counter()
    model = LazyTableModel(db.read, source)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    first = model.data(model.index(0, 1))
    shown = time.perf_counter() - start
    print(f"first rows shown: {shown * 1000:.0f} ms (first user: {first!r})")
    samples = []
    target = min(300_000, total)
    while model.rowCount() < target and model.canFetchMore():
        model.fetchMore()
        if model.rowCount() % 20_000 == 0:
            view.scrollToBottom()
            app.processEvents()
            samples.append((model.rowCount(), rss_mib()))
    view.scrollToBottom()
    app.processEvents()
    samples.append((model.rowCount(), rss_mib()))
    print(f"RSS before view: {before:.0f} MiB; while scrolling (rows loaded → RSS MiB):")
    print("  " + ", ".join(f"{n:,}→{m:.0f}" for n, m in samples))
    print(f"row cache: {model.cache_size} rows (cap {model.cache_capacity})")
    t0 = time.perf_counter()
    with db.read() as s:
        AuditSource(s, SYSTEM).totals(s)
    print(f"count of all rows (footer, background op): {(time.perf_counter() - t0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
