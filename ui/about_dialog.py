"""帮助 → 关于: version, where the data is, and the licences of what the program bundles."""

from __future__ import annotations

import html
import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop import APP_NAME, APP_TITLE, __version__
from fpr_desktop.base import paths
from fpr_desktop.db.engine import Database

#: (distribution, what it does here, licence) of every library the installed program carries.
COMPONENTS: tuple[tuple[str, str, str], ...] = (
    ("PySide6-Essentials", "Qt 图形界面", "LGPL-3.0（Qt for Python）"),
    ("PySide6-Pdf", "PDF 预览", "LGPL-3.0"),
    ("SQLAlchemy", "数据库访问", "MIT"),
    ("alembic", "数据库结构升级", "MIT"),
    ("psycopg", "PostgreSQL 连接", "LGPL-3.0"),
    ("openpyxl", "Excel 读写", "MIT"),
    ("python-calamine", "Excel 快速读取", "MIT"),
    ("reportlab", "PDF 生成", "BSD-3-Clause"),
    ("chinese-calendar", "法定节假日", "MIT"),
    ("argon2-cffi", "密码保护", "MIT"),
    ("platformdirs", "用户数据目录", "MIT"),
)
FONT_LICENCE = "fonts/OFL.txt"


def component_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "—"


def about_html(db: Database) -> str:
    """The dialog's text: program, data locations, bundled font and libraries."""
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{component_version(name)}</td>"
        f"<td>{html.escape(use)}</td><td>{html.escape(lic)}</td></tr>"
        for name, use, lic in COMPONENTS
    )
    python = f"Python {platform.python_version()}（PSF License）"
    qt = f"Qt {qVersion()} / PySide6 {pyside_version}"
    try:
        ofl = paths.resource(*FONT_LICENCE.split("/")).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        ofl = str(exc)
    return (
        f"<p>{APP_NAME} 版本 <b>{__version__}</b></p>"
        "<p>巩固拓展脱贫攻坚成果同乡村振兴有效衔接：衔接资金、项目库、扶贫资产、驻村干部管理。</p>"
        "<h3>数据位置</h3>"
        f"<p>数据库：{html.escape(db.describe())}<br>"
        f"用户数据目录：{html.escape(str(paths.data_dir()))}<br>"
        f"程序目录：{html.escape(str(paths.bundle_root()))}</p>"
        "<h3>内置字体</h3>"
        "<p>思源黑体 Noto Sans SC（常规、粗体），SIL Open Font License 1.1，"
        "用于生成的公告、台账 PDF，许可全文见下方。</p>"
        "<h3>所用软件库</h3>"
        f"<p>{html.escape(python)}；{html.escape(qt)}</p>"
        "<table cellspacing='0' cellpadding='3' border='1'>"
        "<tr><th>软件库</th><th>版本</th><th>用途</th><th>许可</th></tr>"
        f"{rows}</table>"
        "<p>LGPL 软件库以独立的动态库形式随程序提供，可按其许可替换。</p>"
        "<h3>SIL Open Font License 1.1（思源黑体）</h3>"
        f"<pre style='font-size:small'>{html.escape(ofl)}</pre>"
    )


class AboutDialog(QDialog):
    """The About box: icon and title at the top, the details scroll, 关闭 always visible."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"关于 {APP_TITLE}")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel(self)
        pixmap = QPixmap(str(paths.resources_dir() / "icons" / "fpr.png"))
        if not pixmap.isNull():
            icon.setPixmap(
                pixmap.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        head.addWidget(icon)
        title = QLabel(f"<b>{html.escape(APP_TITLE)}</b><br>{APP_NAME} {__version__}", self)
        head.addWidget(title, 1)
        layout.addLayout(head)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(db))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
