"""The county part of first start (and of 系统管理): name, code, the units' names derived from
the name until the user edits them, and where the divisions come from."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from fpr_desktop.divisions.county import (
    BUNDLED_COUNTY,
    CountySetup,
    Divisions,
    derived_units,
)

UNIT_LABELS = {
    "finance_unit": "财政部门：",
    "rural_unit": "乡村振兴主管部门：",
    "organisation_unit": "组织部门：",
}


class CountyBox(QGroupBox):
    """本县: what `divisions.county.set_up_county` needs."""

    def __init__(
        self, name: str = BUNDLED_COUNTY, parent: QWidget | None = None, *, keep: bool = False
    ) -> None:
        super().__init__("本县", parent)
        self.name = QLineEdit(name, self)
        self.name.setPlaceholderText("例如 陇县、临城县")
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("6 位行政区划代码，可不填")
        self.units: dict[str, QLineEdit] = {}
        self._edited: set[str] = set()
        form = QFormLayout(self)
        form.addRow("县名 *：", self.name)
        form.addRow("区划代码：", self.code)
        for key, label in UNIT_LABELS.items():
            edit = QLineEdit(self)
            edit.textEdited.connect(lambda _t, k=key: self._edited.add(k))
            self.units[key] = edit
            form.addRow(label, edit)
        self.bundled = QRadioButton(
            f"使用随程序提供的{BUNDLED_COUNTY}乡镇、村（仅限{BUNDLED_COUNTY}）", self
        )
        after = "保存后" if keep else "登录后"
        self.later = QRadioButton(f"导入本县的区划表（乡镇、村一行一个），{after}接着导入", self)
        #: 系统管理: keep the divisions there are (only while the name stays the same)
        self.keep = QRadioButton("保留现有乡镇、村", self)
        self.keep.setVisible(keep)
        self._original = name if keep else None
        group = QButtonGroup(self)
        for button in (self.keep, self.bundled, self.later):
            group.addButton(button)
        (self.keep if keep else self.bundled).setChecked(True)
        if keep:
            form.addRow("行政区划：", self.keep)
            form.addRow("", self.bundled)
        else:
            form.addRow("行政区划：", self.bundled)
        form.addRow("", self.later)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed(name)

    def _name_changed(self, text: str) -> None:
        for key, value in derived_units(text or "").items():
            if key not in self._edited:
                self.units[key].setText(value if text.strip() else "")
        ours = text.strip() == BUNDLED_COUNTY
        same = self._original is not None and text.strip() == self._original
        self.bundled.setEnabled(ours)
        self.keep.setEnabled(same)
        if (not same and self.keep.isChecked()) or (not ours and self.bundled.isChecked()):
            self.later.setChecked(True)
        elif same and self.later.isChecked() and not self.keep.isChecked():
            self.keep.setChecked(True)
        # disabled with the reason (a changing label would resize the dialog while typing)
        self.bundled.setToolTip(
            "" if ours else f"随程序只提供{BUNDLED_COUNTY}的区划；其他县请导入本县的区划表。"
        )

    def keep_unit_names(self) -> None:
        """Treat the unit names shown as typed by the user (no longer follow the name)."""
        self._edited |= set(self.units)

    def check(self) -> str:
        if not self.name.text().strip():
            return "请填写县名。"
        return ""

    def values(self) -> tuple[CountySetup, Divisions]:
        setup = CountySetup(
            self.name.text().strip(),
            self.code.text().strip(),
            **{k: e.text().strip() for k, e in self.units.items()},
        )
        if self._original is not None and self.keep.isChecked():
            return setup, "keep"
        if self._original is not None and self.bundled.isChecked():
            return setup, "bundled"  # 系统管理: rebuild from the bundled list
        ours = setup.name == BUNDLED_COUNTY
        return setup, ("keep" if ours and self.bundled.isChecked() else "import")
