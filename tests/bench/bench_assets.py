"""Benchmark: village, town and county asset ledgers over 300,000 assets.

Run on demand:  .venv/bin/python tests/bench/bench_assets.py [--assets 300000] [--db URL]
Builds a demo database (`fpr demo`: divisions, sample villages, the demo library), adds the
assets in bulk (Core inserts, owners spread over every tier), then times, for each tier: the
first rows as the lazy list shows them (source + first id block + first row block, offscreen
model), the totals and class/nature breakdown (run in the background in the program), the
official Excel export; and the three-tier reconciliation.
Targets (issue 13): first rows ≤ 0.3 s, Excel ≤ 10 s, reconciliation ≤ 1 s. Next to each Excel
export: openpyxl's write-only mode writing the same cells from the same paged rows (no layout),
as in bench_exchange.py --export (issue 16: the official export within 2 × a bare writer).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
sys.path.insert(0, str(ROOT))  # this checkout's code, not an installed copy
CLASSES = (("经营性", "固定资产"), ("经营性", "生物资产"), ("公益性", "固定资产"),
           ("到户类", "生物资产"), ("经营性", "权益性资产"))  # fmt: skip


def fill(url: str, n: int) -> None:
    """n assets with owners at every tier, inserted with Core in blocks."""
    from sqlalchemy import insert, select

    from fpr_desktop.assets.models import Asset
    from fpr_desktop.base.models import Division
    from fpr_desktop.db.engine import Database

    db = Database(url)
    rng = random.Random(13)
    with db.read() as s:
        county = s.scalar(select(Division.id).where(Division.level == "county"))
        villages = s.execute(
            select(Division.id, Division.town_id).where(Division.level == "village")
        ).all()
    start = date(2016, 1, 1)
    with db.engine.begin() as conn:
        block = []
        for i in range(1, n + 1):
            v, town = rng.choice(villages)
            roll = rng.random()
            tier = (
                "village"
                if roll < 0.7
                else "household"
                if roll < 0.85
                else "town"
                if roll < 0.95
                else "county"
            )
            owner = {"county": county, "town": town}.get(tier, v)
            cls, nature = rng.choice(CLASSES)
            block.append(
                {
                    "code": f"ZC{i:08d}", "name": f"资产{i}", "asset_class": cls, "nature": nature,
                    "sub_type": "", "quantity": str(rng.randint(1, 500)), "unit": "处",
                    "town_id": town, "village_id": None if tier == "town" else v,
                    "group_name": "",
                    "original_value": Decimal(rng.randint(100_000, 500_000_000)).scaleb(-2),
                    "owner_tier": tier, "owner_division_id": owner,
                    "owner_town_id": None if tier == "county" else town,
                    "owner_name": "张三" if tier == "household" else "",
                    "registered_on": start + timedelta(days=rng.randint(0, 3000)),
                    "sanzi_entry_no": "", "operator": "", "contract_terms": "",
                    "risk_controls": "", "beneficiaries": "", "status": "在用", "remarks": "",
                    "version": 1,
                }
            )  # fmt: skip
            if len(block) == 20_000:
                conn.execute(insert(Asset), block)
                block = []
        if block:
            conn.execute(insert(Asset), block)
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=300_000)
    parser.add_argument("--db", help="reuse an existing database URL (assets already added)")
    parser.add_argument(
        "--skip-county-excel", action="store_true", help="export only the village and town ledgers"
    )
    args = parser.parse_args()
    url = args.db
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='fpr-bench-')) / 'assets.sqlite3'}"
        subprocess.run(
            [sys.executable, str(MAIN), "--db", url, "demo"], check=True, stdout=subprocess.DEVNULL
        )
        t = time.perf_counter()
        fill(url, args.assets)
        print(f"{args.assets:,} assets inserted: {time.perf_counter() - t:.1f} s")
        print(f"database: {url}")

    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import func, select

    from fpr_desktop.assets.ledgers import LedgerScope, LedgerSource, reconcile
    from fpr_desktop.assets.models import Asset
    from fpr_desktop.assets.report import write_ledger_xlsx
    from fpr_desktop.base.context import SYSTEM
    from fpr_desktop.base.models import Division
    from fpr_desktop.db.engine import Database
    from ui.common.table_model import LazyTableModel

    app = QApplication.instance() or QApplication([])
    db = Database(url)
    with db.read() as s:
        total = s.scalar(select(func.count(Asset.id)))
        town = s.scalar(
            select(Asset.owner_town_id)
            .where(Asset.owner_town_id.is_not(None))
            .group_by(Asset.owner_town_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        village = s.scalar(
            select(Asset.owner_division_id)
            .join(Division, Division.id == Asset.owner_division_id)
            .where(Division.level == "village")
            .group_by(Asset.owner_division_id)
            .order_by(func.count().desc())
            .limit(1)
        )
    print(f"assets: {total:,}")
    view = QTableView()
    view.resize(1366, 700)
    out = Path(tempfile.mkdtemp(prefix="fpr-bench-out-"))
    scopes = [
        LedgerScope(t, d) for t, d in (("village", village), ("town", town), ("county", None))
    ]
    for scope in scopes:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            with db.read() as s:
                source = LedgerSource(s, SYSTEM, scope)
            model = LazyTableModel(db.read, source)
            view.setModel(model)
            view.grab()  # paints the first screen: the first row block is read
            app.processEvents()
            runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        with db.read() as s:
            totals = source.totals(s)
            source.breakdown(s)
        summed = time.perf_counter() - t
        print(
            f"{scope.tier:8} {totals.count:>8,} assets: first rows {min(runs) * 1000:6.1f} ms "
            f"(median {sorted(runs)[2] * 1000:.1f}); totals+breakdown {summed * 1000:6.1f} ms",
            flush=True,
        )
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        with db.read() as s:
            r = reconcile(s, SYSTEM)
        runs.append(time.perf_counter() - t)
    print(
        f"reconciliation: {min(runs) * 1000:.0f} ms (worst {max(runs) * 1000:.0f}); "
        f"balanced={r.balanced}, breaks={len(r.breaks)}",
        flush=True,
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_exchange import bare_write

    from fpr_desktop.assets.ledger_spec import SPEC
    from fpr_desktop.assets.report import export_rows
    from fpr_desktop.base.money import MoneyUnit
    from fpr_desktop.exchange.layout import SheetLayout

    for scope in scopes[: 2 if args.skip_county_excel else 3]:
        t, cpu = time.perf_counter(), time.process_time()
        with db.read() as s:
            written = write_ledger_xlsx(s, SYSTEM, scope, out / f"{scope.tier}.xlsx")
        official, official_cpu = time.perf_counter() - t, time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        with db.read() as s:
            bare = bare_write(
                "openpyxl-write-only",
                out / f"{scope.tier}-bare.xlsx",
                SheetLayout(SPEC, "", MoneyUnit.YUAN),
                export_rows(s, LedgerSource(s, SYSTEM, scope)),
                "seq",
            )
        bare_s, bare_cpu = time.perf_counter() - t, time.process_time() - cpu
        print(
            f"{scope.tier:8} Excel {written:,} rows: {official:.2f} s (CPU {official_cpu:.2f} s; "
            f"goal ≤ 10 s); openpyxl write-only, same {bare:,} rows: {bare_s:.2f} s "
            f"(CPU {bare_cpu:.2f} s) → {official / bare_s:.2f} × wall, "
            f"{official_cpu / bare_cpu:.2f} × CPU",
            flush=True,
        )
    db.dispose()


if __name__ == "__main__":
    main()
