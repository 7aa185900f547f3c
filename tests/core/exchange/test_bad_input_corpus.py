"""The bad-input corpus: every hostile workbook and every absurd value, made by code, imported
through the real CLI in a child process with a memory limit, on the backend under test. Each
one must end with exit 1 or 2 and a Chinese message, no traceback, nothing written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import hostile
from helpers import import_support as sup
from helpers import workbook_corpus as corpus
from sqlalchemy import func, select

from fpr_desktop.base.models import AuditLog
from fpr_desktop.db.engine import Database
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.models import Submission

MEMORY_LIMIT = 3 << 30  # address space of the child: a runaway allocation fails, never swaps
CHILD = r"""
import contextlib, io, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[3]), int(sys.argv[3])))
from fpr_desktop.cli.main import main
out = []
for kind, path in json.loads(open(sys.argv[2], encoding="utf-8").read()):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as said:
        try:
            code = main(["--db", sys.argv[1], "--user", "admin", "import", kind, path])
        except BaseException as exc:  # a crash: reported, counted, never hidden
            import traceback
            code, err = 99, io.StringIO(traceback.format_exc())
    out.append({"path": path, "code": code, "err": err.getvalue(), "out": said.getvalue()})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"results": out, "peak_kb": peak}, ensure_ascii=False))
"""
_CJK = re.compile("[\u4e00-\u9fff]")


def _value_cases(database: Database, admin, folder: Path) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """Well-formed workbooks whose values must be refused."""
    tpl = sup.template(database, admin, "projects", folder / "模板.xlsx")
    cases: dict[str, dict] = {
        "amount-1e20": {"total_investment": 1e20},
        "amount-above-limit": {"total_investment": 200_000},
        "amount-negative": {"fiscal_funds": -5},
        "amount-text": {"total_investment": "三十万"},
        "amount-error-value": {"total_investment": "#REF!"},  # read as blank by calamine
        "date-error-value": {"planned_start": "#N/A"},
        "name-error-value": {"name": "#VALUE!"},
        "date-1900": {"planned_start": "1900-01-01"},
        "date-9999": {"planned_end": "9999-12-31"},
        "date-2040": {"planned_end": "2040-12-31"},
        "date-garbage": {"planned_start": "明年春天"},
        "village-unknown": {"village": "不存在村"},
        "town-unknown": {"town": "不存在镇"},
        "name-missing": {"name": None},
        "name-too-long": {"name": "名" * 5000},
        "year-absurd": {"year": 1066},
        "people-negative": {"people": -3},
        "fiscal-over-total": {"total_investment": 10, "fiscal_funds": 20},
    }
    out = {}
    for name, over in cases.items():
        row = sup.project_row(1, **over)
        out[name] = sup.fill(database, "projects", tpl, folder / f"{name}.xlsx", [row])
    broken = sup.project_row(1, fiscal_funds="#REF!")
    formula = sup.fill(database, "projects", tpl, folder / "公式错误.xlsx", [broken])
    out["formula-div0"] = hostile.cached_formula_error(formula)
    dup = [sup.project_row(1), sup.project_row(1)]
    out["duplicate-rows"] = sup.fill(database, "projects", tpl, folder / "重复行.xlsx", dup)
    return out


def _file_cases(folder: Path) -> dict[str, Path]:
    """Files that are not (usable) workbooks at all."""
    makers: dict[str, Callable[[Path], None]] = {
        "csv": lambda p: p.write_bytes("序号,项目名称\n1,上岔村道路\n".encode("gbk")),
        "html": lambda p: p.write_text("<html><table><tr><td>1</td></tr></table>"),
        "empty-file": lambda p: p.write_bytes(b""),
        "noise": lambda p: p.write_bytes(bytes(range(256)) * 40),
        "pdf": lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
        "xlsb": lambda p: _zip(p, {"xl/workbook.bin": b"\x00"}),
        "docx": lambda p: _zip(p, {"word/document.xml": b"<document/>"}),
        "plain-zip": lambda p: _zip(p, {"readme.txt": b"hello"}),
        "empty-workbook": lambda p: corpus.Workbook().save(p),
    }
    out = {}
    for name, make in makers.items():
        path = folder / f"{name}.xlsx"
        make(path)
        out[name] = path
    out["directory"] = folder / "一个文件夹.xlsx"
    out["directory"].mkdir()
    out["missing"] = folder / "不存在.xlsx"
    out["wrong-kind"] = corpus.multi_sheet(folder)
    for name, (make_hostile, _words) in hostile.HOSTILE.items():
        sub = folder / name
        sub.mkdir()
        out[name] = make_hostile(sub)
    return out


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for name, body in parts.items():
            z.writestr(name, body)


def _state(database: Database) -> tuple[int, int, int]:
    with database.read() as s:
        return (
            int(s.scalar(select(func.count(Project.id))) or 0),
            int(s.scalar(select(func.count(Submission.id))) or 0),
            int(s.scalar(select(func.count(AuditLog.id)).where(AuditLog.action != "login")) or 0),
        )


@pytest.mark.timeout(900)  # builds ~45 files, one a 1.1 GB zip bomb, then imports each
def test_every_bad_input_is_refused_cleanly(database: Database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = {**_file_cases(tmp_path), **_value_cases(database, admin, tmp_path)}
    listing = tmp_path / "corpus.json"
    listing.write_text(
        json.dumps([("projects", str(p)) for p in cases.values()], ensure_ascii=False),
        encoding="utf-8",
    )
    before = _state(database)
    url = database.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(listing), str(MEMORY_LIMIT)],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "FPR_PASSWORD": "admin-pass-1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]  # the child itself never died
    report = json.loads(done.stdout.strip().splitlines()[-1])
    results = {Path(r["path"]).name: r for r in report["results"]}
    names = {p.name: n for n, p in cases.items()}
    clean = [
        r
        for r in results.values()
        if r["code"] in (1, 2)
        and _CJK.search(r["err"] + r["out"])
        and Path(r["path"]).name in r["err"] + r["out"]  # the message names the file
        and "Traceback" not in r["err"]
    ]
    crashes = {names[n]: (r["code"], r["err"][-300:]) for n, r in results.items() if r not in clean}
    print(
        f"\nbad-input corpus ({database.url.get_backend_name()}): {len(results)} inputs, "
        f"{len(clean)} clean refusals, {len(crashes)} crashes, peak {report['peak_kb'] >> 10} MB"
    )
    assert len(results) == len(cases)
    assert crashes == {}
    for name, (_make, words) in hostile.HOSTILE.items():  # refused for the right reason
        r = results[cases[name].name]
        assert words in r["err"], (name, r["err"])
    assert report["peak_kb"] < 1_500_000  # bounded memory (KB)
    assert _state(database) == before  # nothing written (logins aside)
