"""Benchmark of the PDF engine (run on demand: python tests/bench/bench_documents.py [N]).

1,000 one-page notices (each a separate file, as when every village prints its own) and one
5,000-row ledger. Prints times and file sizes; target: a one-page notice well under 200 KB.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from fpr_desktop.documents import Column, ColumnKind, build_pdf, register_fonts
from fpr_desktop.documents.ledgers import make_ledger
from fpr_desktop.documents.notice_templates import NoticeKind
from fpr_desktop.documents.samples import sample_notice


def bench_notices(count: int, folder: Path) -> None:
    doc = sample_notice(NoticeKind.PRE_IMPLEMENTATION)
    sizes = []
    pages = set()
    start = time.perf_counter()
    for i in range(count):
        path = folder / f"notice_{i:04d}.pdf"
        pages.add(build_pdf(doc, path))
        sizes.append(path.stat().st_size)
    elapsed = time.perf_counter() - start
    print(
        f"{count} one-page notices: {elapsed:.1f} s ({elapsed / count * 1000:.1f} ms each); "
        f"pages per notice {sorted(pages)}; "
        f"size {min(sizes) / 1024:.1f}–{max(sizes) / 1024:.1f} KiB"
    )


def bench_ledger(rows: int) -> None:
    columns = [
        Column("序号", kind=ColumnKind.INDEX, width=0.6),
        Column("日期", "day", ColumnKind.DATE, width=1.2),
        Column("镇", "town", width=1.0),
        Column("村", "village", width=1.0),
        Column("项目名称", "project", width=2.4),
        Column("摘要", "summary", width=2.6),
        Column("拨付金额（{unit}）", "amount", ColumnKind.AMOUNT, width=1.3, total=True),
        Column("经办人", "clerk", width=0.8),
    ]
    data = [
        {
            "day": date(2021, 1 + i % 12, 1 + i % 28),
            "town": ["示例一镇", "示例二镇", "示例三镇", "龙潭乡"][i % 4],
            "village": f"第{i % 37 + 1}村",
            "project": f"产业路硬化项目（{i + 1}）",
            "summary": "按合同约定拨付工程进度款" if i % 3 else "拨付项目验收尾款，附验收报告",
            "amount": Decimal(12345678 + i * 1001) / 100,
            "clerk": "张明",
        }
        for i in range(rows)
    ]
    doc = make_ledger("2021年度衔接资金拨付台账", columns, data, subtitle="（县级总台账）")
    buf = io.BytesIO()
    start = time.perf_counter()
    pages = build_pdf(doc, buf)
    elapsed = time.perf_counter() - start
    print(
        f"{rows}-row ledger: {elapsed:.1f} s, {pages} pages, {len(buf.getvalue()) / 1024:.0f} KiB"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    start = time.perf_counter()
    register_fonts()
    print(f"font registration (once per process): {(time.perf_counter() - start) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        bench_notices(count, Path(tmp))
    bench_ledger(5000)


if __name__ == "__main__":
    main()
