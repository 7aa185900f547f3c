"""Resolve town/village names written in spreadsheets against the known division list.

Copes with town and village in one cell (`固关镇上岔村`), a county prefix, village names without
村, 村委会 for 村, stray spaces, a trailing group (`三组`); an unknown name is an error that
suggests the closest known names. The caller builds a `DivisionDirectory` from its own data
(the database) or passes any callable with the same signature.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Protocol

from .normalize import Normalized, NormalizeError, closest, display, is_blank, squeeze
from .spec import DivisionLevel

_TOWN_SUFFIX = re.compile(r"(?:街道办事处|街道办|街道|办事处|镇|乡)$")
_VILLAGE_SUFFIX = re.compile(r"(?:村民委员会|居民委员会|村委会|居委会|社区|村)$")
_GROUP = re.compile(r"([一二三四五六七八九十\d]{1,3})(?:村民小组|组|队)$")


@dataclass(frozen=True, slots=True)
class Division:
    """A known town or village. `id` is whatever the caller uses (database id, code)."""

    id: Hashable
    name: str
    level: DivisionLevel
    town: str | None = None  # the parent town's name, for villages


@dataclass(frozen=True, slots=True)
class DivisionMatch:
    """A resolved cell: the division's id and names (and a group if one was written)."""

    id: Hashable
    town: str
    village: str | None = None
    group: str | None = None

    @property
    def full_name(self) -> str:
        return self.town + (self.village or "") + (self.group or "")


class DivisionResolver(Protocol):
    """What the validator calls for a division cell."""

    def __call__(
        self, raw: object, level: DivisionLevel, town: DivisionMatch | None = None
    ) -> Normalized[DivisionMatch]: ...


def _town_stem(name: str) -> str:
    return _TOWN_SUFFIX.sub("", name) or name


def _village_stem(name: str) -> str:
    return _VILLAGE_SUFFIX.sub("", name) or name


class DivisionDirectory:
    """An in-memory index of towns and villages with forgiving look-up."""

    def __init__(self, divisions: Iterable[Division], county_names: Iterable[str] = ()) -> None:
        self.towns: dict[str, Division] = {}
        self._town_forms: dict[str, Division] = {}
        self._villages: dict[str, dict[str, Division]] = {}  # town name → form → village
        self._village_forms: dict[str, list[Division]] = {}  # form → villages in any town
        self._county_prefixes = sorted(
            {squeeze(c) for c in county_names} | {_town_stem(squeeze(c)) for c in county_names},
            key=len,
            reverse=True,
        )
        villages = []
        for d in divisions:
            if d.level is DivisionLevel.TOWN:
                name = squeeze(d.name)
                self.towns[name] = d
                self._town_forms.setdefault(name, d)
                self._town_forms.setdefault(_town_stem(name), d)
            else:
                villages.append(d)
        for v in villages:
            town = squeeze(v.town or "")
            name = squeeze(v.name)
            forms = self._villages.setdefault(town, {})
            for form in dict.fromkeys((name, _village_stem(name))):
                forms.setdefault(form, v)
                bucket = self._village_forms.setdefault(form, [])
                if v not in bucket:
                    bucket.append(v)
        self._prefixes = sorted(self._town_forms, key=len, reverse=True)
        self._cache: dict[tuple[str, DivisionLevel, Hashable], Normalized[DivisionMatch]] = {}

    # --- look-ups ---------------------------------------------------------------------------

    def _town_match(self, town: Division) -> DivisionMatch:
        return DivisionMatch(town.id, town.name)

    def _village_match(self, v: Division, group: str | None) -> DivisionMatch:
        town = self.towns.get(squeeze(v.town or ""))
        return DivisionMatch(v.id, town.name if town else (v.town or ""), v.name, group)

    def _strip_county(self, text: str) -> str:
        for prefix in self._county_prefixes:
            if prefix and text.startswith(prefix) and len(text) > len(prefix):
                rest = text[len(prefix) :]
                return rest[1:] if rest[0] == "县" else rest
        return text

    def _suggest(self, text: str, town: Division | None) -> str:
        names: list[str] = []
        pool = (
            self._villages.get(squeeze(town.name), {}).values()
            if town is not None
            else [v for vs in self._village_forms.values() for v in vs]
        )
        for v in pool:
            names += [squeeze(v.name), squeeze(v.town or "") + squeeze(v.name)]
        names += list(self.towns)
        near = closest(text, names, n=3, cutoff=0.4)
        if not near:
            return ""
        return "，最接近的是：" + "、".join(f"“{n}”" for n in near)

    def resolve_town(self, raw: object) -> Normalized[DivisionMatch]:
        """A town cell → its match (`固关`, `固关镇`, `陇县固关镇` all work)."""
        text = self._strip_county(squeeze(display(raw)))
        town = self._town_forms.get(text)
        if town is not None:
            return Normalized(self._town_match(town))
        for prefix in self._prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                raise NormalizeError(
                    f"“{display(raw)}”像是乡镇加村名，本列只填乡镇", "乡镇名称，如“固关镇”"
                )
        raise NormalizeError(
            f"未找到乡镇“{display(raw)}”{self._suggest(text, None)}",
            "本县已登记的乡镇名称，如“固关镇”",
        )

    def resolve_village(
        self, raw: object, town: DivisionMatch | None = None
    ) -> Normalized[DivisionMatch]:
        """A village cell, optionally with the row's town → its match."""
        expected = "本县已登记的村（社区）名称，如“上岔村”或“固关镇上岔村”"
        text = self._strip_county(squeeze(display(raw)))
        group = None
        if (m := _GROUP.search(text)) and m.start() > 0:
            rest = text[: m.start()]
            if rest in self._village_forms or _village_stem(rest) in self._village_forms:
                group, text = m.group(0), rest
        written_town: Division | None = None
        for prefix in self._prefixes:
            if text.startswith(prefix) and len(text) > len(prefix):
                candidate = text[len(prefix) :]
                t = self._town_forms[prefix]
                known = self._villages.get(squeeze(t.name), {})
                # a bare stem (“东风”) only splits when a village of that town follows, so a
                # village called 东风村 is not read as 东风镇 + “村”
                if prefix in self.towns or candidate in known or _village_stem(candidate) in known:
                    written_town, text = t, candidate
                    break
        row_town = self.towns.get(squeeze(town.town)) if town is not None else None
        if written_town and row_town and written_town is not row_town:
            raise NormalizeError(
                f"“{display(raw)}”中的乡镇与本行乡镇“{row_town.name}”不一致", expected
            )
        scope = written_town or row_town
        forms = (text, _village_stem(text))
        if scope is not None:
            villages = self._villages.get(squeeze(scope.name), {})
            for form in forms:
                if form in villages:
                    return Normalized(self._village_match(villages[form], group))
            elsewhere = [v for f in forms for v in self._village_forms.get(f, [])]
            if elsewhere:
                other = elsewhere[0]
                raise NormalizeError(
                    f"“{scope.name}”下没有“{display(raw)}”（{other.town}有“{other.name}”）",
                    expected,
                )
            raise NormalizeError(
                f"“{scope.name}”下未找到村“{text}”{self._suggest(text, scope)}", expected
            )
        for form in forms:
            found = self._village_forms.get(form, [])
            if len(found) == 1:
                return Normalized(self._village_match(found[0], group))
            if len(found) > 1:
                towns = "、".join(v.town or "" for v in found)
                raise NormalizeError(
                    f"“{display(raw)}”在{towns}都有同名村，无法确定是哪一个",
                    "乡镇加村名，如“" + (found[0].town or "") + found[0].name + "”",
                )
        raise NormalizeError(f"未找到村“{display(raw)}”{self._suggest(text, None)}", expected)

    def __call__(
        self, raw: object, level: DivisionLevel, town: DivisionMatch | None = None
    ) -> Normalized[DivisionMatch]:
        if is_blank(raw):
            return Normalized(None)
        key = (display(raw), level, town.id if town is not None else None)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if level is DivisionLevel.TOWN:
            out = self.resolve_town(raw)
        else:
            out = self.resolve_village(raw, town)
        if len(self._cache) < 100_000:  # errors raise and are never cached
            self._cache[key] = out
        return out
