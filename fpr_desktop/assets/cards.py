"""Asset cards: read, edit, owner (确权) and 三资 entry, status changes, transfers, disposal.

An asset is never deleted. Every change of status or owner and the disposal leave an
`AssetEvent`, so the card's history reads from registration to disposal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.assets.models import (
    CLASSES,
    NATURES,
    STATUSES,
    TIERS,
    Asset,
    AssetEvent,
    AssetFunding,
    Disposal,
)
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import NotFound, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.permissions import in_scope, require, require_role
from fpr_desktop.base.versioning import check_version

EDIT = "assets.edit"
DISPOSAL_CAUSES = ("自然灾害", "意外事故", "规划调整", "使用寿命到期", "其他")
PROCEDURES = ("四议两公开", "三重一大", "其他集体决策")


@dataclass(frozen=True)
class Owner:
    """Who owns an asset: the tier, the division (the village for a household) and a name."""

    tier: str  # county / town / village / household
    division_id: int
    name: str = ""  # the household head, or the owning unit when not the division itself


@dataclass(frozen=True)
class AssetCard:
    id: int
    version: int
    code: str
    name: str
    asset_class: str
    nature: str
    sub_type: str
    quantity: str
    unit: str
    town_id: int
    village_id: int | None
    location: str
    group_name: str
    project_id: int | None
    original_value: Decimal
    owner_tier: str | None
    owner_division_id: int | None
    owner: str
    registered_on: date | None
    sanzi_entry_on: date | None
    sanzi_entry_no: str
    operator: str
    contract_terms: str
    risk_controls: str
    beneficiaries: str
    status: str
    remarks: str
    fundings: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class CardEdit:
    """The editable fields of a card (value, owner and status change through their own steps)."""

    name: str
    asset_class: str
    nature: str
    sub_type: str = ""
    quantity: str = ""
    unit: str = ""
    group_name: str = ""
    operator: str = ""
    contract_terms: str = ""
    risk_controls: str = ""
    beneficiaries: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class HistoryRow:
    kind: str
    happened_on: date
    from_value: str
    to_value: str
    note: str
    username: str


def load(session: Session, asset_id: int) -> Asset:
    a = session.get(Asset, asset_id)
    if a is None:
        raise NotFound("该资产不存在。")
    return a


def division_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Division.id, Division.name).where(Division.id.in_(wanted)))
    return {r.id: r.name for r in rows}


def owner_label(tier: str | None, division: str, name: str) -> str:
    """“上岔村（村集体）”, “张三（上岔村农户）” — how an owner reads on a card or a ledger."""
    if tier is None:
        return ""
    if tier == "household":
        return f"{name}（{division}农户）"
    return name or division


def resolve_owner(session: Session, owner: Owner) -> tuple[int, int | None]:
    """(owner_division_id, owner_town_id) for an owner; refuses a division of the wrong level."""
    if owner.tier not in TIERS:
        raise ValidationError(f"权属层级应为{'、'.join(TIERS.values())}之一。")
    d = session.get(Division, owner.division_id)
    level = {"household": "village"}.get(owner.tier, owner.tier)
    if d is None or d.level != level:
        raise ValidationError(f"确权到{TIERS[owner.tier]}时，所有者应选择一个{TIERS[level]}。")
    if owner.tier == "household" and not owner.name.strip():
        raise ValidationError("确权到户时必须填写农户户主姓名。")
    return d.id, d.town_id


def check_owner_in_location(
    owner: Owner, town_id: int, village_id: int | None, owner_town: int | None
) -> None:
    """A town or village owns only what lies in it (a county owns anywhere)."""
    if owner.tier == "town" and owner.division_id != town_id:
        raise ValidationError("确权到镇的资产，所有者应为资产所在的镇。")
    if owner.tier in ("village", "household") and owner.division_id != village_id:
        raise ValidationError("确权到村（户）的资产，所有者应为资产所在的村。")
    if owner.tier != "county" and owner_town != town_id:
        raise ValidationError("资产所有者不在资产所在的镇。")


def check_card(edit: CardEdit) -> list[str]:
    problems = []
    if not edit.name.strip():
        problems.append("请填写资产名称。")
    if edit.asset_class not in CLASSES:
        problems.append(f"资产类别应为{'、'.join(CLASSES)}之一。")
    if edit.nature not in NATURES:
        problems.append(f"资产性质应为{'、'.join(NATURES)}之一。")
    return problems


def card(session: Session, actor: Actor, asset_id: int) -> AssetCard:
    require_role(actor, "read")
    a = load(session, asset_id)
    if not in_scope(session, actor, a.town_id):
        raise NotFound("该资产不存在或不在您的管辖范围内。")
    names = division_names(session, {a.town_id, a.village_id, a.owner_division_id})
    fundings = {
        f.source: f.amount
        for f in session.scalars(select(AssetFunding).where(AssetFunding.asset_id == a.id))
    }
    where = names.get(a.town_id, "") + (names.get(a.village_id, "") if a.village_id else "")
    return AssetCard(
        id=a.id,
        version=a.version,
        code=a.code,
        name=a.name,
        asset_class=a.asset_class,
        nature=a.nature,
        sub_type=a.sub_type,
        quantity=a.quantity,
        unit=a.unit,
        town_id=a.town_id,
        village_id=a.village_id,
        location=where + a.group_name,
        group_name=a.group_name,
        project_id=a.project_id,
        original_value=a.original_value,
        owner_tier=a.owner_tier,
        owner_division_id=a.owner_division_id,
        owner=owner_label(a.owner_tier, names.get(a.owner_division_id or 0, ""), a.owner_name),
        registered_on=a.registered_on,
        sanzi_entry_on=a.sanzi_entry_on,
        sanzi_entry_no=a.sanzi_entry_no,
        operator=a.operator,
        contract_terms=a.contract_terms,
        risk_controls=a.risk_controls,
        beneficiaries=a.beneficiaries,
        status=a.status,
        remarks=a.remarks,
        fundings=fundings,
    )


def _writable(session: Session, actor: Actor, asset_id: int, version: int) -> Asset:
    a = load(session, asset_id)
    require(session, actor, EDIT, a.village_id or a.town_id)
    check_version(a, version)
    if a.status == "已处置":
        raise ValidationError("该资产已处置，不能再修改。")
    return a


def _event(
    session: Session, actor: Actor, a: Asset, kind: str, on: date, old: str, new: str, note: str
) -> None:
    session.add(
        AssetEvent(
            asset_id=a.id,
            kind=kind,
            happened_on=on,
            from_value=old,
            to_value=new,
            note=note.strip(),
            username=actor.display_name or actor.username,
        )
    )


def update_card(
    session: Session, actor: Actor, asset_id: int, version: int, edit: CardEdit
) -> None:
    """Save the card's descriptive fields (a stale version is refused)."""
    a = _writable(session, actor, asset_id, version)
    problems = check_card(edit)
    if problems:
        raise ValidationError("\n".join(problems))
    for key, value in vars(edit).items():
        setattr(a, key, value.strip() if isinstance(value, str) else value)
    session.flush()


def record_sanzi_entry(
    session: Session, actor: Actor, asset_id: int, version: int, entered_on: date, number: str
) -> None:
    """Record that a village-owned asset was entered into the 三资 platform."""
    a = _writable(session, actor, asset_id, version)
    if a.owner_tier != "village":
        raise ValidationError("只有确权到村的资产纳入“三资”平台管理。")
    if not number.strip():
        raise ValidationError("请填写“三资”平台录入编号。")
    a.sanzi_entry_on, a.sanzi_entry_no = entered_on, number.strip()
    _event(session, actor, a, "三资", entered_on, "", number.strip(), "纳入“三资”平台")
    session.flush()


def change_status(
    session: Session, actor: Actor, asset_id: int, version: int, status: str, on: date, reason: str
) -> None:
    """在用 / 闲置 / 损毁 (disposal has its own step)."""
    a = _writable(session, actor, asset_id, version)
    if status not in STATUSES[:3]:
        raise ValidationError("资产状态应为在用、闲置或损毁；处置请使用“资产处置”。")
    if status == a.status:
        raise ValidationError(f"资产已经是“{status}”状态。")
    if not reason.strip():
        raise ValidationError("请填写状态变更原因。")
    _event(session, actor, a, "状态", on, a.status, status, reason)
    a.status = status
    session.flush()


def transfer(
    session: Session, actor: Actor, asset_id: int, version: int, owner: Owner, on: date, reason: str
) -> None:
    """Move the ownership to another owner; the old owner stays in the history."""
    a = _writable(session, actor, asset_id, version)
    division_id, town_id = resolve_owner(session, owner)
    check_owner_in_location(owner, a.town_id, a.village_id, town_id)
    require(session, actor, EDIT, owner.division_id if owner.tier != "county" else None)
    if not reason.strip():
        raise ValidationError("请填写权属变更的依据。")
    names = division_names(session, {a.owner_division_id, division_id})
    old = owner_label(a.owner_tier, names.get(a.owner_division_id or 0, ""), a.owner_name)
    new = owner_label(owner.tier, names[division_id], owner.name.strip())
    if (a.owner_tier, a.owner_division_id, a.owner_name) == (
        owner.tier,
        division_id,
        owner.name.strip(),
    ):
        raise ValidationError("新所有者与现所有者相同。")
    _event(session, actor, a, "权属", on, old, new, reason)
    a.owner_tier, a.owner_division_id, a.owner_town_id = owner.tier, division_id, town_id
    a.owner_name = owner.name.strip()
    if owner.tier != "village":
        a.sanzi_entry_on, a.sanzi_entry_no = None, ""
    session.flush()


@dataclass(frozen=True)
class DisposalInput:
    cause: str
    procedure: str
    approval: str
    approved_on: date
    disposed_on: date
    proceeds: Decimal
    proceeds_to: str


def disposal_problems(d: DisposalInput) -> list[str]:
    """Every problem of a disposal as typed (the form lists them all at once)."""
    problems = []
    if d.cause not in DISPOSAL_CAUSES:
        problems.append(f"处置原因应为{'、'.join(DISPOSAL_CAUSES)}之一。")
    if d.procedure not in PROCEDURES:
        problems.append(f"决策程序应为{'、'.join(PROCEDURES)}之一。")
    if not d.approval.strip():
        problems.append("请填写审批文件（文号）。")
    if d.disposed_on < d.approved_on:
        problems.append("处置日期不能早于批准日期。")
    if d.proceeds < 0:
        problems.append("处置收入不能为负数。")
    if d.proceeds > 0 and not d.proceeds_to.strip():
        problems.append("有处置收入时，请填写收入去向（如“缴入村集体”“缴入县级国库”）。")
    return problems


def dispose(session: Session, actor: Actor, asset_id: int, version: int, d: DisposalInput) -> None:
    """Dispose of an asset: only with a cause, a collective decision and an approval."""
    a = _writable(session, actor, asset_id, version)
    problems = disposal_problems(d)
    if problems:
        raise ValidationError("\n".join(problems))
    session.add(
        Disposal(
            asset_id=a.id,
            cause=d.cause,
            procedure=d.procedure,
            approval=d.approval.strip(),
            approved_on=d.approved_on,
            disposed_on=d.disposed_on,
            proceeds=d.proceeds,
            proceeds_to=d.proceeds_to.strip(),
        )
    )
    _event(session, actor, a, "处置", d.disposed_on, a.status, "已处置", f"{d.cause}；{d.approval}")
    a.status = "已处置"
    session.flush()


def history(session: Session, actor: Actor, asset_id: int) -> list[HistoryRow]:
    card(session, actor, asset_id)  # read permission and scope
    rows = session.scalars(
        select(AssetEvent).where(AssetEvent.asset_id == asset_id).order_by(AssetEvent.id)
    )
    return [
        HistoryRow(e.kind, e.happened_on, e.from_value, e.to_value, e.note, e.username)
        for e in rows
    ]
