"""Build a notice Document from its kind's template, plain data rows and the notice parameters."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.money import MoneyUnit, format_amount
from fpr_desktop.documents.cells import cell_text, column_totals
from fpr_desktop.documents.model import (
    Block,
    ColumnKind,
    Complaint,
    Document,
    Record,
    Section,
    Table,
    Text,
    Window,
)
from fpr_desktop.documents.notice_templates import (
    BlockSpec,
    NoticeKind,
    NoticeTemplate,
    TableSpec,
    TextSpec,
    load_template,
)
from fpr_desktop.documents.textfmt import cn_date, field_value, plain_text

MAX_DECIMALS = 6


@dataclass(frozen=True)
class NoticeParams:
    """What every notice needs besides its data: period, complaint channels, issuer, date."""

    window: Window | None = None
    complaint: Complaint = field(default_factory=Complaint)
    issuers: Sequence[str] = ()
    date: date | None = None
    decimals: int = 2
    unit: MoneyUnit | None = None  # None: the kind's default (万元, or 元 for 收益分配)
    subtitle: str | None = None  # None: the template's (e.g. a document number line)
    footnote: str | None = None


def make_notice(
    kind: NoticeKind | str | NoticeTemplate,
    rows: Sequence[Any],
    params: NoticeParams,
    *,
    fields: Mapping[str, Any] | None = None,
    tables: Mapping[str, Sequence[Any]] | None = None,
) -> Document:
    """The Document for one notice, ready for build_pdf.

    `rows` feed the template's table "rows"; other tables (e.g. "sources" of a fund allocation)
    come in `tables`. Rows are mappings or plain objects; amounts are Decimal 元. `fields` fill
    the template's own placeholders ({year}, {fund_name}, …); Decimal fields are amounts.
    """
    tpl = kind if isinstance(kind, NoticeTemplate) else load_template(kind)
    if not 0 <= params.decimals <= MAX_DECIMALS:
        raise ValidationError(f"小数位数应在 0 到 {MAX_DECIMALS} 之间，当前为 {params.decimals}。")
    unit = params.unit or tpl.unit
    data: dict[str, Sequence[Any]] = {"rows": rows, **(tables or {})}
    for name, spec in tpl.tables.items():
        _check_rows(tpl, spec, data.get(name, ()))
    values = _namespace(tpl, data, params, unit, fields or {})
    fmt = _Formatter(tpl, values)

    def blocks(specs: Sequence[BlockSpec]) -> list[Block]:
        out: list[Block] = []
        for spec in specs:
            if (spec.when and not values.get(spec.when)) or (
                spec.unless and values.get(spec.unless)
            ):
                continue
            if isinstance(spec, TextSpec):
                out.append(
                    Text(
                        fmt(spec.text),
                        indent=spec.indent,
                        align=spec.align,
                        bold=spec.bold,
                        small=spec.small,
                    )
                )
            else:
                out.extend(_table_blocks(tpl.tables[spec.table], data, unit, params, fmt))
        return out

    return Document(
        title=fmt(tpl.title),
        subtitle=params.subtitle if params.subtitle is not None else fmt(tpl.subtitle),
        orientation=tpl.orientation,
        preamble=blocks(tpl.preamble),
        sections=[Section(fmt(s.heading), blocks(s.blocks)) for s in tpl.sections],
        closing=blocks(tpl.closing),
        issuers=[i for i in params.issuers if i.strip()],
        date=params.date,
        footnote=params.footnote if params.footnote is not None else fmt(tpl.footnote),
        window=params.window,
        complaint=params.complaint,
        kind=tpl.kind,
    )


def _table_blocks(
    spec: TableSpec,
    data: Mapping[str, Sequence[Any]],
    unit: MoneyUnit,
    params: NoticeParams,
    fmt: _Formatter,
) -> list[Block]:
    rows = data.get(spec.name, ())
    if spec.layout == "record":
        return [
            Record(fields=spec.columns, record=r, unit=unit, decimals=params.decimals) for r in rows
        ]
    return [
        Table(
            columns=spec.columns,
            rows=rows,
            unit=unit,
            decimals=params.decimals,
            total_label=spec.total_label,
            caption=fmt(spec.caption),
            note=fmt(spec.note),
        )
    ]


def _check_rows(tpl: NoticeTemplate, spec: TableSpec, rows: Sequence[Any]) -> None:
    """Every row must carry every non-optional column: a typo in a key fails loudly."""
    problems = []
    for n, row in enumerate(rows, start=1):
        for col in spec.columns:
            if col.kind == ColumnKind.INDEX or not col.key or col.key in spec.optional:
                continue
            has = col.key in row if isinstance(row, Mapping) else hasattr(row, col.key)
            if not has:
                problems.append(f"第 {n} 行缺少“{col.title.format(unit='')}”（{col.key}）")
            if isinstance(field_value(row, col.key), float):
                problems.append(f"第 {n} 行“{col.key}”是浮点数，金额和数量请用 Decimal")
        if len(problems) >= 5:
            break
    if problems:
        raise ValidationError(f"{tpl.name}的数据不完整：" + "；".join(problems[:5]) + "。")


def _text(value: Any, unit: MoneyUnit, decimals: int) -> str:
    """A value inside running text: amounts without thousands separators (2193.46万元)."""
    if isinstance(value, Decimal):
        return format_amount(value, unit, decimals, grouping=False)
    if isinstance(value, datetime | date):
        return cn_date(value)
    return plain_text(value)


def _namespace(
    tpl: NoticeTemplate,
    data: Mapping[str, Sequence[Any]],
    params: NoticeParams,
    unit: MoneyUnit,
    fields: Mapping[str, Any],
) -> dict[str, str]:
    """All placeholder values as text: parameters, table figures, defaults, caller's fields."""
    c = params.complaint
    w = params.window
    values: dict[str, str] = {
        "unit": unit.value,
        "window_start": cn_date(w.start) if w else "",
        "window_end": cn_date(w.end) if w else "",
        "window_days": str(w.days) if w else "",
        "complaint_unit": c.unit,
        "complaint_address": c.address,
        "phone": c.phone,
        "hotline": c.hotline,
        "phones": c.phones(),
        "issuer": "、".join(i for i in params.issuers if i.strip()),
        "date": cn_date(params.date),
    }
    for name, spec in tpl.tables.items():
        rows = data.get(name, ())
        values[f"{name}_count"] = str(len(rows))
        table = Table(spec.columns, rows, unit=unit, decimals=params.decimals)
        for i, total in column_totals(table).items():
            col = spec.columns[i]
            text = (
                _text(total, unit, params.decimals)
                if col.kind == ColumnKind.AMOUNT
                else (plain_text(total))
            )  # the totals are read in prose: no thousands separators
            values.setdefault(f"{name}_total", text)
            values[f"{name}_total_{col.key}"] = text
        if spec.breakdown:
            values[f"{name}_breakdown"] = "，".join(
                _row_text(spec, r, unit, params.decimals) for r in rows
            )
        if spec.layout == "record" and rows:
            for col in spec.columns:
                if col.key:
                    values.setdefault(
                        col.key,
                        cell_text(col, field_value(rows[0], col.key), unit, params.decimals),
                    )
    for key, value in fields.items():
        values[key] = _text(value, unit, params.decimals)
    # Defaults may use other placeholders (e.g. {year}); the caller's fields win over them.
    pending = {k: v for k, v in tpl.defaults.items() if k not in fields}
    for key, text in pending.items():
        values[key] = _Formatter(tpl, {**values, **pending})(text)
    return values


def _row_text(spec: TableSpec, row: Any, unit: MoneyUnit, decimals: int) -> str:
    cells = {c.key: cell_text(c, field_value(row, c.key), unit, decimals) for c in spec.columns}
    return _Formatter(None, {**cells, "unit": unit.value})(spec.breakdown)


class _Formatter:
    """str.format over the namespace; an unknown placeholder is a clear Chinese error."""

    def __init__(self, tpl: NoticeTemplate | None, values: Mapping[str, str]) -> None:
        self.tpl = tpl
        self.values = values

    def __call__(self, text: str) -> str:
        missing = [
            name
            for _, name, _, _ in string.Formatter().parse(text)
            if name is not None and name not in self.values
        ]
        if missing:
            where = f"公告模板“{self.tpl.name}”" if self.tpl else "公告模板"
            raise ValidationError(f"{where}需要以下内容但未提供：{'、'.join(missing)}。")
        return text.format_map(self.values)
