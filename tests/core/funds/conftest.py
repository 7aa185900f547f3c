"""Fund ledger fixtures: a finance clerk, a planned 2021 project and an allocation document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from funds_support import add_document, make_project


@pytest.fixture
def finance(user_factory):  # type: ignore[no-untyped-def]
    return user_factory("caizheng", "finance")


@pytest.fixture
def project(database, admin) -> int:  # type: ignore[no-untyped-def]
    return make_project(
        database, admin, "上岔村核桃提质增效项目", "固关镇", "上岔村", contract=Decimal("400000.00")
    )


@pytest.fixture
def document(database, admin) -> int:  # type: ignore[no-untyped-def]
    return add_document(database, admin)
