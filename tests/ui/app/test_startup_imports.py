"""Start-up stays light: what `import ui.app` and opening an up-to-date database load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
#: loaded on the worker thread or when first used, never before the login dialog is painted
HEAVY = (
    "sqlalchemy",
    "alembic",
    "openpyxl",
    "reportlab",
    "python_calamine",
    "pyqtgraph",
    "fpr_desktop.exchange",
    "fpr_desktop.documents",
    "fpr_desktop.projects.notices.build",
    "fpr_desktop.submissions",
)


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return set(out.stdout.split())


def test_importing_the_gui_loads_no_database_layer_and_no_engine() -> None:
    loaded = _loaded_after("import ui.app")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}
    assert not {m for m in loaded for h in HEAVY if m.startswith(h + ".")}


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    setup = "from fpr_desktop.app.bootstrap import open_database\n"
    first = _loaded_after(f"{setup}open_database({url!r}).db.dispose()")
    assert "alembic" in first  # a new file is created by the migrations
    again = _loaded_after(f"{setup}open_database({url!r}).db.dispose()")
    assert "alembic" not in again


def test_opening_maps_only_the_foundations_tables_and_the_rest_on_demand(tmp_path: Path) -> None:
    """Logging in needs the foundation's tables; a module's are mapped when first used, and
    whatever lists every table (the audit log's table names) loads them all first."""
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    setup = "from fpr_desktop.app.bootstrap import open_database\n"
    _loaded_after(f"{setup}open_database({url!r}).db.dispose()")  # created and migrated
    opened = _loaded_after(f"{setup}open_database({url!r}).db.dispose()")
    assert "fpr_desktop.base.models" in opened
    assert not {m for m in opened if m.endswith(".models") and not m.startswith("fpr_desktop.base")}
    labels = _loaded_after(
        f"{setup}db = open_database({url!r}).db\n"
        "from fpr_desktop.base.audit import table_labels\n"
        "print(table_labels()['project'], table_labels()['fund_entry'])"
    )
    assert {"项目", "fpr_desktop.projects.models", "fpr_desktop.funds.models"} <= labels
