"""What the bundle must carry that PyInstaller's import analysis cannot see, and what it leaves out.

The program finds some modules by name at run time (no import statement names them): each
module's `registration.py` and the dotted names it declares (tables, exchange kinds, demo
seeders, deadlines, checks, search), the CLI command groups, and the ui package of each tab.
"""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

#: Test and development tools, and Qt modules the program does not use. pyqtgraph's hook pulls
#: pytest in (TECH-NOTES, Packaging): excluded here.
EXCLUDES = [
    *("pytest", "_pytest", "pytestqt", "pluggy", "hypothesis", "mypy", "ruff"),
    *("importlinter", "grimp", "pypdf", "msoffcrypto", "fontTools", "tkinter", "IPython"),
    *("matplotlib", "pyqtgraph.examples", "pyqtgraph.opengl", "pyqtgraph.jupyter"),
    *("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtWebEngineCore"),
    *("PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia", "PySide6.QtBluetooth"),
    *("PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtUiTools"),
    *("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.Qt3DCore", "PySide6.QtCharts"),
]


#: Distributions whose version the About dialog shows (their metadata is bundled).
METADATA = [
    *("PySide6-Essentials", "PySide6-Pdf", "SQLAlchemy", "alembic", "psycopg", "openpyxl"),
    *("python-calamine", "reportlab", "chinese-calendar", "argon2-cffi", "platformdirs"),
]


def keep_data(dest: str) -> bool:
    """False for Qt translations other than Simplified Chinese."""
    parts = dest.replace("\\", "/").split("/")
    if "translations" in parts[:-1] and parts[-1].endswith(".qm"):
        return "zh_CN" in parts[-1]
    return True


def _dotted(ref: str) -> str:
    return ref.split(":", 1)[0]


def runtime_modules(root: Path) -> list[str]:
    """Every module imported by name at run time, found from the source tree (sorted)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from fpr_desktop.base.registry import modules

    names: set[str] = {"ui.app"}  # fpr_desktop.cli.gui loads the GUI by name
    for m in modules():
        names.add(f"fpr_desktop.{m.name}.registration")
        refs = [m.models, m.demo, *m.exchange_kinds, *m.deadlines, *m.health_checks, *m.search]
        names.update(_dotted(r) for r in refs if r)
        if (root / "ui" / m.name / "__init__.py").is_file():
            names.add(f"ui.{m.name}")
    cli = root / "fpr_desktop" / "cli"
    names.update(f"fpr_desktop.cli.{i.name}" for i in pkgutil.iter_modules([str(cli)]))
    return sorted(names)


if __name__ == "__main__":
    print("\n".join(runtime_modules(Path(__file__).resolve().parents[1])))
