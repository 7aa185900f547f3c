"""Benchmark the spreadsheet engine on a 100,000-row × 15-column .xlsx (run on demand).

    python tests/bench/bench_exchange.py [--rows 100000] [--keep FILE]

Compares, each in a fresh process (peak RSS) with tracemalloc's Python-side peak:
bare python-calamine read, this engine's read + normalise + validate, pandas + openpyxl read.

    python tests/bench/bench_exchange.py --export [--rows 100000] [--db URL]

Instead: the official-layout export of `--rows` projects (issue 16: within 2 × a bare streaming
writer writing the same cells in the same run). A fresh SQLite database gets the projects by a
Core bulk insert (bench_import.bare_insert); then, in one process: the rows alone (paged queries
+ cell values), the official export (`export_kind`), and openpyxl's write-only mode writing the
same cells (values only, no layout) from the same paged rows — and XlsxWriter's constant-memory
mode too when it is installed (it is not a dependency).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]


def _corpus():
    path = ROOT / "tests" / "helpers" / "workbook_corpus.py"
    spec = importlib.util.spec_from_file_location("exchange_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["exchange_corpus"] = module
    spec.loader.exec_module(module)
    return module


def build(path: Path, rows: int) -> None:
    """A PROJECT_PLAN-shaped sheet: title, unit line, header, `rows` valid rows, a 合计 row."""
    from openpyxl import Workbook

    from fpr_desktop.exchange.normalize import id_check_digit

    corpus = _corpus()
    pairs = [(t, v) for t, vs in corpus.TOWN_VILLAGES.items() for v in vs if "示例村01" not in v]
    rnd = random.Random(20210722)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目资金计划表")
    ws.append(["陇县巩固衔接资金项目计划表（基准测试数据）"])
    ws.append(["单位：万元"])
    ws.append(
        [
            c.aliases[0] if "/" in c.title else c.title  # 中央资金, 省级资金 …
            for c in corpus.PROJECT_PLAN.columns
        ]
    )
    for i in range(1, rows + 1):
        town, village = pairs[i % len(pairs)]
        parts = [rnd.randrange(0, 10**8) / 10**6 for _ in range(3)]  # 万元, 6 decimals
        total = round(sum(parts), 6)
        body = f"610327{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        start = dt.date(2021, 1, 1) + dt.timedelta(days=i % 300)
        ws.append(
            [
                i,
                f"示例项目{i:06d}",
                town,
                village,
                ("产业发展", "就业", "乡村建设")[i % 3],
                total,
                *parts,
                f"{start.year}.{start.month}-{start.year + 1}.{start.month}",
                start,
                i % 500,
                f"P{i:08d}",
                body + id_check_digit(body),
                "基准测试",
            ]
        )
    ws.append(["合计"])
    wb.save(path)


def run_one(mode: str, path: Path, trace: bool) -> dict:
    if trace:  # tracemalloc slows Python down: a separate run measures memory
        tracemalloc.start()
    began = time.perf_counter()
    if mode == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        n = sum(1 for _ in sheet.iter_rows())
        detail = f"{n} rows"
    elif mode == "engine":
        from fpr_desktop.exchange import check_workbook

        corpus = _corpus()
        result = check_workbook(path, corpus.PROJECT_PLAN, resolver=corpus.directory())
        detail = (
            f"{len(result.rows)} valid, {len(result.problems)} problems, "
            f"{len(result.warnings)} warnings, {len(result.skipped)} skipped"
        )
    elif mode == "pandas":
        import pandas as pd

        frame = pd.read_excel(path, engine="openpyxl", header=2)
        detail = f"{len(frame)} rows"
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "mode": mode,
        "seconds": seconds,
        "py_peak_mib": peak / 2**20,
        "rss_mib": rss / 1024,
        "detail": detail,
    }


def blank_rows() -> None:
    """The engine's read + validate of a sheet whose used range is a million blank rows."""
    from fpr_desktop.exchange.validate import check_workbook

    corpus = _corpus()
    with tempfile.TemporaryDirectory() as tmp:
        for empty_strings in (False, True):
            path = corpus.blank_formatted_rows(Path(tmp), empty_strings=empty_strings)
            began = time.perf_counter()
            result = check_workbook(path, corpus.PROJECT_PLAN, resolver=corpus.directory())
            assert [r.row for r in result.rows] == [2]
            label = "empty-text" if empty_strings else "style-only"
            print(f"{label:>10}: {time.perf_counter() - began:6.2f} s (goal < 15 s)")
            path.unlink()


def bare_writers() -> list[str]:
    names = ["openpyxl-write-only"]
    if importlib.util.find_spec("xlsxwriter") is not None:
        names.append("xlsxwriter-constant-memory")
    return names


def bare_write(writer: str, path: Path, layout, rows, number_key: str | None) -> int:  # type: ignore[no-untyped-def]
    """The same cells as the official export (values as cell_value makes them), no layout."""
    from fpr_desktop.exchange.layout import cell_value

    cols = layout.cols
    unit = layout.unit

    def values():  # type: ignore[no-untyped-def]
        for n, row in enumerate(rows, 1):
            yield [n if c.key == number_key else cell_value(c, row.get(c.key), unit) for c in cols]

    count = 0
    if writer == "openpyxl-write-only":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        for count, line in enumerate(values(), 1):  # noqa: B007
            ws.append(line)
        wb.save(path)
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
             "strings_to_urls": False},
        )  # fmt: skip
        sheet = book.add_worksheet("data")
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        for count, line in enumerate(values(), 1):
            for c, v in enumerate(line):
                if isinstance(v, Decimal):
                    sheet.write_number(count - 1, c, float(v))
                elif isinstance(v, dt.date):
                    sheet.write_datetime(count - 1, c, v, date_format)
                elif v is not None:
                    sheet.write(count - 1, c, v)
        book.close()
    return count


def export_bench(rows: int, url: str | None) -> None:
    """Time the official project export against bare streaming writers (one process)."""
    sys.path[:0] = [str(ROOT), str(HERE.parent)]
    import bench_import

    from fpr_desktop.app.bootstrap import open_database
    from fpr_desktop.base import users
    from fpr_desktop.base.context import SYSTEM, anonymous
    from fpr_desktop.submissions.files import export_kind, export_layout

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if url is None:
            url = f"sqlite:///{folder / 'fpr.sqlite3'}"
            db = open_database(url).db
            with db.transaction(anonymous("cli")) as s:
                users.create_first_admin(s, "admin", "bench-admin-1", "基准测试")
            began = time.perf_counter()
            print(
                bench_import.bare_insert(db, rows),
                f"inserted in {time.perf_counter() - began:.1f} s",
            )
        else:
            db = open_database(url).db
        with db.read() as s:
            kind, layout, town = export_layout(s, SYSTEM, "projects")
            print(f"layout: {len(layout.cols)} columns")
            began, cpu = time.perf_counter(), time.process_time()
            n = sum(1 for _ in kind.export_rows(s, SYSTEM, None, town))
            read = time.perf_counter() - began
            print(
                f"rows alone (paged queries): {n:,} rows in {read:.2f} s "
                f"(CPU {time.process_time() - cpu:.2f} s)"
            )
        timings: dict[str, float] = {}
        cpus: dict[str, float] = {}
        for writer in ["official", *bare_writers()]:
            out = folder / f"{writer}.xlsx"
            with db.read() as s:
                began, cpu = time.perf_counter(), time.process_time()
                if writer == "official":
                    written = export_kind(s, SYSTEM, "projects", out)
                else:
                    kind, layout, town = export_layout(s, SYSTEM, "projects")
                    written = bare_write(
                        writer,
                        out,
                        layout,
                        kind.export_rows(s, SYSTEM, None, town),
                        kind.number_key,
                    )
                seconds, used = time.perf_counter() - began, time.process_time() - cpu
            timings[writer] = seconds
            cpus[writer] = used
            print(
                f"{writer:>27}: {written:,} rows × {len(layout.cols)} columns in {seconds:6.2f} s "
                f"(CPU {used:6.2f} s; writing alone ≈ {seconds - read:6.2f} s), "
                f"{out.stat().st_size / 2**20:.1f} MiB",
                flush=True,
            )
        for writer in bare_writers():
            print(
                f"official / {writer}: {timings['official'] / timings[writer]:.2f} × wall, "
                f"{cpus['official'] / cpus[writer]:.2f} × CPU (goal ≤ 2)"
            )
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write/reuse the test file here")
    parser.add_argument("--one", nargs=3, metavar=("MODE", "FILE", "TRACE"), help=argparse.SUPPRESS)
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument(
        "--export", action="store_true", help="instead: time the official export (see above)"
    )
    parser.add_argument("--db", help="with --export: a database that already holds the projects")
    parser.add_argument(
        "--blank-rows",
        action="store_true",
        help="instead: a sheet with one data row and a million formatted blank rows (goal < 15 s)",
    )
    args = parser.parse_args()
    if args.blank_rows:
        blank_rows()
        return
    if args.export:
        export_bench(args.rows, args.db)
        return
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), args.one[2] == "1")))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.xlsx"
        if not path.exists():
            began = time.perf_counter()
            build(path, args.rows)
            print(
                f"built {path.name}: {args.rows} rows × 15 columns, "
                f"{path.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - began:.1f} s"
            )
        has_pandas = importlib.util.find_spec("pandas") is not None
        if not has_pandas and not args.skip_pandas:
            print("pandas is not installed (pip install -e .[bench]): its row is left out")
        modes = ["calamine", "engine"] + (["pandas"] if has_pandas and not args.skip_pandas else [])
        for mode in modes:
            timed, traced = (
                json.loads(
                    subprocess.run(
                        [sys.executable, str(HERE), "--one", mode, str(path), trace],
                        check=True,
                        capture_output=True,
                        text=True,
                        cwd=ROOT,
                        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                    )
                    .stdout.strip()
                    .splitlines()[-1]
                )
                for trace in ("0", "1")
            )
            print(
                f"{mode:>9}: {timed['seconds']:6.2f} s  peak RSS {timed['rss_mib']:7.1f} MiB  "
                f"Python peak {traced['py_peak_mib']:7.1f} MiB  ({timed['detail']})"
            )


if __name__ == "__main__":
    main()
