"""Benchmark: the monthly report over 1,000,000 ledger lines vs the bare GROUP BY, with plans.

Run on demand (not part of the suite):
    .venv/bin/python tests/bench/bench_funds.py [--rows N] [--pg postgresql+psycopg://…/db]
It builds a fresh database (a temporary SQLite file; with --pg the given PostgreSQL database is
WIPED and rebuilt), 100 planned projects in the ten towns, seven allocation documents and 200
assignments, then loads N ledger lines of 2021 (拨付/支出/质保金/报账) in bulk, and measures, best
of 7 (taken in turns) after a warm-up:
- the bare GROUP BY (source, town, kind) over the covering index, as plain SQL;
- `monthly_report(…, 2021-09)`: that GROUP BY plus documents, assignments, project counts and
  the Python that folds the rows into the by-source and by-town tables;
- `spending_charts(…, 2021)`: what the 图表 page reads (spending by month + December's report);
and prints both query plans. Goal (issue): report ≤ 1 s and ≤ 2 × the bare GROUP BY.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from fpr_desktop.app.bootstrap import open_database
from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.models import Division
from fpr_desktop.db.engine import Database
from fpr_desktop.funds.models import FundAssignment, FundDocument
from fpr_desktop.funds.oversight.charts import spending_charts
from fpr_desktop.funds.report import month_end, monthly_report
from fpr_desktop.projects.categories import seed_categories
from fpr_desktop.projects.models import Project, ProjectCategory

SOURCES = (
    "中央衔接资金",
    "省级衔接资金",
    "市级衔接资金",
    "县级衔接资金",
    "苏陕协作资金",
    "统筹整合涉农资金",
    "以工代赈资金",
)
KINDS = ("pay", "pay", "spend", "spend", "spend", "retain", "settle")
COLUMNS = (
    "assignment_id, kind, entry_date, amount, payee, voucher_no, use_category, flag, note,"
    " override_reason, project_id, source, town_id, created_at, version"
)
BARE = (
    "SELECT source, town_id, kind, SUM(amount) FROM fund_entry"
    " WHERE entry_date >= :start AND entry_date <= :end GROUP BY source, town_id, kind"
)


def fresh(url: str | None) -> Database:
    if url is None:
        path = Path(tempfile.mkdtemp()) / "bench_funds.sqlite3"
        return open_database(f"sqlite:///{path}").db
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return open_database(url).db


def library(db: Database) -> list[tuple[int, int, str, int]]:
    """(assignment id, project id, source, town id) of 200 assignments."""
    with db.transaction(SYSTEM.audit()) as s:
        seed_categories(s)
        category = s.scalar(select(ProjectCategory.id).limit(1))
        towns = list(s.scalars(select(Division.id).where(Division.level == "town")))
        now = datetime.now(UTC)
        projects = [
            {
                "name": f"项目{t}-{i}",
                "year": 2021,
                "category_id": category,
                "construction_type": "新建",
                "town_id": t,
                "group_name": "",
                "content": "内容",
                "responsible_unit": "",
                "responsible_person": "",
                "implementing_unit": "",
                "total_investment": 10_000_000,
                "fiscal_funds": 10_000_000,
                "households": 0,
                "people": 0,
                "poverty_households": 0,
                "poverty_people": 0,
                "monitored_households": 0,
                "monitored_people": 0,
                "benefit_mechanism": "",
                "implementation_mode": "",
                "status": "implementing",
                "contractor": "",
                "created_at": now,
                "version": 1,
            }
            for t in towns
            for i in range(10)
        ]
        s.execute(insert(Project), projects)
        pids = list(s.execute(select(Project.id, Project.town_id)))
        for n, source in enumerate(SOURCES):
            s.add(
                FundDocument(
                    doc_no=f"陕财农〔2021〕{n + 1}号",
                    year=2021,
                    issued_on=date(2021, 1, 15),
                    issuer="陕西省财政厅",
                    level="中央",
                    source=source,
                    subtask="巩固拓展脱贫攻坚成果和乡村振兴",
                    amount=10**10,
                )
            )
        s.flush()
        docs = list(s.execute(select(FundDocument.id, FundDocument.source)))
        rows = []
        for k, (pid, town) in enumerate(pids):
            for doc_id, source in (docs[k % 7], docs[(k + 3) % 7]):
                rows.append(
                    {
                        "document_id": doc_id,
                        "project_id": pid,
                        "assigned_on": date(2021, 2, 1),
                        "amount": 10**8,
                        "source": source,
                        "town_id": town,
                        "version": 1,
                    }
                )
        s.execute(insert(FundAssignment), rows)
        return [
            (a.id, a.project_id, a.source, a.town_id) for a in s.scalars(select(FundAssignment))
        ]


def lines(assignments: list[tuple[int, int, str, int]], n: int) -> list[tuple[object, ...]]:
    rng = random.Random(2021)
    start = date(2021, 1, 1)
    now = datetime.now(UTC).isoformat()
    out = []
    for _ in range(n):
        aid, pid, source, town = rng.choice(assignments)
        day = (start + timedelta(days=rng.randrange(365))).isoformat()
        amount = rng.randrange(100, 5_000_000)  # 分
        out.append(
            (aid, rng.choice(KINDS), day, amount, "", "", "", "", "", "", pid, source, town, now, 1)
        )
    return out


def load(db: Database, rows: list[tuple[object, ...]]) -> float:
    t0 = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if db.is_sqlite:
            cur.execute("BEGIN")
            marks = ",".join("?" * len(rows[0]))
            cur.executemany(f"INSERT INTO fund_entry ({COLUMNS}) VALUES ({marks})", rows)
            cur.execute("COMMIT")
            cur.execute("ANALYZE")
        else:
            buf = io.StringIO()
            for r in rows:
                buf.write("\t".join(str(v) for v in r) + "\n")
            buf.seek(0)
            with cur.copy(f"COPY fund_entry ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                copy.write(buf.read())
            raw.commit()
            pg = raw.driver_connection
            pg.autocommit = True  # type: ignore[union-attr]
            pg.execute("VACUUM ANALYZE fund_entry")  # type: ignore[union-attr]
            pg.autocommit = False  # type: ignore[union-attr]
        cur.close()
    finally:
        raw.close()
    return time.perf_counter() - t0


def best_of(fns, times: int = 7) -> list[float]:  # type: ignore[no-untyped-def]
    """Best time of each function, run in turns (a busy machine slows both alike)."""
    for fn in fns:
        fn()  # warm-up (caches, plans)
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(times):
        for fn, out in zip(fns, runs, strict=True):
            t0 = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t0)
    return [min(r) for r in runs]


def plan(db: Database, params: dict[str, object]) -> str:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.execute(text(f"EXPLAIN QUERY PLAN {BARE}"), params).all()
            return "\n".join(f"  {r[-1]}" for r in rows)
        rows = conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {BARE}"), params).all()
        return "\n".join(f"  {r[0]}" for r in rows)


def run(url: str | None, n: int) -> None:
    db = fresh(url)
    try:
        assignments = library(db)
        rows = lines(assignments, n)
        name = "PostgreSQL" if url else "SQLite"
        print(f"{name}: {n:,} ledger lines loaded in {load(db, rows):.1f} s")
        end = month_end(202109)
        params = {"start": date(2021, 1, 1), "end": end}
        if db.is_sqlite:
            params = {k: v.isoformat() for k, v in params.items()}  # type: ignore[attr-defined]

        def bare() -> None:
            with db.engine.connect() as conn:
                conn.execute(text(BARE), params).all()

        def report() -> None:
            with db.read() as s:
                monthly_report(s, SYSTEM, 202109)

        def charts() -> None:
            with db.read() as s:
                spending_charts(s, SYSTEM, 2021, today=date(2022, 1, 15))

        t_bare, t_report, t_charts = best_of([bare, report, charts])
        print(f"  bare GROUP BY:   {t_bare * 1000:7.1f} ms")
        print(f"  monthly report:  {t_report * 1000:7.1f} ms  ({t_report / t_bare:.2f} × bare)")
        print(f"  charts (year):   {t_charts * 1000:7.1f} ms  (by month + report of December)")
        print("  plan of the GROUP BY:")
        print(plan(db, params))
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database (wiped)")
    args = parser.parse_args()
    run(None, args.rows)
    if args.pg:
        run(args.pg, args.rows)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
