"""Benchmark: the cadre roster's pages sorted by every header, and the lists the forms open.

Run on demand:  .venv/bin/python tests/bench/bench_cadre_roster.py [--db URL --reset] [--cadres N]
Builds the county of bench_cadres.py (N cadres posted to N/4 villages, a leave per cadre per
quarter for three years) without the daily sign-in rows, then times, on a fresh session each:
the first and a deep block of the roster (500 ids + 100 rows, what the lazy model reads on the
GUI thread) unsorted and by each sortable header in both directions; the posting form's context;
the leave list (pending only, and everything).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cadres

from fpr_desktop.base.context import SYSTEM
from fpr_desktop.cadres import leave as lv
from fpr_desktop.cadres.listing import (
    ROSTER_COLUMNS,
    UNSORTABLE,
    RosterFilter,
    RosterSort,
    RosterSource,
)
from fpr_desktop.cadres.posting import posting_context


def _time(db, fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        with db.read() as s:
            fn(s)
        out.append(time.perf_counter() - t)
    return statistics.median(out) * 1000


def measure(url: str) -> None:
    from fpr_desktop.db.engine import Database

    db = Database(url)
    name = db.engine.dialect.name
    flt = RosterFilter(active_only=False)
    sorts: list[RosterSort | None] = [None]
    sorts += [
        RosterSort(c.key, desc)
        for c in ROSTER_COLUMNS
        if c.key not in UNSORTABLE
        for desc in (False, True)
    ]
    worst = 0.0
    for sort in sorts:

        def first(s, sort=sort):  # type: ignore[no-untyped-def]
            src = RosterSource(s, SYSTEM, flt, sort)
            page = src.fetch_ids(s, None, 500)
            src.fetch_rows(s, page.ids[:100])

        def deep(s, sort=sort):  # type: ignore[no-untyped-def]
            src = RosterSource(s, SYSTEM, flt, sort)
            page = src.fetch_ids(s, None, 500)
            for _ in range(4):  # the fifth block: rows 2,000–2,500
                assert page.next_key is not None
                page = src.fetch_ids(s, page.next_key, 500)
            src.fetch_rows(s, page.ids[:100])

        a, b = _time(db, first), _time(db, deep)
        worst = max(worst, a, b / 5)
        label = "id" if sort is None else f"{sort.key}{' desc' if sort.descending else ''}"
        print(f"{name} roster by {label}: first block {a:.1f} ms, five blocks deep {b:.1f} ms")
    print(f"{name} roster: worst single block {worst:.1f} ms")
    today = date(2023, 6, 1)
    ctx_ms = _time(db, lambda s: posting_context(s, SYSTEM, today))
    print(f"{name} posting form context: {ctx_ms:.0f} ms")
    pending = _time(db, lambda s: lv.list_leaves(s, SYSTEM, lv.PENDING, 2023))
    with db.read() as s:
        n = len(lv.list_leaves(s, SYSTEM, None, 2023))
        n_all = len(lv.list_leaves(s, SYSTEM))
    year = _time(db, lambda s: lv.list_leaves(s, SYSTEM, None, 2023), runs=3)
    everything = _time(db, lambda s: lv.list_leaves(s, SYSTEM), runs=3)
    print(
        f"{name} leave list: pending {pending:.0f} ms, a year's {n:,} leaves {year:.0f} ms, "
        f"all {n_all:,} leaves {everything:.0f} ms"
    )
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop the schema first")
    parser.add_argument("--cadres", type=int, default=5000)
    parser.add_argument("--reuse", action="store_true", help="only measure an existing database")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='fpr-bench-')) / 'roster.sqlite3'}"
    if args.reset and url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    if not args.reuse:
        # the county of bench_cadres.py without its 5.5 million sign-in rows
        bench_cadres.DAYS_SQL = {k: "SELECT :first, :last" for k in bench_cadres.DAYS_SQL}
        bench_cadres.build(url, args.cadres)
    measure(url)


if __name__ == "__main__":
    main()
