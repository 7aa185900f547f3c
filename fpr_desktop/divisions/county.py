"""Which county this database serves: its name and code, the units' names derived from it
(editable), and its divisions — the bundled 陇县 list, or none yet (to be imported).

Switching to another county replaces the divisions and is refused once the database holds
projects (or anything else that points at a town or village).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division, Setting
from fpr_desktop.base.models.orm import Base
from fpr_desktop.base.permissions import require
from fpr_desktop.base.registry import load_models
from fpr_desktop.base.settings import get_value, set_value
from fpr_desktop.divisions.services import seed_default_county

BUNDLED_COUNTY = "陇县"
UNIT_SETTINGS = {
    "finance_unit": "org.finance_unit",
    "rural_unit": "org.rural_unit",
    "organisation_unit": "org.organisation_unit",
}
Divisions = Literal["keep", "bundled", "import"]


@dataclass(frozen=True)
class CountySetup:
    """What the first administrator (or 系统管理) says about the county."""

    name: str
    code: str = ""
    finance_unit: str = ""
    rural_unit: str = ""
    organisation_unit: str = ""


@dataclass(frozen=True)
class CountyState:
    setup: CountySetup
    towns: int
    villages: int
    projects: int

    @property
    def can_switch(self) -> bool:
        return self.projects == 0


def derived_units(name: str) -> dict[str, str]:
    """The usual unit names of a county (“陇县” → 陇县财政局 …); the user may edit them."""
    name = name.strip()
    stem = name.removesuffix("县").removesuffix("区").removesuffix("市")
    level = name[len(stem) :] or "县"
    party = name if len(stem) == 1 else stem  # 陇县 → 中共陇县县委, 临城县 → 中共临城县委
    return {
        "finance_unit": f"{name}财政局",
        "rural_unit": f"{name}乡村振兴局",
        "organisation_unit": f"中共{party}{level}委组织部",
    }


def _projects(session: Session) -> int:
    # The library's table by name: divisions sit below the projects module and do not import it.
    load_models()  # the registered modules' tables are mapped when first used
    project = Base.metadata.tables.get("project")
    if project is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(project)) or 0)


def county_state(session: Session) -> CountyState:
    """The county as set now, with how many towns, villages and projects it has."""
    county = session.scalar(select(Division).where(Division.level == "county"))
    counts = dict(
        session.execute(select(Division.level, func.count()).group_by(Division.level)).all()
    )
    setup = CountySetup(
        str(get_value(session, "org.county_name")),
        (county.code or "") if county else "",
        **{k: str(get_value(session, key)) for k, key in UNIT_SETTINGS.items()},
    )
    return CountyState(setup, counts.get("town", 0), counts.get("village", 0), _projects(session))


def set_up_county(
    session: Session, actor: Actor, setup: CountySetup, divisions: Divisions = "keep"
) -> CountyState:
    """Set the county. A new name replaces the divisions: with the bundled 陇县 list
    (`bundled`, only for 陇县) or with none (`import`: the towns come from a list afterwards).
    Refused when the database already has projects or the old divisions are in use."""
    require(session, actor, "settings.edit")
    require(session, actor, "divisions.edit")
    name = setup.name.strip()
    if not name or len(name) > 60:
        raise ValidationError("请填写县名（不超过 60 字）。")
    if divisions == "bundled" and name != BUNDLED_COUNTY:
        raise ValidationError(f"随程序提供的区划只有{BUNDLED_COUNTY}的；其他县请导入区划表。")
    current = county_state(session)
    switching = name != current.setup.name or divisions != "keep"
    if switching and current.projects:
        raise ValidationError(
            f"本数据库已有 {current.projects} 个项目（属于{current.setup.name}），不能更换县或"
            "重建区划。为新的县请新建一个数据库。"
        )
    if switching:
        _replace_divisions(session, name, setup.code.strip(), divisions)
    else:
        county = session.scalar(select(Division).where(Division.level == "county"))
        if county is not None and (county.code or "") != setup.code.strip():
            county.code = setup.code.strip() or None
    units = derived_units(name)
    values = {"org.county_name": name}
    for field, key in UNIT_SETTINGS.items():
        values[key] = getattr(setup, field).strip() or units[field]
    if switching:
        values["publicity.complaint_unit"] = values["org.rural_unit"]
    for key, value in values.items():
        row = session.get(Setting, key)
        if value != get_value(session, key):
            set_value(session, actor, key, value, row.version if row is not None else 0)
    session.flush()
    return county_state(session)


def _replace_divisions(session: Session, name: str, code: str, divisions: Divisions) -> None:
    """Delete every division (villages, towns, county) and put the new county in place."""
    try:
        for level in ("village", "town", "county"):
            for d in session.scalars(select(Division).where(Division.level == level)):
                session.delete(d)
            session.flush()
    except IntegrityError:
        raise ValidationError(
            "原有的乡镇、村已被使用（如镇级用户、报送记录、公告），不能更换县。"
            "为新的县请新建一个数据库。"
        ) from None
    if divisions == "bundled":
        seed_default_county(session)
        return
    session.add(Division(name=name, code=code or None, level="county", sort_order=1, active=True))
    session.flush()
