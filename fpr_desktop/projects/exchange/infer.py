"""What an import may fill in when a list leaves it out — and says it did: the year (option,
title line, file name), 建设性质 (新建), 总投资 (= the fiscal amount), the category (keyword
table, data in resources/reference/category_keywords.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from fpr_desktop.base.reference import reference
from fpr_desktop.exchange.normalize import squeeze

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?:\s*年)?(?!\d)")
_YEAR_IN_TITLE = re.compile(r"(?<!\d)(20\d{2})\s*年")
DEFAULT_CONSTRUCTION = "新建"


@dataclass(frozen=True)
class YearHint:
    """The year rows without a 年度 take, and where it came from (for the summary)."""

    year: int
    source: str  # 导入选项 / 标题“…” / 文件名“…”

    def note(self) -> str:
        return f"年度按{self.source}取 {self.year} 年"


def year_hint(option: int | None, titles: Iterable[str], file_name: str) -> YearHint | None:
    """The year for rows that give none: the option, else a title line, else the file name."""
    if option is not None:
        return YearHint(option, "导入时指定的年度")
    for title in titles:
        m = _YEAR_IN_TITLE.search(squeeze(title))
        if m and 2000 <= int(m.group(1)) <= 2100:
            return YearHint(int(m.group(1)), f"标题“{title.strip()[:40]}”")
    found = {int(y) for y in _YEAR.findall(file_name) if 2000 <= int(y) <= 2100}
    if len(found) == 1:
        return YearHint(found.pop(), f"文件名“{file_name}”")
    return None


@cache
def keyword_table() -> tuple[tuple[str, str], ...]:
    """(keyword, category label), longest keyword first."""
    pairs = [
        (squeeze(word), label)
        for label, words in reference("category_keywords")["keywords"].items()
        for word in words
    ]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def suggest_category(name: str, content: str, labels: Iterable[str]) -> tuple[str, str] | None:
    """(category label, keyword) suggested by the name, else by the content; None if nothing.

    Only labels that exist in this database are suggested (the tree is editable).
    """
    known = set(labels)
    for text in (squeeze(name), squeeze(content)):
        if not text:
            continue
        best: tuple[int, str, str] | None = None  # (position, keyword, label)
        for word, label in keyword_table():
            if label not in known:
                continue
            at = text.find(word)
            if at >= 0 and (best is None or len(word) > len(best[1])):
                best = (at, word, label)
        if best is not None:
            return best[2], best[1]
    return None
