"""Chinese line breaking (标点禁则) for reportlab's CJK word wrap.

reportlab cuts CJK text "like a knife" and its no-line-start list is Japanese-centred: a
full-width comma could open a line, an opening quote could end one, and 161.50 could be cut
in two. `install()` replaces the splitter used for one-font paragraphs (all of ours) and
extends the no-line-start list used for mixed-font paragraphs. Both are module-level names
reportlab looks up at call time.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import textsplit
from reportlab.platypus import paragraph
from reportlab.rl_config import _FUZZ

CANNOT_START = "，。、；：！？）》〉」』】〕”’％·!),.:;?]}%"
CANNOT_END = "（《〈「『【〔“‘([{"
_WORD = frozenset("0123456789.,%-+/_:#")


def _is_word(ch: str) -> bool:
    """ASCII letters, digits and number punctuation stay together (C25, 161.50, 2021-07)."""
    return ch in _WORD or (ch.isascii() and ch.isalpha())


def chinese_split(
    word: str, widths: Sequence[float], max_widths: float | Sequence[float]
) -> list[list[object]]:
    """Lines as [extra_space, text] (reportlab's dumbSplit contract), obeying 标点禁则."""
    limits: list[float] = (
        [float(w) for w in max_widths] if isinstance(max_widths, Sequence) else [float(max_widths)]
    )
    lines: list[list[object]] = []
    n = len(word)
    start = 0
    while start < n:
        limit = limits[min(len(lines), len(limits) - 1)]
        used = 0.0
        end = start
        while end < n and used + widths[end] <= limit + _FUZZ:
            used += widths[end]
            end += 1
        if end >= n:
            lines.append([limit - used, word[start:]])
            break
        end = _break_point(word, start, end)
        lines.append([limit - sum(widths[start:end]), word[start:end]])
        start = end
        while start < n and word[start] == " ":
            start += 1
    return lines


def _break_point(word: str, start: int, end: int) -> int:
    """Where to end a line that would overflow at `end` (index of the first char not fitting)."""
    if end <= start:
        return start + 1  # a single over-wide character: place it anyway
    if _is_word(word[end]) and _is_word(word[end - 1]):
        j = end - 1
        while j > start and _is_word(word[j - 1]):
            j -= 1
        if j > start:
            return _not_after_opening(word, start, j)
    if word[end] in CANNOT_START and (end + 1 >= len(word) or word[end + 1] not in CANNOT_START):
        return end + 1  # hang one punctuation mark in the margin, as typesetters do
    while end > start + 1 and word[end] in CANNOT_START:
        end -= 1  # push the last character down with the punctuation
    return _not_after_opening(word, start, end)


def _not_after_opening(word: str, start: int, end: int) -> int:
    while end - 1 > start and word[end - 1] in CANNOT_END:
        end -= 1
    return end


def install() -> None:
    """Install the Chinese rules once per process (idempotent)."""
    textsplit.dumbSplit = chinese_split
    current: str = paragraph.ALL_CANNOT_START
    missing = "".join(ch for ch in CANNOT_START if ch not in current)
    if missing:
        paragraph.ALL_CANNOT_START = current + missing
