"""帮助 → 用户手册 (F1): the Chinese user guide shipped with the program, opened at a section."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fpr_desktop.base import paths

#: The guide's chapters in reading order: (file under docs/user-guide/, title).
CHAPTERS: tuple[tuple[str, str], ...] = (
    ("index.md", "目录"),
    ("01-install.md", "安装、升级与卸载"),
    ("02-first-start.md", "首次启动与县级设置"),
    ("03-roles.md", "各角色的日常工作"),
    ("04-projects.md", "项目库与导入乡镇工作簿"),
    ("05-notices.md", "公告公示与打印"),
    ("06-funds.md", "资金台账与月末锁账"),
    ("07-assets-cadres.md", "扶贫资产与驻村干部"),
    ("08-backup.md", "备份与恢复"),
)
#: The chapter F1 opens for each tab (by its title); other tabs open the table of contents.
TAB_CHAPTERS: dict[str, str] = {
    "首页": "03-roles.md",
    "资金台账": "06-funds.md",
    "项目库": "04-projects.md",
    "公告公示": "05-notices.md",
    "扶贫资产": "07-assets-cadres.md",
    "驻村干部": "07-assets-cadres.md",
    "系统管理": "02-first-start.md",
}


def guide_dir() -> Path:
    return paths.docs_dir() / "user-guide"


def chapter_for_tab(tab_title: str) -> str:
    return TAB_CHAPTERS.get(tab_title, "index.md")


class HelpBrowser(QDialog):
    """Chapters on the left, the chapter (Markdown with screenshots) on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("用户手册")
        self.resize(1000, 680)
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        self.chapters = QListWidget(self)
        self.chapters.setMaximumWidth(200)
        for file, title in CHAPTERS:
            item = QListWidgetItem(title, self.chapters)
            item.setData(Qt.ItemDataRole.UserRole, file)
        self.chapters.currentItemChanged.connect(self._chapter_chosen)
        body.addWidget(self.chapters)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setSearchPaths([str(guide_dir())])
        body.addWidget(self.text, 1)
        layout.addLayout(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_chapter(self, file: str) -> None:
        """Show chapter `file` (e.g. "08-backup.md") and select it in the list."""
        for row in range(self.chapters.count()):
            if self.chapters.item(row).data(Qt.ItemDataRole.UserRole) == file:
                self.chapters.setCurrentRow(row)
                return
        self._show(file)

    def current_file(self) -> str:
        return Path(self.text.source().toLocalFile()).name

    def _chapter_chosen(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self._show(str(item.data(Qt.ItemDataRole.UserRole)))

    def _show(self, file: str) -> None:
        path = guide_dir() / file
        if path.is_file():
            self.text.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.text.setPlainText(f"找不到用户手册文件：{path}\n请重新安装本程序。")
