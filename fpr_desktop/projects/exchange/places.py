"""Where a project is, as real lists write it: one village, a town alone (a town-wide project),
or several villages of one town in one cell — `临城镇(北驾廻村、陈家崇村)`, `北驾廻村、陈家崇村`.

Wraps the division look-up; every name must still be known (an unknown one is an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fpr_desktop.exchange import (
    DivisionDirectory,
    DivisionLevel,
    DivisionMatch,
    Normalized,
    NormalizeError,
)
from fpr_desktop.exchange.normalize import display, is_blank, squeeze

_SEPARATORS = re.compile(r"[、,，;；/／\s]+|及|和")
_BRACKETED = re.compile(r"^(?P<town>[^(（\[【]*)[(（\[【](?P<inner>[^)）\]】]+)[)）\]】]$")
_TRAILING_COUNT = re.compile(r"(?:等)?(?:\d+|[一二三四五六七八九十]+)个?(?:村|社区)$")


@dataclass(frozen=True, slots=True)
class PlaceMatch(DivisionMatch):
    """A village cell naming several villages (`others`), or only a town (`village` None)."""

    others: tuple[DivisionMatch, ...] = ()


def _parts(text: str) -> tuple[str, list[str]]:
    """(town text or "", village texts) of a squeezed cell."""
    m = _BRACKETED.match(text)
    town, inner = (m.group("town"), m.group("inner")) if m else ("", text)
    inner = _TRAILING_COUNT.sub("", inner)
    return town, [p for p in _SEPARATORS.split(inner) if p]


class PlacesResolver:
    """A DivisionResolver that reads several villages (or a lone town) in a village cell."""

    def __init__(self, directory: DivisionDirectory) -> None:
        self.directory = directory

    def __call__(
        self, raw: object, level: DivisionLevel, town: DivisionMatch | None = None
    ) -> Normalized[DivisionMatch]:
        if level is DivisionLevel.TOWN or is_blank(raw):
            return self.directory(raw, level, town)
        text = squeeze(display(raw))
        town_text, parts = _parts(text)
        if not town_text and len(parts) == 1:
            try:
                return self.directory(raw, level, town)
            except NormalizeError:
                lone = self._lone_town(text, town)
                if lone is None:
                    raise
                return Normalized(lone)
        row_town = town
        if town_text:
            written = self.directory.resolve_town(town_text).value
            assert written is not None
            if town is not None and written.id != town.id:
                raise NormalizeError(
                    f"“{display(raw)}”中的乡镇与本行乡镇“{town.town}”不一致",
                    "本行乡镇下的村，多个村用顿号隔开",
                )
            row_town = written
            if not parts:
                return Normalized(PlaceMatch(written.id, written.town))
        matches: list[DivisionMatch] = []
        for part in parts:
            found = self.directory.resolve_village(part, row_town).value
            assert found is not None
            if row_town is None:
                row_town = DivisionMatch(self._town_id(found.town), found.town)
            if all(m.id != found.id for m in matches):
                matches.append(found)
        first = matches[0]
        return Normalized(
            PlaceMatch(first.id, first.town, first.village, first.group, tuple(matches[1:]))
        )

    def _lone_town(self, text: str, town: DivisionMatch | None) -> PlaceMatch | None:
        try:
            found = self.directory.resolve_town(text).value
        except NormalizeError:
            return None
        assert found is not None
        if town is not None and found.id != town.id:
            return None
        return PlaceMatch(found.id, found.town)

    def _town_id(self, name: str) -> object:
        return self.directory.towns[squeeze(name)].id


def town_of(directory: DivisionDirectory, match: DivisionMatch) -> DivisionMatch:
    """The town a (village or town-only) match belongs to."""
    if isinstance(match, PlaceMatch) and match.village is None:
        return DivisionMatch(match.id, match.town)
    return DivisionMatch(directory.towns[squeeze(match.town)].id, match.town)


def villages_of(match: DivisionMatch | None) -> list[DivisionMatch]:
    """The villages a village cell names (none for a town-wide project)."""
    if match is None or (isinstance(match, PlaceMatch) and match.village is None):
        return []
    return [match, *(match.others if isinstance(match, PlaceMatch) else ())]
