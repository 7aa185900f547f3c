"""The pages of the import wizard (layout only; ui.exchange.wizard drives them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.widgets import ErrorLabel, compact_rows
from ui.exchange.jobs import ColumnChoice
from ui.exchange.preview_model import PreviewModel

NOT_IMPORTED = "（不导入）"


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hintLabel")
    label.setWordWrap(True)
    return label


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionLabel")
    return label


class FilePage(QWidget):
    """Step 1: the file, and (for county users) the town it is submitted for."""

    def __init__(self, kind_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("选择要导入的 Excel/WPS 表格（.xlsx、.xls、.ods）")
        self.browse = QPushButton("浏览…", self)
        self.town = QComboBox(self)
        self.template = QPushButton("下载空白模板…", self)
        self.error = ErrorLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow("文件：", row)
        form.addRow("报送乡镇：", self.town)
        layout = QVBoxLayout(self)
        layout.addWidget(_title(f"第 1 步：选择{kind_title}表格", self))
        layout.addLayout(form)
        layout.addWidget(
            _hint(
                "导入前会逐行检查全部内容，全部无误才写入；有错误时不写入任何数据，"
                "并可保存一份把错误单元格标红、附批注说明的错误标注文件。"
                "同一文件重复导入会被识别；修改后的文件再次导入会更新已有记录，不会重复。",
                self,
            )
        )
        layout.addWidget(self.template, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error)
        layout.addStretch(1)


class SheetPage(QWidget):
    """Step 2: which worksheet holds the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheets = QListWidget(self)
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("第 2 步：选择工作表", self))
        layout.addWidget(_hint("已自动选中包含表头的工作表；如不对，请选择其他工作表。", self))
        layout.addWidget(self.sheets, 1)
        layout.addWidget(self.error)


class PreviewPage(QWidget):
    """Step 3: the sheet with problems marked, and which sheet column feeds which field."""

    #: The user picked another sheet column for a field (key, mapping value; '' = none).
    mapping_changed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header_row = QSpinBox(self)
        self.header_row.setRange(0, 30)
        self.header_row.setSpecialValueText("自动")
        # the year for rows that give none; 自动: the table's 年度, else title or file name
        self.year = QSpinBox(self)
        self.year.setRange(1999, 2100)
        self.year.setSpecialValueText("自动（表中/标题/文件名）")
        self.year.setValue(1999)
        self.year.setToolTip(
            "表中没有年度列时各行的年度；自动时取标题或文件名中的年份，并在下方说明"
        )
        self.year_label = QLabel("年度：", self)
        self.recheck = QPushButton("重新检查", self)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        compact_rows(self.table)
        self.table.verticalHeader().setVisible(True)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        self.mapping_box = QWidget(self)
        self.mapping_form = QGridLayout(self.mapping_box)
        self.mapping_form.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(_title("列对应（表格中的哪一列是哪一项）", left))
        left_layout.addWidget(scroll, 1)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.table)
        right.addWidget(self.problems)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 700])
        top = QHBoxLayout()
        top.addWidget(_title("第 3 步：预览与检查", self))
        top.addStretch(1)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addWidget(QLabel("表头所在行：", self))
        top.addWidget(self.header_row)
        top.addWidget(self.recheck)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        layout.addWidget(
            _hint(
                "红色单元格有错误、黄色为提示，鼠标停留可看说明；灰色行（合计、空行等）不导入。",
                self,
            )
        )

    def fit_columns(self, header_row: int) -> None:
        """Widths from the header and the data (a long title above the header does not count)."""
        view, model = self.table, self.model
        metrics = view.fontMetrics()
        last = min(model.rowCount(), header_row + 40)
        for c in range(model.columnCount()):
            texts = [
                str(model.index(r, c).data() or "") for r in range(max(header_row - 1, 0), last)
            ]
            width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + 16
            view.setColumnWidth(c, max(48, min(width, 240)))

    def set_fields(self, fields: list[tuple[str, str, bool]]) -> None:
        """One row per field of the kind: its title (required ones marked) and a combo box."""
        if self.combos:
            return
        for row, (key, title, required) in enumerate(fields):
            label = QLabel(("* " if required else "") + title, self.mapping_box)
            if required:
                label.setStyleSheet("color: #b00020;")
            combo = QComboBox(self.mapping_box)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(lambda _i, k=key, c=combo: self._picked(k, c))
            self.mapping_form.addWidget(label, row, 0)
            self.mapping_form.addWidget(combo, row, 1)
            self.combos[key] = combo

    def set_choices(self, columns: list[ColumnChoice], bound: dict[str, str]) -> None:
        """Offer the sheet's columns in every combo box and select what is mapped now."""
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IMPORTED, "")
            for choice in columns:
                combo.addItem(choice.label, choice.value)
            index = combo.findData(bound[key]) if key in bound else 0
            combo.setCurrentIndex(max(index, 0))
            combo.setToolTip(combo.currentText())
            combo.blockSignals(False)

    def _picked(self, key: str, combo: QComboBox) -> None:
        combo.setToolTip(combo.currentText())
        self.mapping_changed.emit(key, str(combo.currentData() or ""))


class ConfirmPage(QWidget):
    """Step 4: what the import will do; refused files offer the error workbook."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = QLabel("", self)
        self.counts.setObjectName("titleLabel")
        self.counts.setWordWrap(True)
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel(self)
        self.save_report = QPushButton("保存错误标注文件…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("第 4 步：确认导入", self))
        layout.addWidget(self.counts)
        layout.addWidget(self.error)
        layout.addWidget(self.detail)
        layout.addWidget(self.save_report, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class ResultPage(QWidget):
    """The end: what was written (or why nothing was)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel("", self)
        self.headline.setObjectName("titleLabel")
        self.headline.setWordWrap(True)
        self.text = QLabel("", self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_report = QPushButton("保存错误标注文件…", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.text)
        layout.addWidget(self.save_report, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
