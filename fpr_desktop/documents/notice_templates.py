"""Notice kinds as data: one TOML file per kind in resources/notices/, parsed and checked here.

A template holds the title pattern, the paragraphs (with {placeholders}), the sections and the
table columns of one kind of notice. An administrator may edit the texts; code never does.
The file format is described in resources/notices/README.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.paths import resources_dir
from fpr_desktop.documents.model import Align, Column, ColumnKind, Orientation


class NoticeKind(StrEnum):
    """The notice kinds of DOMAIN.md; the value is the template file's stem."""

    FUND_ALLOCATION = "fund_allocation"  # 资金分配公告
    PROJECT_LIBRARY_PUBLICITY = "project_library_publicity"  # 项目库公示
    PROJECT_LIBRARY_ANNOUNCEMENT = "project_library_announcement"  # 项目库公告
    ANNUAL_PLAN = "annual_plan"  # 年度计划公告
    PRE_IMPLEMENTATION = "pre_implementation"  # 实施前公示
    COMPLETION = "completion"  # 实施完成（竣工）公告
    ACCEPTANCE = "acceptance"  # 验收结果公示
    ASSET_HANDOVER = "asset_handover"  # 资产确权移交公示
    INCOME_DISTRIBUTION = "income_distribution"  # 收益分配公示
    CADRE_ASSESSMENT = "cadre_assessment"  # 驻村考核结果公示


@dataclass(frozen=True)
class TextSpec:
    """A paragraph; skipped when the field named in `when` is empty (or `unless` is not)."""

    text: str
    when: str = ""
    unless: str = ""
    indent: bool = True
    align: Align = Align.JUSTIFY
    bold: bool = False
    small: bool = False


@dataclass(frozen=True)
class TableRef:
    """Put the named table here; left out, like a paragraph, when the field named in `when` is
    empty (or `unless` is not) — so an optional list leaves no empty table behind."""

    table: str
    when: str = ""
    unless: str = ""


BlockSpec = TextSpec | TableRef


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    blocks: tuple[BlockSpec, ...]


@dataclass(frozen=True)
class TableSpec:
    """The columns of one data set; layout "list" (rows) or "record" (one form per row)."""

    name: str
    columns: tuple[Column, ...]
    layout: str = "list"
    total_label: str | None = "合计"
    caption: str = ""
    note: str = ""
    breakdown: str = ""  # per-row text joined into {<name>_breakdown}, e.g. "{level}{amount}"
    optional: frozenset[str] = frozenset()  # row keys that may be missing


@dataclass(frozen=True)
class NoticeTemplate:
    kind: str
    name: str
    title: str
    orientation: Orientation = Orientation.PORTRAIT
    unit: MoneyUnit = MoneyUnit.WAN
    subtitle: str = ""
    preamble: tuple[BlockSpec, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    closing: tuple[BlockSpec, ...] = ()
    footnote: str = ""
    tables: dict[str, TableSpec] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


def notices_dir() -> Path:
    return resources_dir() / "notices"


def load_template(kind: NoticeKind | str, directory: str | Path | None = None) -> NoticeTemplate:
    """Read the TOML template of `kind` (from resources/notices/ unless `directory` is given)."""
    try:
        kind_id = NoticeKind(kind).value
    except ValueError as exc:
        raise ValidationError(f"未知的公告类型“{kind}”。") from exc
    path = Path(directory) if directory is not None else notices_dir()
    path = path / f"{kind_id}.toml"
    if not path.is_file():
        raise ValidationError(f"找不到公告模板“{path.name}”，请检查程序安装是否完整。")
    return parse_template(path.read_text(encoding="utf-8"), source=path.name)


def parse_template(text: str, *, source: str = "公告模板") -> NoticeTemplate:
    """Parse a template from TOML text (e.g. an administrator's edited copy)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"公告模板“{source}”格式错误：{exc}") from exc
    try:
        return _template(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"公告模板“{source}”内容不完整或有误：{exc}") from exc


def _template(d: dict[str, Any]) -> NoticeTemplate:
    tables = {name: _table(name, t) for name, t in d.get("tables", {}).items()}
    tpl = NoticeTemplate(
        kind=str(d["kind"]),
        name=str(d["name"]),
        title=str(d["title"]),
        orientation=Orientation(d.get("orientation", "portrait")),
        unit=MoneyUnit(d.get("unit", MoneyUnit.WAN.value)),
        subtitle=str(d.get("subtitle", "")),
        preamble=tuple(_block(b) for b in d.get("preamble", [])),
        sections=tuple(
            SectionSpec(str(s["heading"]), tuple(_block(b) for b in s.get("blocks", [])))
            for s in d.get("sections", [])
        ),
        closing=tuple(_block(b) for b in d.get("closing", [])),
        footnote=str(d.get("footnote", "")),
        tables=tables,
        defaults={str(k): str(v) for k, v in d.get("defaults", {}).items()},
    )
    for block in _all_blocks(tpl):
        if isinstance(block, TableRef) and block.table not in tables:
            raise ValueError(f"引用了未定义的表格“{block.table}”")
    return tpl


def _all_blocks(tpl: NoticeTemplate) -> list[BlockSpec]:
    return [*tpl.preamble, *(b for s in tpl.sections for b in s.blocks), *tpl.closing]


def _block(b: Any) -> BlockSpec:
    if isinstance(b, str):
        return TextSpec(b)
    if "table" in b:
        return TableRef(
            str(b["table"]), when=str(b.get("when", "")), unless=str(b.get("unless", ""))
        )
    return TextSpec(
        text=str(b["text"]),
        when=str(b.get("when", "")),
        unless=str(b.get("unless", "")),
        indent=bool(b.get("indent", True)),
        align=Align(b.get("align", Align.JUSTIFY.value)),
        bold=bool(b.get("bold", False)),
        small=bool(b.get("small", False)),
    )


def _table(name: str, t: dict[str, Any]) -> TableSpec:
    columns = tuple(
        Column(
            title=str(c["title"]),
            key=str(c.get("key", "")),
            kind=ColumnKind(c.get("kind", ColumnKind.TEXT.value)),
            width=float(c.get("width", 1.0)),
            align=Align(c["align"]) if "align" in c else None,
            total=bool(c.get("total", False)),
        )
        for c in t["columns"]
    )
    layout = str(t.get("layout", "list"))
    if layout not in ("list", "record"):
        raise ValueError(f"表格“{name}”的 layout 只能是 list 或 record")
    total_label = t.get("total_label", "合计")
    return TableSpec(
        name=name,
        columns=columns,
        layout=layout,
        total_label=str(total_label) if total_label else None,
        caption=str(t.get("caption", "")),
        note=str(t.get("note", "")),
        breakdown=str(t.get("breakdown", "")),
        optional=frozenset(str(k) for k in t.get("optional", [])),
    )
