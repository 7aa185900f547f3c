"""Two large imports at once (run on demand; slow, not part of the suite).

    python tests/bench/bench_concurrent_imports.py [--rows 100000] [--db URL]

Builds two different town submissions of `--rows` rows each (the generator of bench_import.py)
and imports them with two `fpr import` processes started together against one database (a fresh
SQLite file by default, or the given PostgreSQL URL, which must be empty). Both must finish with
exit 0 — one waits for the other (SQLite BEGIN IMMEDIATE with a retried busy timeout in the GUI;
PostgreSQL's per-kind advisory lock) — and the database must hold exactly 2 × rows projects.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))

CLI = "from fpr_desktop.cli.main import run; run()"


def main() -> None:
    import bench_import
    from sqlalchemy import func, select

    from fpr_desktop.app.bootstrap import open_database
    from fpr_desktop.base import users
    from fpr_desktop.base.context import anonymous
    from fpr_desktop.projects.models import Project

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.db or f"sqlite:///{folder / 'fpr.sqlite3'}"
        db = open_database(url).db
        with db.transaction(anonymous("cli")) as s:
            users.create_first_admin(s, "admin", "bench-admin-1", "基准测试")
        places_db = folder / "places.sqlite3"
        if db.is_sqlite:
            places_db = Path(str(db.url.database))
        else:  # the generator reads village names from an SQLite copy of the seed
            open_database(f"sqlite:///{places_db}").db.dispose()
        places = bench_import._places(places_db)
        files = []
        for n, half in enumerate((places[::2], places[1::2]), 1):
            path = folder / f"第{n}份.xlsx"
            bench_import.build(path, args.rows, half)
            files.append(path)
        env = {**os.environ, "FPR_PASSWORD": "bench-admin-1"}
        began = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    CLI,
                    "--db",
                    url,
                    "--user",
                    "admin",
                    "import",
                    "projects",
                    str(f),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for f in files
        ]
        ended: list[tuple[int, float, str]] = [(0, 0.0, "")] * len(procs)

        def wait(i: int) -> None:  # each process's own end time (not the order we ask in)
            out, err = procs[i].communicate()
            ended[i] = (procs[i].returncode, time.perf_counter() - began, (out + err).strip())

        waiters = [threading.Thread(target=wait, args=(i,)) for i in range(len(procs))]
        for t in waiters:
            t.start()
        for t in waiters:
            t.join()
        with db.read() as s:
            stored = s.scalar(select(func.count(Project.id)))
        db.dispose()
    for i, (code, seconds, said) in enumerate(ended, 1):
        first = said.splitlines()[0] if said else ""
        print(f"import {i}: exit {code} after {seconds:.1f} s — {first}")
        if code != 0:
            print(said[-2000:])
    ok = all(code == 0 for code, _s, _t in ended) and stored == 2 * args.rows
    print(f"projects stored: {stored} (expected {2 * args.rows}) — {'OK' if ok else 'FAILED'}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
