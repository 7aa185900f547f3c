"""Setting up the county: units derived from its name, the divisions replaced for another county
(then imported from a flat list), and the refusal once the database has projects."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.divisions.county import CountySetup, county_state, derived_units, set_up_county
from fpr_desktop.projects.proposals import ProjectInput, create_project
from fpr_desktop.submissions.importer import run_import


def test_units_are_derived_from_the_county_name() -> None:
    assert derived_units("陇县") == {
        "finance_unit": "陇县财政局",
        "rural_unit": "陇县乡村振兴局",
        "organisation_unit": "中共陇县县委组织部",
    }
    assert derived_units("临城县")["organisation_unit"] == "中共临城县委组织部"
    assert derived_units("渭滨区")["organisation_unit"] == "中共渭滨区委组织部"


def test_another_county_starts_empty_and_takes_its_towns_from_a_list(
    database, admin, tmp_path: Path
) -> None:
    with database.transaction(admin.audit()) as s:
        state = set_up_county(
            s, admin, CountySetup("临城县", "130522", rural_unit="临城县农业农村局"), "import"
        )
    assert (state.towns, state.villages) == (0, 0)
    with database.read() as s:
        assert get_value(s, "org.county_name") == "临城县"
        assert get_value(s, "org.finance_unit") == "临城县财政局"  # derived
        assert get_value(s, "org.rural_unit") == "临城县农业农村局"  # as edited
        assert get_value(s, "publicity.complaint_unit") == "临城县农业农村局"
        county = s.scalars(select(Division).where(Division.level == "county")).one()
        assert (county.name, county.code) == ("临城县", "130522")
    wb = Workbook()
    for row in (
        ["县", "乡镇", "村"],
        ["临城县", "临城镇", "北驾廻村"],
        ["临城县", "临城镇", "陈家崇村"],
    ):
        wb.active.append(row)
    wb.save(tmp_path / "临城县区划.xlsx")
    out = run_import(database, admin, tmp_path / "临城县区划.xlsx", "divisions")
    assert out.ok and out.created == 3, out.lines()
    with database.read() as s:
        assert (county_state(s).towns, county_state(s).villages) == (1, 2)


def test_back_to_the_bundled_county(database, admin) -> None:
    with database.transaction(admin.audit()) as s:
        set_up_county(s, admin, CountySetup("临城县"), "import")
    with database.transaction(admin.audit()) as s:
        state = set_up_county(s, admin, CountySetup("陇县"), "bundled")
    assert (state.towns, state.villages) == (10, 12)  # the bundled list
    with pytest.raises(ValidationError, match="只有陇县"), database.transaction(admin.audit()) as s:
        set_up_county(s, admin, CountySetup("临城县"), "bundled")


def test_switching_county_with_projects_is_refused(database, admin) -> None:
    with database.transaction(admin.audit()) as s:
        town = s.scalars(select(Division).where(Division.name == "固关镇")).one()
        create_project(
            s,
            admin,
            ProjectInput("核桃园", 2025, None, "新建", town.id, None, "", Decimal(1), Decimal(1)),
        )
    with database.read() as s:
        towns = s.scalar(select(func.count()).where(Division.level == "town"))
    refused = pytest.raises(ValidationError, match="已有 1 个项目")
    with refused, database.transaction(admin.audit()) as s:
        set_up_county(s, admin, CountySetup("临城县"), "import")
    with database.read() as s:
        assert s.scalar(select(func.count()).where(Division.level == "town")) == towns
        assert get_value(s, "org.county_name") == "陇县"
    with database.transaction(admin.audit()) as s:  # the code and the units may still change
        state = set_up_county(s, admin, CountySetup("陇县", "610327", finance_unit="陇县财政所"))
    assert state.setup.code == "610327" and state.setup.finance_unit == "陇县财政所"
