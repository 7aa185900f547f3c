"""Fixtures of the project library's service tests."""

from __future__ import annotations

import pytest

from fpr_desktop.divisions import services as div
from fpr_desktop.projects.categories import category_by_path


@pytest.fixture
def place(database, admin):  # type: ignore[no-untyped-def]
    with database.transaction(admin.audit()) as s:
        town = div.town_by_name(s, "固关镇")
        village = next(d for d in div.list_divisions(s, admin) if d.name == "上岔村")
        category = category_by_path(s, "产业发展/种植")
    return town, village, category
