"""Complaint channels by level: who takes objections to a notice, where, and at which phone.

County notices name the county's complaint unit (setting publicity.complaint_unit, its address
and local phone); town notices the town government; village notices the village committee and
its town government. Each town's phone and address come from the setting publicity.town_contacts,
one town a line: "固关镇，0917-4651001，固关镇人民政府党政办（固关街1号）".
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from fpr_desktop.base.models import Division
from fpr_desktop.base.settings import get_value
from fpr_desktop.documents import Complaint

TOWN_CONTACTS = "publicity.town_contacts"
SETTINGS_PLACE = "系统管理 → 参数设置 → 公告公示"


def parse_town_contacts(text: str) -> dict[str, tuple[str, str]]:
    """Town name → (phone, address) from the setting's text (lines or ；-separated)."""
    out: dict[str, tuple[str, str]] = {}
    for line in re.split(r"[\n;；]+", text):
        parts = [p.strip() for p in re.split(r"[,，|]", line, maxsplit=2)]
        if len(parts) >= 2 and parts[0]:
            out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def county_complaint(session: Session) -> Complaint:
    return Complaint(
        unit=str(get_value(session, "publicity.complaint_unit")),
        address=str(get_value(session, "publicity.complaint_address")),
        phone=str(get_value(session, "publicity.local_phone")),
        hotline=str(get_value(session, "publicity.hotline")),
    )


def complaint_for(session: Session, division: Division | None) -> Complaint:
    """The channels printed on a notice posted at `division` (None or the county: county's)."""
    county = county_complaint(session)
    if division is None or division.level == "county":
        return county
    town = division if division.level == "town" else session.get(Division, division.parent_id)
    if town is None:
        return county
    phone, address = parse_town_contacts(str(get_value(session, TOWN_CONTACTS))).get(
        town.name, ("", "")
    )
    town_unit = f"{town.name}人民政府"
    others = ((county.unit, county.phone),) if county.unit and county.phone else ()
    if division.level == "town":
        unit = town_unit
    else:
        body = "居民委员会" if division.name.endswith("社区") else "村民委员会"
        unit = f"{division.name}{body}或{town_unit}"
    return Complaint(
        unit=unit,
        address=address,
        phone=phone,
        hotline=county.hotline,
        phone_unit=town_unit,
        others=others,
    )


def missing_text(session: Session, complaint: Complaint, division: Division | None) -> str:
    """The refusal when channels are missing ('' when complete)."""
    missing = complaint.missing()
    if not missing:
        return ""
    if division is not None and division.level != "county":
        town = division if division.level == "town" else session.get(Division, division.parent_id)
        name = town.name if town is not None else "所属镇"
        where = f"{SETTINGS_PLACE} →“各镇受理投诉电话和地址”中{name}的一行（{name}，电话，地址）"
    else:
        where = f"{SETTINGS_PLACE}（受理投诉单位、受理投诉地址、本地监督电话）"
    return (
        f"公告缺少{'、'.join(missing)}，群众无处反映异议，不能登记。请先在 {where} 填写，"
        "再重新生成。"
    )
