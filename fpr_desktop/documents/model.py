"""Declarative description of a document (notice, ledger, letter): plain data, no reportlab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from fpr_desktop.base.money import MoneyUnit

NATIONAL_HOTLINE = "12317"


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


class ColumnKind(StrEnum):
    TEXT = "text"
    INDEX = "index"  # 序号: 1, 2, 3 … filled in by the table builder
    AMOUNT = "amount"  # Decimal 元, shown in the table's unit with its decimals
    NUMBER = "number"  # a quantity (int or Decimal), shown as written
    DATE = "date"  # date, shown as 2021年7月22日


@dataclass(frozen=True)
class Column:
    """One table column. `title` may contain {unit} (万元 / 元); `width` is relative."""

    title: str
    key: str = ""
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 1.0
    align: Align | None = None  # None: amounts/numbers right, index/dates centre, text left
    total: bool = False  # summed in the 合计 row

    @property
    def alignment(self) -> Align:
        if self.align is not None:
            return self.align
        if self.kind in (ColumnKind.AMOUNT, ColumnKind.NUMBER):
            return Align.RIGHT
        if self.kind in (ColumnKind.INDEX, ColumnKind.DATE):
            return Align.CENTER
        return Align.LEFT


@dataclass
class Text:
    """A body paragraph; by default the first line is indented two characters."""

    text: str
    indent: bool = True
    align: Align = Align.JUSTIFY
    bold: bool = False
    small: bool = False


@dataclass
class Table:
    """A table of rows (mappings or objects) under `columns`, optionally with a 合计 row."""

    columns: Sequence[Column]
    rows: Sequence[Any]
    unit: MoneyUnit = MoneyUnit.WAN
    decimals: int = 2
    total_label: str | None = "合计"  # None: no total row
    caption: str = ""  # a line above the table, e.g. 单位：万元
    note: str = ""  # a small line under the table, e.g. 注：……


@dataclass
class Record:
    """One record shown as a two-column form (项目 | 内容), e.g. a single project's details."""

    fields: Sequence[Column]
    record: Any
    unit: MoneyUnit = MoneyUnit.WAN
    decimals: int = 2
    label_title: str = ""  # a header row is drawn only if both titles are given
    value_title: str = ""


Block = Text | Table | Record


@dataclass
class Section:
    """A numbered section (一、二、三、…); the numeral is added when the PDF is built."""

    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Window:
    """The publicity period (公示期) from `start` to `end`, both inclusive."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Complaint:
    """Where objections go during the publicity period."""

    unit: str = ""
    address: str = ""
    phone: str = ""
    hotline: str = NATIONAL_HOTLINE
    phone_unit: str = ""  # whose phone `phone` is, when not `unit` (e.g. the town government)
    #: further (unit, phone) channels, e.g. the county bureau under a village notice
    others: tuple[tuple[str, str], ...] = ()

    def missing(self) -> list[str]:
        """What a notice cannot be registered without: 受理单位, 地址, 本级监督电话."""
        named = (
            ("受理投诉单位", self.unit),
            ("受理投诉地址", self.address),
            ("监督电话", self.phone),
        )
        return [label for label, value in named if not value.strip()]

    def phones(self) -> str:
        """陇县固关镇人民政府 0917-4651001，…，全国防止返贫监测和乡村振兴咨询服务平台 12317."""
        lines = [(self.phone_unit or self.unit, self.phone), *self.others]
        parts = [f"{u} {p}" for u, p in lines if u.strip() and p.strip()]
        if self.hotline.strip():
            parts.append(f"全国防止返贫监测和乡村振兴咨询服务平台 {self.hotline}")
        return "；".join(parts)


@dataclass
class Document:
    """Everything a document says; `build_pdf` turns it into an A4 PDF."""

    title: str
    subtitle: str = ""  # a centred line under the title (document number, period …)
    orientation: Orientation = Orientation.PORTRAIT
    preamble: list[Block] = field(default_factory=list)  # before the numbered sections
    sections: list[Section] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)  # after the sections
    issuers: list[str] = field(default_factory=list)  # 落款单位, one per line
    date: date | None = None  # 成文日期, printed as 2021年7月22日
    footnote: str = ""
    seal_space: bool = True  # leave room above the signature for the official seal
    window: Window | None = None  # kept with the document for the notice register
    complaint: Complaint | None = None
    kind: str = ""  # notice kind id, if the document is a notice
