"""Fill the complaint channels a notice needs before it can be registered (county and towns)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from fpr_desktop.base import settings as settings_service
from fpr_desktop.base.context import Actor
from fpr_desktop.base.models import Setting
from fpr_desktop.db.engine import Database

CONTACTS = {
    "publicity.local_phone": "0917-4621318",
    "publicity.complaint_address": "陇县东大街1号",
    "publicity.town_contacts": "固关镇，0917-4651001，固关镇人民政府党政办\n"
    "河北镇，0917-4652001，河北镇人民政府党政办\n"
    "城关镇，0917-4653001，城关镇人民政府党政办",
}


def fill_complaint_channels(database: Database, admin: Actor) -> None:
    with database.transaction(admin.audit()) as s:
        for key, value in CONTACTS.items():
            row = next(r for r in settings_service.list_settings(s, admin) if r.key == key)
            settings_service.set_value(s, admin, key, value, row.version)


def write_complaint_channels(session: Session) -> None:
    """The same, written straight into the settings table (set-ups that have no admin yet)."""
    for key, value in CONTACTS.items():
        session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
