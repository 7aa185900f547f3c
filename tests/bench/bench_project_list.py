"""Benchmark: the 项目库 list over ~200,000 projects opens and filters by town within 0.3 s.

Run on demand:  .venv/bin/python tests/bench/bench_project_list.py [--scale 100]
Builds a demo database (`fpr demo --scale N`: about 2,000 × N projects), then, offscreen, times
opening the list (model + first rows painted), filtering by a town, by town + year, and a name
search, and the footer totals (which run in the background in the program).
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
MAIN = Path(__file__).resolve().parents[2] / "main.py"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", help="reuse an existing demo database URL")
    args = parser.parse_args()
    url = args.db
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='fpr-bench-')) / 'projects.sqlite3'}"
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, str(MAIN), "--db", url, "demo", "--scale", str(args.scale)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"fpr demo --scale {args.scale}: {time.perf_counter() - t:.1f} s")

    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import func, select

    from fpr_desktop.base.context import SYSTEM
    from fpr_desktop.db.engine import Database
    from fpr_desktop.divisions.services import town_by_name
    from fpr_desktop.projects.listing import ProjectFilter, ProjectSource
    from fpr_desktop.projects.models import Project
    from ui.common.table_model import LazyTableModel

    app = QApplication.instance() or QApplication([])
    db = Database(url)
    with db.read() as s:
        total = s.scalar(select(func.count(Project.id)))
        town = town_by_name(s, "固关镇")
    print(f"projects: {total:,}")
    view = QTableView()
    view.resize(1200, 700)

    def timed(label: str, flt: ProjectFilter) -> None:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            with db.read() as s:
                source = ProjectSource(s, SYSTEM, flt)
            model = LazyTableModel(db.read, source)
            view.setModel(model)
            view.show()
            app.processEvents()
            model.data(model.index(0, 1))
            runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        with db.read() as s:
            totals = source.totals(s)
        footer = time.perf_counter() - t
        runs.sort()
        print(
            f"{label}: first rows median {runs[2] * 1000:.0f} ms (max {runs[-1] * 1000:.0f} ms), "
            f"{totals.count:,} rows; footer totals {footer * 1000:.0f} ms (background)"
        )

    timed("open (no filter)", ProjectFilter())
    timed("filter town 固关镇", ProjectFilter(town_id=town.id))
    timed("filter town + year 2023", ProjectFilter(town_id=town.id, year=2023))
    timed("name search 核桃", ProjectFilter(text="核桃"))
    timed("status 实施中", ProjectFilter(status="implementing"))


if __name__ == "__main__":
    main()
