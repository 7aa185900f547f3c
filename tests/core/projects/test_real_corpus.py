"""One county's share of the corpus (tests/helpers/real_corpus.py), end to end in-process: the
county set up, its flat division list imported, every workbook imported, the library exported —
and the names, villages and amounts that come back compared with what the lists said."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers import real_corpus
from openpyxl import load_workbook

from fpr_desktop.divisions.county import CountySetup, set_up_county
from fpr_desktop.submissions.files import export_kind
from fpr_desktop.submissions.importer import ImportOptions, run_import


def _exported(path: Path) -> dict[str, tuple[str, tuple[str, ...], Decimal]]:
    book = load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()  # read-only mode keeps the file open until closed
    head = next(i for i, r in enumerate(rows) if "*项目名称" in r or "项目名称" in r)
    names = [str(c or "").lstrip("*") for c in rows[head]]
    # the first column under the merged 申请财政资金（万元） parent is its 合计
    money = next(i for i, n in enumerate(names) if n.startswith("申请财政资金"))
    at = {n: names.index(n) for n in ("项目名称", "乡镇", "村")}
    out = {}
    for r in rows[head + 2 :]:
        if r[at["项目名称"]] and r[money] is not None and r[at["乡镇"]]:
            villages = tuple(v for v in str(r[at["村"]] or "").split("、") if v)
            out[r[at["项目名称"]]] = (r[at["乡镇"]], villages, Decimal(str(r[money])).normalize())
    return out


def test_one_county_of_the_corpus_comes_back_exactly(database, admin, tmp_path: Path) -> None:
    place = real_corpus.COUNTIES[2]  # 渭滨区: a 街道 with 社区 among the towns
    with database.transaction(admin.audit()) as s:
        set_up_county(
            s, admin, CountySetup(place.county, real_corpus.CODES[place.county]), "import"
        )
    out = run_import(database, admin, real_corpus.division_list(place, tmp_path, 0), "divisions")
    assert out.ok, out.lines()
    files = [f for f in real_corpus.build(tmp_path, per_county=11) if f.county == place.county]
    assert len(files) == 11
    for f in files:
        out = run_import(database, admin, f.path, "projects", ImportOptions(year=f.year_option))
        assert out.ok, out.lines()
    with database.read() as s:
        export_kind(s, admin, "projects", tmp_path / "导出.xlsx")
    back = _exported(tmp_path / "导出.xlsx")
    wanted = {i.name: (i.town, i.villages, i.amount.normalize()) for f in files for i in f.items}
    exact = sum(1 for name, want in wanted.items() if back.get(name) == want)
    assert exact == len(wanted) and len(wanted) > 40, (exact, len(wanted))
