"""Two users importing the same file at the same moment (two processes): the file is imported
once; the second import waits for the first and is then told the file is a repeat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import import_support as sup
from sqlalchemy import func, select

from fpr_desktop.db.engine import Database
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.models import Submission

PASSWORD = "admin-pass-1"
CLI = "from fpr_desktop.cli.main import run; run()"


def cli_processes(url: str, runs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once (one process each) and wait for all of them."""
    env = {**os.environ, "FPR_PASSWORD": PASSWORD}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "--db", url, "--user", "admin", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in runs
    ]
    out = []
    for p, args in zip(procs, runs, strict=True):
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(args, p.returncode, stdout, stderr))
    return out


def test_same_file_imported_by_two_users_at_once_is_imported_once(
    database: Database, admin, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = [sup.project_row(n) for n in range(1, 301)]
    tpl = sup.template(database, admin, "projects", tmp_path / "模板.xlsx")
    path = sup.fill(database, "projects", tpl, tmp_path / "同一文件.xlsx", rows)
    url = database.url.render_as_string(hide_password=False)
    database.dispose()
    done = cli_processes(url, [["import", "projects", str(path)]] * 3)
    assert [d.returncode for d in done] == [0, 0, 0], [d.stderr for d in done]
    assert all("Traceback" not in d.stderr for d in done)
    said = "\n".join(d.stdout for d in done)
    assert said.count("已登记报送") == 1
    assert said.count("该文件已导入过") == 2
    with database.read() as s:
        assert s.scalar(select(func.count(Project.id))) == 300
        assert s.scalar(select(func.count(Submission.id))) == 1
