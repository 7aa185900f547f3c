"""Measure imports of lists as counties publish them (run on demand).

    python tests/bench/bench_real_lists.py [--per-county 11] [--xls-every 6] [--keep DIR]

Builds the corpus of tests/helpers/real_corpus.py (three made-up counties, ≥ 30 workbooks in
the shapes real lists take; every `--xls-every`-th one saved as .xls by LibreOffice). For each
county: a fresh SQLite database, `fpr user add`, `fpr county set --divisions import`,
`fpr import divisions` of its flat division list, then `fpr import projects` of each workbook
and `fpr export projects`. Reports the share of rows whose name, village(s) and fiscal amount
come back exactly from the export (goal ≥ 95 %), the files rejected, and the rows imported as
drafts with what they still need.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from helpers import real_corpus  # noqa: E402
from helpers.real_lists import to_xls  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

PASSWORD = "bench-admin-1"


def fpr(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FPR_PASSWORD=PASSWORD, FPR_NEW_PASSWORD=PASSWORD)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )


def exported(path: Path) -> dict[str, tuple[str, tuple[str, ...], Decimal]]:
    """name → (town, villages, fiscal 万元) from an official export."""
    ws = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(
        i for i, r in enumerate(rows) if "项目名称" in [str(c or "").lstrip("*") for c in r]
    )
    names = [str(c or "").lstrip("*") for c in rows[head]]
    below = [str(c or "") for c in rows[head + 1]] if head + 1 < len(rows) else []
    money = next(
        i
        for i, (a, b) in enumerate(zip(names, below + [""] * len(names), strict=False))
        if a.startswith("申请财政资金") and (b in ("合计", "") or "合计" in a)
    )
    col = {n: names.index(n) for n in ("项目名称", "乡镇", "村")}
    out = {}
    for r in rows[head + 1 :]:
        name = r[col["项目名称"]]
        if not name or name in ("合计", "项目名称"):
            continue
        amount = r[money]
        if amount is None or (isinstance(amount, str) and not amount.strip()):
            continue
        villages = tuple(v for v in str(r[col["村"]] or "").split("、") if v)
        out[str(name)] = (str(r[col["乡镇"]]), villages, Decimal(str(amount)).normalize())
    return out


def drafts(db: Path) -> Counter[str]:
    from sqlalchemy import select

    from fpr_desktop.db.engine import Database
    from fpr_desktop.projects.completeness import missing_items
    from fpr_desktop.projects.models import Project

    database = Database(f"sqlite:///{db}")
    needs: Counter[str] = Counter()
    with database.read() as s:
        for p in s.scalars(select(Project)):
            missing = missing_items(s, p)
            needs["（草稿）"] += bool(missing)
            needs["（全部）"] += 1
            for m in missing:
                needs[m] += 1
    database.dispose()
    return needs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-county", type=int, default=11)
    parser.add_argument("--xls-every", type=int, default=6)
    parser.add_argument("--keep", type=Path, help="build the corpus and databases here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        files = real_corpus.build(folder, args.per_county)
        for n, f in enumerate(files):
            if args.xls_every and n % args.xls_every == args.xls_every - 1:
                files[n] = real_corpus.CorpusFile(
                    f.county, to_xls(f.path, f.path.parent), f.items, f.year_option
                )
        print(
            f"corpus: {len(files)} workbooks ({sum(f.path.suffix == '.xls' for f in files)} .xls),"
            f" {sum(len(f.items) for f in files)} project rows, built in "
            f"{time.perf_counter() - began:.1f} s"
        )
        total = exact = 0
        rejected: list[str] = []
        needs: Counter[str] = Counter()
        seconds = 0.0
        for style, place in enumerate(real_corpus.COUNTIES):
            db = folder / f"{place.county}.sqlite3"
            db.unlink(missing_ok=True)
            steps = [
                ("user", "add", "admin", "--role", "admin"),
                (
                    "--user",
                    "admin",
                    "county",
                    "set",
                    "--name",
                    place.county,
                    "--code",
                    real_corpus.CODES[place.county],
                    "--divisions",
                    "import",
                ),
                (
                    "--user",
                    "admin",
                    "import",
                    "divisions",
                    str(real_corpus.division_list(place, folder, style)),
                ),
            ]
            for step in steps:
                r = fpr(db, *step)
                if r.returncode:
                    raise SystemExit(
                        f"{place.county}: {' '.join(step)} failed:\n{r.stdout}{r.stderr}"
                    )
            mine = [f for f in files if f.county == place.county]
            for f in mine:
                extra = ("--year", str(f.year_option)) if f.year_option else ()
                t0 = time.perf_counter()
                r = fpr(db, "--user", "admin", "import", "projects", str(f.path), *extra)
                seconds += time.perf_counter() - t0
                if r.returncode:
                    rejected.append(f"{f.path.name}: {r.stdout.strip()[-400:]}{r.stderr[-300:]}")
            out = folder / f"{place.county}-导出.xlsx"
            r = fpr(db, "--user", "admin", "export", "projects", str(out))
            if r.returncode:
                raise SystemExit(f"export failed: {r.stdout}{r.stderr}")
            back = exported(out)
            for f in mine:
                for item in f.items:
                    total += 1
                    got = back.get(item.name)
                    want = (item.town, item.villages, item.amount.normalize())
                    if got == want:
                        exact += 1
                    elif got is not None:
                        print(f"  differs: {item.name}: {got} ≠ {want}")
            needs += drafts(db)
        share = exact / total if total else 0
        print(
            f"rows exactly back (name, village, amount): {exact}/{total} = {share:.1%} "
            f"({'OK' if share >= 0.95 else 'UNDER'} goal 95 %)"
        )
        print(f"files rejected: {len(rejected)}")
        for line in rejected:
            print("  " + line.replace("\n", "\n    "))
        listed = "，".join(f"缺{k} {v} 行" for k, v in needs.items() if not k.startswith("（"))
        all_rows, draft_rows = needs["（全部）"], needs["（草稿）"]
        print(f"imported {all_rows} projects, {draft_rows} as drafts needing: {listed}")
        print(
            f"fpr import projects: {seconds:.1f} s for {len(files)} files "
            f"({seconds / max(1, len(files)):.2f} s each, process start included)"
        )


if __name__ == "__main__":
    main()
