"""Handover (移交) and registration (确权) of an accepted project's assets, and its deadline.

Task 42: within three months of acceptance (a setting) the implementing unit hands the assets
over, valued from the audited settlement; the parts add up to the settled amount or the
difference is explained. The library's 资产移交 step asks `check_assets_registered`.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.assets.cards import (
    EDIT,
    CardEdit,
    Owner,
    check_card,
    check_owner_in_location,
    resolve_owner,
)
from fpr_desktop.assets.models import Asset, AssetEvent, AssetFunding, Handover
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import fen_to_yuan, format_amount, yuan_to_fen
from fpr_desktop.base.permissions import in_scope, require, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.db.types import Money
from fpr_desktop.projects.models import Project, ProjectFunding

#: library statuses from which a project's assets may be handed over (accepted, not yet done)
HANDOVER_SOURCES = frozenset({"accepted", "settled", "completion_notice"})


@dataclass(frozen=True)
class AssetPart:
    """One asset split off a project in the handover wizard."""

    card: CardEdit
    value: Decimal
    owner: Owner
    village_id: int | None  # location (None: the town itself)


@dataclass(frozen=True)
class HandoverInput:
    number: str
    from_unit: str
    to_unit: str
    handed_on: date
    parts: Sequence[AssetPart]
    documents: str = ""
    from_signer: str = ""
    to_signer: str = ""
    witnesses: str = ""
    difference_note: str = ""


@dataclass(frozen=True)
class PendingProject:
    """An accepted project whose assets are not registered yet."""

    id: int
    name: str
    year: int
    town_id: int
    village_id: int | None
    implementing_unit: str
    accepted_on: date
    settled_amount: Decimal | None
    deadline: date
    overdue: bool


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def registration_deadline(session: Session, accepted_on: date) -> date:
    """Registration is due N months after acceptance (task 42; default 3)."""
    return add_months(accepted_on, int(get_value(session, "assets.registration_months")))


def has_assets(session: Session, project_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Asset.project_id == project_id))))


def check_assets_registered(session: Session, project_id: int) -> None:
    """The library's 资产移交 step: refuse until this project's assets are registered."""
    if not has_assets(session, project_id):
        raise ValidationError(
            "该项目的资产尚未办理移交和确权登记。请先在“扶贫资产”中通过“资产移交”登记其资产。"
        )


def pending_projects(
    session: Session, actor: Actor, today: date | None = None, *, overdue_only: bool = False
) -> list[PendingProject]:
    """Accepted projects with no registered assets, oldest acceptance first, in scope."""
    require_role(actor, "read")
    today = today or date.today()
    months = int(get_value(session, "assets.registration_months"))
    query = (
        select(Project)
        .where(
            Project.accepted_on.is_not(None),
            Project.status.in_(HANDOVER_SOURCES),
            ~exists().where(Asset.project_id == Project.id),
        )
        .order_by(Project.accepted_on, Project.id)
    )
    if actor.scope_town_id is not None:
        query = query.where(Project.town_id == actor.scope_town_id)
    out = []
    for p in session.scalars(query):
        assert p.accepted_on is not None
        due = add_months(p.accepted_on, months)
        if overdue_only and today <= due:
            continue
        out.append(
            PendingProject(
                p.id,
                p.name,
                p.year,
                p.town_id,
                p.village_id,
                p.implementing_unit,
                p.accepted_on,
                p.settled_amount,
                due,
                today > due,
            )
        )
    return out


def split_fen(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` 分 in proportion to `weights`, exactly (largest remainder)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _check(session: Session, p: Project, h: HandoverInput) -> list[str]:
    problems = []
    if p.status not in HANDOVER_SOURCES or p.accepted_on is None:
        problems.append("只有已验收、尚未移交的项目才能办理资产移交。")
    if p.settled_amount is None:
        problems.append("项目尚未报账结算，没有审计结算金额，不能确定资产价值。")
    if has_assets(session, p.id):
        problems.append("该项目的资产已经登记，不能重复移交。")
    if not h.number.strip():
        problems.append("请填写移交编号。")
    elif session.scalar(select(Handover.id).where(Handover.number == h.number.strip())):
        problems.append(f"移交编号“{h.number.strip()}”已被使用。")
    if not h.from_unit.strip() or not h.to_unit.strip():
        problems.append("请填写移交单位和接收单位。")
    if not h.witnesses.strip():
        problems.append("请填写见证人（移交须有双方签字和见证人）。")
    if not h.parts:
        problems.append("请至少登记一项资产。")
    for n, part in enumerate(h.parts, 1):
        problems += [f"第{n}项资产：{m}" for m in check_card(part.card)]
        if part.value <= 0:
            problems.append(f"第{n}项资产：资产价值应大于零。")
    if p.settled_amount is not None and h.parts:
        total = sum((part.value for part in h.parts), Decimal(0))
        if total != p.settled_amount and not h.difference_note.strip():
            problems.append(
                f"各项资产价值合计 {format_amount(total)} 元，与审计结算金额 "
                f"{format_amount(p.settled_amount)} 元不一致，请核对或说明差额原因。"
            )
    return problems


def hand_over_project(
    session: Session, actor: Actor, project_id: int, h: HandoverInput
) -> list[int]:
    """Register a project's assets through one handover; returns the new assets' ids."""
    p = session.get(Project, project_id)
    if p is None or not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在或不在您的管辖范围内。")
    require(session, actor, EDIT, p.village_id or p.town_id)
    problems = _check(session, p, h)
    owners = []
    for n, part in enumerate(h.parts, 1):
        try:
            division_id, town_id = resolve_owner(session, part.owner)
            check_owner_in_location(part.owner, p.town_id, part.village_id, town_id)
            owners.append((division_id, town_id))
        except ValidationError as exc:
            problems.append(f"第{n}项资产：{exc}")
        if part.village_id is not None:
            v = session.get(Division, part.village_id)
            if v is None or v.town_id != p.town_id or v.level != "village":
                problems.append(f"第{n}项资产：所在村应属于项目所在的镇。")
    if problems:
        raise ValidationError("\n".join(problems))
    handover = Handover(
        number=h.number.strip(),
        project_id=p.id,
        from_unit=h.from_unit.strip(),
        to_unit=h.to_unit.strip(),
        handed_on=h.handed_on,
        documents=h.documents.strip(),
        from_signer=h.from_signer.strip(),
        to_signer=h.to_signer.strip(),
        witnesses=h.witnesses.strip(),
        difference_note=h.difference_note.strip(),
        division_id=p.village_id or p.town_id,
    )
    session.add(handover)
    session.flush()
    fundings = session.execute(
        select(ProjectFunding.source, ProjectFunding.amount)
        .where(ProjectFunding.project_id == p.id)
        .order_by(ProjectFunding.id)
    ).all()
    ids = []
    for n, (part, (division_id, town_id)) in enumerate(zip(h.parts, owners, strict=True), 1):
        a = Asset(
            code=f"{handover.number}-{n:02d}",
            town_id=p.town_id,
            village_id=part.village_id,
            project_id=p.id,
            handover_id=handover.id,
            built_year=p.year,
            original_value=part.value,
            owner_tier=part.owner.tier,
            owner_division_id=division_id,
            owner_town_id=town_id,
            owner_name=part.owner.name.strip(),
            registered_on=h.handed_on,
            status="在用",
            **{k: v.strip() for k, v in vars(part.card).items()},
        )
        session.add(a)
        session.flush()
        shares = split_fen(yuan_to_fen(part.value), [yuan_to_fen(f.amount) for f in fundings])
        for f, share in zip(fundings, shares, strict=True):
            if share:
                session.add(AssetFunding(asset_id=a.id, source=f.source, amount=fen_to_yuan(share)))
        session.add(
            AssetEvent(
                asset_id=a.id,
                kind="登记",
                happened_on=h.handed_on,
                to_value=f"{h.from_unit.strip()} → {h.to_unit.strip()}",
                note=f"移交编号 {handover.number}",
                username=actor.display_name or actor.username,
            )
        )
        ids.append(a.id)
    session.flush()
    return ids


@dataclass(frozen=True)
class HandoverView:
    """A handover with its assets, for the certificate and the 资产确权移交公示."""

    id: int
    number: str
    project_id: int | None
    project_name: str
    settled_amount: Decimal | None
    from_unit: str
    to_unit: str
    handed_on: date
    documents: str
    from_signer: str
    to_signer: str
    witnesses: str
    difference_note: str
    asset_ids: tuple[int, ...]
    total: Decimal


def handover_of_project(session: Session, actor: Actor, project_id: int) -> HandoverView:
    require_role(actor, "read")
    h = session.scalar(select(Handover).where(Handover.project_id == project_id))
    if h is None:
        raise NotFound("该项目尚未办理资产移交。")
    p = session.get(Project, project_id)
    assert p is not None
    if not in_scope(session, actor, p.town_id):
        raise NotFound("该项目不存在或不在您的管辖范围内。")
    ids = tuple(
        session.scalars(select(Asset.id).where(Asset.handover_id == h.id).order_by(Asset.id))
    )
    total = session.scalar(
        select(type_coerce(func.coalesce(func.sum(Asset.original_value), 0), Money)).where(
            Asset.handover_id == h.id
        )
    )
    return HandoverView(
        h.id,
        h.number,
        h.project_id,
        p.name,
        p.settled_amount,
        h.from_unit,
        h.to_unit,
        h.handed_on,
        h.documents,
        h.from_signer,
        h.to_signer,
        h.witnesses,
        h.difference_note,
        ids,
        Decimal(total or 0),
    )
