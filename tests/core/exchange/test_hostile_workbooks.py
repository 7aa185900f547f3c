"""Workbooks made to abort or exhaust the reader are refused before calamine loads them, with a
Chinese message naming the file and what is too large — in the one reader, so the CLI (even
`--dry-run`) and the wizard are covered. A child process proves the program survives."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from helpers import hostile
from helpers import workbook_corpus as corpus

from fpr_desktop.exchange import SpreadsheetError, read_table
from fpr_desktop.exchange.limits import MAX_CELLS, column_letters, column_number

PLAN = corpus.PROJECT_PLAN


@pytest.mark.timeout(600)  # the zip bomb and the shared strings take a while to build
@pytest.mark.parametrize("case", sorted(hostile.HOSTILE))
def test_hostile_workbook_is_refused_before_loading(tmp_path: Path, case: str) -> None:
    make, words = hostile.HOSTILE[case]
    path = make(tmp_path)
    tracemalloc.start()
    with pytest.raises(SpreadsheetError) as info:
        read_table(path, PLAN)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = str(info.value)
    assert path.name in message and words in message, message
    assert len(message) < 400
    assert peak < 64 * 1024 * 1024


def test_a_sheet_just_inside_the_limit_is_read(tmp_path: Path) -> None:
    # 2^24 cells is the limit: A1:P1048576 (16 columns × 1,048,576 rows) is exactly on it
    inside = hostile.far_cell(tmp_path, "P1048576")
    table = read_table(inside, PLAN)
    assert table.last_row == 1_048_576
    outside = hostile.far_cell(tmp_path, "Q1048576")
    with pytest.raises(SpreadsheetError, match="Q1048576"):
        read_table(outside, PLAN)
    assert MAX_CELLS == 16 * 1_048_576


def test_column_letters_round_trip() -> None:
    for n in (1, 26, 27, 52, 208, 702, 703, 16384):
        assert column_number(column_letters(n)) == n
    assert column_letters(16384) == "XFD" and column_letters(208) == "GZ"


def test_cli_dry_run_survives_the_far_cell(tmp_path: Path) -> None:
    """The file that used to abort the whole process (SIGABRT) now exits 2 with a message."""
    path = hostile.far_cell(tmp_path, "XFD1048576")
    db = tmp_path / "cli.sqlite3"
    env = {**os.environ, "FPR_PASSWORD": "admin-pass-1"}
    run = [
        sys.executable,
        "-c",
        "from fpr_desktop.cli.main import run; run()",
        "--db",
        f"sqlite:///{db}",
    ]
    subprocess.run(
        [*run, "user", "add", "admin", "--role", "admin"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    done = subprocess.run(
        [*run, "--user", "admin", "import", "projects", str(path), "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "XFD1048576" in done.stderr and "Traceback" not in done.stderr
