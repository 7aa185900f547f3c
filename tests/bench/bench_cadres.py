"""Benchmark: the monthly attendance summary for 5,000 cadres × 3 years of daily records, < 1 s.

Run on demand:  .venv/bin/python tests/bench/bench_cadres.py [--db URL --reset] [--cadres 5000]
Without --db a new SQLite file is used. With a PostgreSQL URL, --reset drops and re-creates the
schema of that (benchmark-only!) database first. Builds 5,000 cadres in 1,250 villages and one
sign-in row per cadre per day for 2021–2023 (about 5.5 million rows, generated inside the
database), a leave per cadre per quarter, then times `attendance.month_summary` (what the
attendance page and `fpr report attendance` run) for the whole county and for one town.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import Division
from fpr_desktop.cadres.attendance import month_summary
from fpr_desktop.cadres.models import Assignment, Cadre, DispatchUnit, Leave
from fpr_desktop.cadres.rules import ROLES

FIRST, LAST = date(2021, 1, 1), date(2023, 12, 31)
DAYS_SQL = {
    # one row per cadre per day; the mark cycles P×7, H, A, L by (cadre, day) so months differ
    "sqlite": """
        WITH RECURSIVE days(d) AS (SELECT date(:first) UNION ALL
            SELECT date(d, '+1 day') FROM days WHERE d < date(:last))
        INSERT INTO cadre_attendance (cadre_id, day, halves, mark)
        SELECT c.id, days.d,
               CASE (c.id * 7 + CAST(julianday(days.d) AS INTEGER) * 13) % 10
                    WHEN 7 THEN 1 WHEN 8 THEN 0 WHEN 9 THEN 0 ELSE 2 END,
               CASE (c.id * 7 + CAST(julianday(days.d) AS INTEGER) * 13) % 10
                    WHEN 7 THEN 'H' WHEN 8 THEN 'A' WHEN 9 THEN 'L' ELSE 'P' END
        FROM cadre c CROSS JOIN days""",
    "postgresql": """
        INSERT INTO cadre_attendance (cadre_id, day, halves, mark)
        SELECT c.id, d::date,
               CASE (c.id * 7 + (d::date - date '2000-01-01') * 13) % 10
                    WHEN 7 THEN 1 WHEN 8 THEN 0 WHEN 9 THEN 0 ELSE 2 END,
               CASE (c.id * 7 + (d::date - date '2000-01-01') * 13) % 10
                    WHEN 7 THEN 'H' WHEN 8 THEN 'A' WHEN 9 THEN 'L' ELSE 'P' END
        FROM cadre c CROSS JOIN generate_series(CAST(:first AS date), CAST(:last AS date),
                                                interval '1 day') AS d""",
}


def build(url: str, cadres: int) -> None:
    opened = open_database(url)
    db = opened.db
    t = time.perf_counter()
    with db.transaction(SYSTEM.audit("system")) as s:
        towns = s.scalars(select(Division).where(Division.level == "town")).all()
        county_villages = len(towns)
        s.execute(
            insert(Division),
            [
                {
                    "name": f"测试{n}村",
                    "level": "village",
                    "parent_id": towns[n % county_villages].id,
                    "town_id": towns[n % county_villages].id,
                    "flags": "",
                    "note": "",
                    "sort_order": n,
                    "active": True,
                    "version": 1,
                }
                for n in range(cadres // 4)
            ],
        )
        villages = s.execute(
            select(Division.id, Division.town_id).where(Division.name.like("测试%村"))
        ).all()
        s.execute(
            insert(DispatchUnit),
            [{"name": f"县直单位{n}", "level": "县", "version": 1} for n in range(50)],
        )
        units = s.scalars(select(DispatchUnit.id)).all()
        s.execute(
            insert(Cadre),
            [
                {
                    "name": f"干部{n:05d}",
                    "unit_id": units[n % len(units)],
                    "gender": "",
                    "id_number": "",
                    "phone": "",
                    "post": "",
                    "version": 1,
                }
                for n in range(cadres)
            ],
        )
        ids = s.scalars(select(Cadre.id).order_by(Cadre.id)).all()
        s.execute(
            insert(Assignment),
            [
                {
                    "cadre_id": cid,
                    "village_id": villages[n // 4 % len(villages)][0],
                    "town_id": villages[n // 4 % len(villages)][1],
                    "role": ROLES[min(n % 4, 2)],
                    "document_no": "",
                    "term_start": FIRST,
                    "term_end": LAST,
                    "end_reason": "",
                    "end_note": "",
                    "version": 1,
                }
                for n, cid in enumerate(ids)
            ],
        )
        s.execute(
            insert(Leave),
            [
                {
                    "cadre_id": cid,
                    "leave_type": "事假",
                    "start_date": date(y, q * 3 + 1, 10),
                    "start_pm": False,
                    "end_date": date(y, q * 3 + 1, 12),
                    "end_am": True,
                    "halves": 5,
                    "reason": "",
                    "attachment_name": "",
                    "approver_tier": "town",
                    "status": "已批准",
                    "opinion": "",
                    "decided_by": "",
                    "reported_back_on": None,
                    "version": 1,
                }
                for cid in ids
                for y in (2021, 2022, 2023)
                for q in range(4)
            ],
        )
    print(f"cadres, postings, leave: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(text(DAYS_SQL[db.engine.dialect.name]), {"first": FIRST, "last": LAST})
        conn.execute(text("ANALYZE"))
    with db.read() as s:
        n = s.scalar(text("SELECT count(*) FROM cadre_attendance"))
    print(f"daily records: {n:,} in {time.perf_counter() - t:.1f} s")
    db.dispose()


def measure(url: str) -> None:
    from fpr_desktop.db.engine import Database
    from fpr_desktop.divisions.services import town_by_name

    db = Database(url)
    with db.read() as s:
        town = town_by_name(s, "固关镇").id
    for label, town_id in (("全县", None), ("固关镇", town)):
        for year, month in ((2021, 3), (2022, 9), (2023, 12)):
            runs = []
            rows = []
            for _ in range(5):
                t = time.perf_counter()
                with db.read() as s:
                    rows = month_summary(s, SYSTEM, year, month, town_id)
                runs.append(time.perf_counter() - t)
            flagged = sum(r.below_minimum for r in rows)
            print(
                f"{db.engine.dialect.name} {label} {year}-{month:02d}: {len(rows):,} cadres "
                f"({flagged:,} below minimum), median {statistics.median(runs) * 1000:.0f} ms, "
                f"max {max(runs) * 1000:.0f} ms"
            )
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop the schema first")
    parser.add_argument("--cadres", type=int, default=5000)
    parser.add_argument("--reuse", action="store_true", help="only measure an existing database")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='fpr-bench-')) / 'cadres.sqlite3'}"
    if args.reset and url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    if not args.reuse:
        build(url, args.cadres)
    measure(url)


if __name__ == "__main__":
    main()
