"""Recognise rows that are not data: 合计/小计 rows, section headings (一、 (一) 1、), footers
(备注, 填表人 …), repeated header rows and column-number rows (栏次 1 2 3 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .normalize import squeeze
from .problems import SkipKind
from .variants import fold_traditional

# “合计”, “合 计”, “本页小计”, “固关镇小计”, “一、产业发展类合计：”: a short label ending so.
_SUMMARY = re.compile(
    r"^(?:总合计|合计|小计|总计|共计)(?:[:：(\d]|$)|^.{0,15}(?:合计|小计|总计|共计)[:：]?$"
)
_SUB_BREAKDOWN = re.compile(r"^其中[:：]?")
_CN_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+[、.．:：]"
    r"|[(（][一二三四五六七八九十百]+[)）]"
    r"|第[一二三四五六七八九十百]+[部分类章节项个批]"
    r"|[一二三四五六七八九十]+$)"
)
_NUM_SECTION = re.compile(r"^(?:\d{1,3}[、.．]\D|[(（]\d{1,3}[)）]|[①-⑳])")
_FOOTER = re.compile(
    r"^(?:备注|附注|注[:：]|注\d|说明[:：]|说明$|填表说明|填表人|填报人|制表人|制表[:：]|审核人"
    r"|审核[:：]|负责人|单位负责人|主要负责人|分管领导|联系人|联系电话|电话[:：]|填表日期|填报日期"
    r"|报送日期|制表日期|日期[:：]|填报单位[:：].*(?:填表|日期|负责)|盖章|\(盖章\)|单位[(（]?盖章)"
)
_COLUMN_NUMBERS = re.compile(r"^(?:\d{1,3}|[甲乙丙丁戊己庚辛壬癸])(?:=.*)?$")
_MAX_LABEL = 30  # a summary/section label is short; a long text is a project description


def first_texts(cells: Sequence[object], n: int = 3) -> list[str]:
    """The first `n` non-blank cells of a row as squeezed text (numbers included)."""
    out: list[str] = []
    for value in cells:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            text = fold_traditional(squeeze(value))
            if not text:
                continue
        elif isinstance(value, float) and value == int(value):
            text = str(int(value))
        else:
            text = str(value)
        out.append(text)
        if len(out) == n:
            break
    return out


def is_column_number_row(cells: Sequence[object]) -> bool:
    """A row under the header that only numbers the columns: 1 2 3 … or 甲 乙 1 2 …."""
    texts = first_texts(cells, n=len(cells))
    if len(texts) < 3:
        return False
    if not all(_COLUMN_NUMBERS.match(t) for t in texts):
        return False
    digits = [int(t) for t in texts if t.isdigit()]
    consecutive = all(b == a + 1 for a, b in pairwise(digits))
    return len(digits) >= 3 and consecutive and len(texts) * 2 >= len(cells)


def classify(
    cells: Sequence[object],
    *,
    filled_required: int,
    required_total: int,
    in_footer: bool = False,
    before_data: bool = False,
) -> tuple[SkipKind, str] | None:
    """Why this non-blank row is not data, or None if it is (or may be) data.

    `filled_required` / `required_total` count the mapped required columns that hold a value:
    a numbered heading such as “1、种植业” is only a heading when the data columns are empty.
    """
    texts = first_texts(cells)
    if not texts:
        return SkipKind.BLANK, ""
    head = texts[0]
    mostly_empty = filled_required * 2 < required_total
    if _FOOTER.match(head):
        return SkipKind.FOOTER, head[:_MAX_LABEL]
    if in_footer and mostly_empty:
        return SkipKind.FOOTER, head[:_MAX_LABEL]
    for text in texts:
        if _SUMMARY.search(text):
            return SkipKind.SUMMARY, text
    if _SUB_BREAKDOWN.match(head) and len(head) <= _MAX_LABEL:
        return SkipKind.SUMMARY, head
    if _CN_SECTION.match(head) and len(head) <= _MAX_LABEL * 2:
        return SkipKind.SECTION, head[:_MAX_LABEL]
    if mostly_empty and _NUM_SECTION.match(head):
        return SkipKind.SECTION, head[:_MAX_LABEL]
    if before_data and is_column_number_row(cells):
        return SkipKind.HEADER, "栏次"
    return None
