"""Cadres test data made through the services: units, cadres and postings in 陇县 villages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from fpr_desktop.base.models import Division
from fpr_desktop.cadres import roster

TERM = (date(2021, 9, 1), date(2023, 8, 31))


@dataclass
class Teams:
    villages: dict[str, int] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    cadres: dict[str, int] = field(default_factory=dict)
    postings: dict[str, int] = field(default_factory=dict)


def village_ids(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(
        session.execute(select(Division.name, Division.id).where(Division.level == "village")).all()
    )


def post(s, admin, teams, name, unit, village, role, term=TERM, **kw):  # type: ignore[no-untyped-def]
    """Add a cadre from `unit` and post them to `village`."""
    if unit not in teams.units:
        teams.units[unit] = roster.add_unit(s, admin, unit, "县")
    cid = roster.add_cadre(
        s,
        admin,
        roster.CadreInput(
            name=name,
            unit_id=teams.units[unit],
            party_member_since=kw.pop("party", date(2010, 7, 1)),
            work_since=kw.pop("work", date(2008, 8, 1)),
            **kw,
        ),
    )
    teams.cadres[name] = cid
    teams.postings[name] = roster.assign(
        s,
        admin,
        roster.AssignmentInput(
            cid, teams.villages[village], role, term[0], term[1], "陇组字〔2021〕12号"
        ),
    )
    return cid


def make_teams(database, admin) -> Teams:  # type: ignore[no-untyped-def]
    """上岔村: three from 县农业农村局; 东坡村: two from 县交通运输局 (no first secretary)."""
    t = Teams()
    with database.transaction(admin.audit()) as s:
        t.villages = village_ids(s)
        post(
            s,
            admin,
            t,
            "王建国",
            "县农业农村局",
            "上岔村",
            "第一书记",
            id_number="61032719850712451X",
        )
        post(s, admin, t, "李红梅", "县农业农村局", "上岔村", "工作队队长")
        post(s, admin, t, "赵小军", "县农业农村局", "上岔村", "队员")
        post(s, admin, t, "孙立平", "县交通运输局", "东坡村", "工作队队长")
        post(s, admin, t, "周敏", "县交通运输局", "东坡村", "队员")
    return t
