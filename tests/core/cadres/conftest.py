"""Cadres service tests share one small county of teams (see helpers.cadre_teams)."""

import pytest
from helpers.cadre_teams import Teams, make_teams


@pytest.fixture
def teams(database, admin) -> Teams:  # type: ignore[no-untyped-def]
    return make_teams(database, admin)
