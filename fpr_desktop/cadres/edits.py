"""Correcting a recorded visit, training, care record, spot check or work record (a typo, a wrong
date): the same permission, town scope and checks as recording it, refused when another clerk
changed the record since it was listed (its `stamp`). Each returns the Chinese names of the
fields that changed (empty: nothing did); the audit hook logs every changed field."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ConflictError, NotFound, ValidationError
from fpr_desktop.base.permissions import require
from fpr_desktop.cadres.attendance import spot_check_values
from fpr_desktop.cadres.common import cadre_for, stamp
from fpr_desktop.cadres.models import CareRecord, HouseholdVisit, SpotCheck, Training, WorkRecord
from fpr_desktop.cadres.work import (
    CareInput,
    VisitInput,
    care_values,
    training_values,
    visit_values,
    work_values,
)

FIELD_NAMES = {
    "cadre_id": "干部",
    "household": "走访农户",
    "visited_on": "走访日期",
    "visitors": "走访人员",
    "items": "核查内容",
    "problems": "发现问题",
    "referred": "纳入监测",
    "course": "培训班名称",
    "organiser_level": "举办层级",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "hours": "学时",
    "kind": "类型",
    "occurred_on": "日期",
    "provider": "单位",
    "occasion": "走访事由",
    "amount": "金额",
    "policy_no": "保单号",
    "insurer": "承保公司",
    "valid_from": "保险起期",
    "valid_to": "保险止期",
    "note": "备注",
    "checked_on": "抽查日期",
    "checked_by": "抽查单位",
    "result": "抽查结果",
    "recorded_on": "日期",
    "content": "内容",
}


def _load[M](session: Session, model: type[M], record_id: int, what: str) -> M:
    row = session.get(model, record_id, with_for_update=True)
    if row is None:
        raise NotFound(f"该{what}不存在（可能已被删除），请刷新后再试。")
    return row


def _fresh(row: Any, expected: str) -> None:
    if stamp(row) != expected:
        raise ConflictError()


def _apply(row: Any, values: dict[str, Any]) -> list[str]:
    """Write `values` into `row`; the names of the fields whose value really changed."""
    changed = []
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed.append(FIELD_NAMES[key])
    return changed


def _cadre_row(
    session: Session, actor: Actor, row: Any, expected: str, cadre_id: int, permission: str
) -> None:
    """The record's cadre (and the cadre it is moved to) must be in the actor's reach."""
    cadre_for(session, actor, row.cadre_id, permission)
    if cadre_id != row.cadre_id:
        cadre_for(session, actor, cadre_id, permission)
    _fresh(row, expected)


def update_visit(
    session: Session, actor: Actor, visit_id: int, expected: str, v: VisitInput
) -> list[str]:
    """Correct a household visit (it stays with its village)."""
    row = _load(session, HouseholdVisit, visit_id, "走访记录")
    require(session, actor, "cadres.daily", row.village_id)
    _fresh(row, expected)
    if v.village_id != row.village_id:
        raise ValidationError("走访记录不能改到别的村；请在该村重新登记。")
    changed = _apply(row, visit_values(v))
    session.flush()
    return changed


def update_training(
    session: Session,
    actor: Actor,
    training_id: int,
    expected: str,
    *,
    cadre_id: int,
    course: str,
    organiser_level: str,
    start_date: date,
    end_date: date,
    hours: int,
) -> list[str]:
    row = _load(session, Training, training_id, "培训记录")
    _cadre_row(session, actor, row, expected, cadre_id, "cadres.edit")
    values = training_values(
        course=course,
        organiser_level=organiser_level,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
    )
    changed = _apply(row, {"cadre_id": cadre_id, **values})
    session.flush()
    return changed


def update_care(
    session: Session, actor: Actor, care_id: int, expected: str, c: CareInput
) -> list[str]:
    row = _load(session, CareRecord, care_id, "关爱记录")
    _cadre_row(session, actor, row, expected, c.cadre_id, "cadres.edit")
    changed = _apply(row, {"cadre_id": c.cadre_id, **care_values(c)})
    session.flush()
    return changed


def update_spot_check(
    session: Session,
    actor: Actor,
    check_id: int,
    expected: str,
    *,
    cadre_id: int,
    checked_on: date,
    checked_by: str,
    result: str,
    note: str = "",
) -> list[str]:
    row = _load(session, SpotCheck, check_id, "抽查记录")
    _cadre_row(session, actor, row, expected, cadre_id, "cadres.daily")
    values = spot_check_values(
        checked_on=checked_on, checked_by=checked_by, result=result, note=note
    )
    changed = _apply(row, {"cadre_id": cadre_id, **values})
    session.flush()
    return changed


def update_work(
    session: Session,
    actor: Actor,
    work_id: int,
    expected: str,
    cadre_id: int,
    on: date,
    content: str,
) -> list[str]:
    """Correct a work record or a report heard by the dispatching unit (its kind stays)."""
    row = _load(session, WorkRecord, work_id, "工作记录")
    _cadre_row(session, actor, row, expected, cadre_id, "cadres.daily")
    changed = _apply(row, {"cadre_id": cadre_id, **work_values(row.kind, on, content)})
    session.flush()
    return changed
