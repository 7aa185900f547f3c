"""Benchmark a whole import: a 100,000-row town project submission (run on demand).

    python tests/bench/bench_import.py [--rows 100000] [--keep FILE] [--skip-pandas]

Each measurement runs in a fresh process (peak RSS) against a fresh copy of a migrated SQLite
database: bare python-calamine read; pandas + openpyxl read; a bare Core bulk insert of the same
projects and fundings; and `fpr import` (read, normalise, validate, check against the database,
bulk insert with audit rows, undo journal and submission register). Target: the import within
3 × (bare read + bare insert), peak RSS under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
HEADER = [
    "序号",
    "年度",
    "项目名称",
    "项目类别",
    "建设性质",
    "乡镇",
    "村",
    "建设内容及规模",
    "计划开工时间",
    "计划完工时间",
    "责任单位",
    "总投资（万元）",
    "申请财政资金（万元）/合计",
    "申请财政资金（万元）/来源一",
    "申请财政资金（万元）/金额一",
    "申请财政资金（万元）/来源二",
    "申请财政资金（万元）/金额二",
    "受益情况/户数",
    "受益情况/人数",
    "受益情况/脱贫户数",
    "受益情况/脱贫人数",
    "联农带农机制",
    "绩效目标/产出指标",
]
CATEGORIES = ["种植", "养殖", "加工", "道路", "饮水", "人居环境", "公益性岗位"]


def _places(db_path: Path) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(db_path) as con:
        rows = con.execute(
            "SELECT t.name, v.name FROM division v JOIN division t ON t.id = v.parent_id "
            "WHERE v.level = 'village'"
        ).fetchall()
    return [(t, v) for t, v in rows]


def build(path: Path, rows: int, places: list[tuple[str, str]]) -> None:
    """A 固关镇-style submission with every row valid, written fast (openpyxl write-only)."""
    from openpyxl import Workbook

    rnd = random.Random(20250301)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目库申报表")
    ws.append(["陇县2025年度巩固衔接项目库申报表（基准测试数据）"])
    ws.append(["填报单位：各镇", None, None, None, None, None, None, None, None, "单位：万元"])
    ws.append(HEADER)
    for i in range(1, rows + 1):
        town, village = places[i % len(places)]
        a, b = rnd.randrange(1, 10**7) / 10**4, rnd.randrange(1, 10**6) / 10**4
        fiscal = round(a + b, 4)
        total = round(fiscal + rnd.randrange(0, 10**5) / 10**4, 4)
        ws.append(
            [
                i,
                2025,
                f"{village}基准项目{i:06d}",
                CATEGORIES[i % len(CATEGORIES)],
                "新建",
                town,
                village,
                f"新建示范园 {i % 900 + 10} 亩",
                "2025-03-01",
                "2025-10-31",
                f"{town}人民政府",
                total,
                fiscal,
                "中央衔接资金",
                a,
                "省级衔接资金",
                b,
                40 + i % 60,
                150 + i % 200,
                i % 40,
                i % 120,
                "务工",
                f"新建示范园：{i % 900 + 10}亩",
            ]
        )
    ws.append(["合计"])
    wb.save(path)


def _admin(db):  # type: ignore[no-untyped-def]
    from fpr_desktop.base import users
    from fpr_desktop.base.context import anonymous

    with db.transaction(anonymous("cli")) as s:
        return users.authenticate(s, "admin", "bench-admin-1", source="cli")


def bare_insert(db, rows: int) -> str:  # type: ignore[no-untyped-def]
    """The same projects and fundings with a plain Core insert: no checks, no audit."""
    from decimal import Decimal

    from sqlalchemy import insert, select

    from fpr_desktop.base.models import Division
    from fpr_desktop.base.models.columns import utcnow
    from fpr_desktop.projects.models import Project, ProjectCategory, ProjectFunding
    from fpr_desktop.submissions.bulk import insert_returning_ids

    with db.transaction(_admin(db).audit("import")) as s:
        villages = s.execute(
            select(Division.id, Division.parent_id).where(Division.level == "village")
        ).all()
        category = s.scalar(select(ProjectCategory.id).where(ProjectCategory.name == "种植"))
        now = utcnow()
        projects = [
            {
                "name": f"基准项目{i:06d}",
                "year": 2025,
                "category_id": category,
                "construction_type": "新建",
                "town_id": villages[i % len(villages)][1],
                "village_id": villages[i % len(villages)][0],
                "group_name": "",
                "content": "新建示范园",
                "total_investment": Decimal("123456.78"),
                "fiscal_funds": Decimal("100000.00"),
                "status": "draft",
                "created_at": now,
                "version": 1,
                "households": 40,
                "people": 150,
                "poverty_households": 4,
                "poverty_people": 12,
                "responsible_unit": "镇人民政府",
                "benefit_mechanism": "务工",
            }
            for i in range(rows)
        ]
        ids: list[int] = []
        for start in range(0, rows, 5000):  # the fastest way to learn the ids (see the helper)
            ids += insert_returning_ids(s, Project.__table__, projects[start : start + 5000])
        fundings = [
            {"project_id": pid, "source": src, "amount": Decimal("50000.00")}
            for pid in ids
            for src in ("中央衔接资金", "省级衔接资金")
        ]
        for start in range(0, len(fundings), 10000):
            s.execute(insert(ProjectFunding.__table__), fundings[start : start + 10000])
    return f"{len(ids)} projects, {len(fundings)} fundings"


def run_one(mode: str, path: Path, db_file: Path) -> dict:
    began = time.perf_counter()
    if mode == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        detail = f"{sum(1 for _ in sheet.iter_rows())} rows"
    elif mode == "pandas":
        import pandas as pd

        frame = pd.read_excel(path, engine="openpyxl", header=2, dtype=str)
        detail = f"{len(frame)} rows"
    else:
        from fpr_desktop.db.engine import Database

        db = Database(f"sqlite:///{db_file}")
        began = time.perf_counter()
        if mode == "insert":
            detail = bare_insert(db, int(path.stem.rsplit("-", 1)[-1]))
        elif mode == "import":
            from fpr_desktop.submissions.importer import run_import

            out = run_import(db, _admin(db), path, "projects")
            detail = " ".join(out.lines()[:1]) + f" submission {out.submission_id}"
            if not out.ok:
                detail += " PROBLEMS: " + "; ".join(p.message for p in out.result.problems[:3])
        else:
            raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - began
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "seconds": seconds, "rss_mib": rss, "detail": detail}


def _template_db(folder: Path) -> Path:
    from fpr_desktop.app.bootstrap import open_database
    from fpr_desktop.base import users
    from fpr_desktop.base.context import anonymous

    path = folder / "template.sqlite3"
    db = open_database(f"sqlite:///{path}").db
    with db.transaction(anonymous("cli")) as s:
        users.create_first_admin(s, "admin", "bench-admin-1", "基准测试")
    db.dispose()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write/reuse the test file here")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("MODE", "FILE", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = _template_db(folder)
        path = args.keep or folder / f"bench-{args.rows}.xlsx"
        if not path.exists():
            began = time.perf_counter()
            build(path, args.rows, _places(template))
            print(
                f"built {path.name}: {args.rows} rows × {len(HEADER)} columns, "
                f"{path.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - began:.1f} s"
            )
        marker = folder / f"rows-{args.rows}.xlsx"  # bare_insert reads the row count from the name
        results = {}
        for mode in ["calamine", "insert", "import"] + ([] if args.skip_pandas else ["pandas"]):
            db_file = folder / f"{mode}.sqlite3"
            shutil.copyfile(template, db_file)
            target = marker if mode == "insert" else path
            out = subprocess.run(
                [sys.executable, str(HERE), "--one", mode, str(target), str(db_file)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results[mode] = r
            print(f"{mode:>9}: {r['seconds']:6.2f} s  RSS {r['rss_mib']:7.1f} MiB  ({r['detail']})")
        budget = 3 * (results["calamine"]["seconds"] + results["insert"]["seconds"])
        took = results["import"]["seconds"]
        verdict = "OK" if took <= budget and results["import"]["rss_mib"] < 500 else "OVER"
        print(
            f"import {took:.2f} s vs 3 × (read + insert) = {budget:.2f} s; "
            f"peak RSS {results['import']['rss_mib']:.0f} MiB (< 500): {verdict}"
        )


if __name__ == "__main__":
    main()
