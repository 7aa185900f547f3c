"""The one town/village look-up: strict by default, tolerant of what people type when asked."""

from __future__ import annotations

import pytest

from fpr_desktop.base.errors import NotFound
from fpr_desktop.db.engine import Database
from fpr_desktop.divisions.services import town_by_name, village_by_name


def test_strict_wants_the_registered_name(database: Database) -> None:
    with database.read() as s:
        assert town_by_name(s, "固关镇").name == "固关镇"
        with pytest.raises(NotFound):
            town_by_name(s, "固关")
        with pytest.raises(NotFound):
            village_by_name(s, "上岔")


def test_tolerant_reads_short_and_long_forms(database: Database) -> None:
    with database.read() as s:
        town = town_by_name(s, "固关镇")
        for typed in ("固关", " 固关镇 ", "陇县固关镇"):
            assert town_by_name(s, typed, tolerant=True).id == town.id
        village = village_by_name(s, "上岔村", town_id=town.id)
        assert village_by_name(s, "上岔", town_id=town.id, tolerant=True).id == village.id
        assert village_by_name(s, "固关镇上岔村", tolerant=True).id == village.id
        with pytest.raises(NotFound, match="没有名为“无此镇”的镇"):
            town_by_name(s, "无此镇", tolerant=True)
