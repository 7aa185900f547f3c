"""The assets module's notices and documents: 资产确权移交公示, 收益分配公示 (built into the
notice register through the project library's notice builder) and the handover certificate."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, select
from sqlalchemy.orm import Session, aliased

from fpr_desktop.assets.cards import owner_label
from fpr_desktop.assets.handover import handover_of_project
from fpr_desktop.assets.income import PLAN_RECORD, USES
from fpr_desktop.assets.models import Asset, DistributionPlan, Handover, IncomeRecord
from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.permissions import in_scope, require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.documents import (
    Column,
    ColumnKind,
    Document,
    NoticeParams,
    Orientation,
    Table,
    Text,
    Window,
    make_notice,
)
from fpr_desktop.notices.register import window_end_for
from fpr_desktop.projects.models import Project
from fpr_desktop.projects.notices.build import (
    BuiltNotice,
    _issuers,
    complaint_from_settings,
    fonts_from_settings,
)
from fpr_desktop.projects.notices.select import (
    NothingToNotice,
    NoticeRequest,
    check_kind,
    county_division,
)

ASSET_NOTICE_KINDS = frozenset({"asset_handover", "income_distribution"})
BASIS = {
    "collective": "壮大村集体经济",
    "households": "按户均分配给受益脱贫户、监测户",
    "welfare_wages": "按月发放公益性岗位工资",
    "upkeep": "用于项目资产日常管护",
    "development": "用于发展村级产业",
}


def _picked(session: Session, req: NoticeRequest) -> NoticeRequest:
    """A request for hand-picked projects: their handover year, and their village (or town)."""
    found = session.execute(
        select(Project.town_id, Project.village_id, Handover.handed_on)
        .join(Handover, Handover.project_id == Project.id)
        .where(Project.id.in_(req.project_ids))
    ).all()
    if not found:
        raise NothingToNotice("所选项目尚未办理资产移交，没有可公示的资产。")
    towns = {r.town_id for r in found}
    villages = {r.village_id for r in found}
    level = req.level or ("village" if len(villages) == 1 and None not in villages else
                          "town" if len(towns) == 1 else "county")  # fmt: skip
    return replace(
        req,
        year=req.year or max(r.handed_on.year for r in found),
        town_id=next(iter(towns)) if level in ("town", "village") else None,
        village_id=next(iter(villages)) if level == "village" else None,
    )


def _place(session: Session, actor: Actor, req: NoticeRequest) -> tuple[str, Division]:
    if req.year is None:
        raise ValidationError("请指定年度。")
    if req.village_id is not None:
        d = session.get(Division, req.village_id)
        level = "village"
    elif req.town_id is not None:
        d = session.get(Division, req.town_id)
        level = "town"
    else:
        d, level = county_division(session), "county"
    if d is None or d.level != level:
        raise ValidationError("所选区划不存在。")
    if not in_scope(session, actor, d.id if level != "county" else None):
        raise ValidationError("所选区划不在您的数据范围内。")
    return level, d


def _built(
    session: Session,
    kind: str,
    level: str,
    division: Division,
    year: int,
    req: NoticeRequest,
    make: object,
    projects: list[tuple[int, str]],
    covers: tuple[tuple[str, int], ...] = (),
) -> BuiltNotice:
    start = req.window_start or date.today()
    days = int(get_value(session, "publicity.window_days"))
    window_kind = str(get_value(session, "publicity.window_kind"))
    end = req.window_end or window_end_for(session, start, days, window_kind)
    issuers = _issuers(session, kind, division)  # type: ignore[arg-type]
    complaint = complaint_from_settings(session, division)  # type: ignore[arg-type]
    params = NoticeParams(
        window=Window(start, end),
        complaint=complaint,
        issuers=issuers,
        date=req.issued_on or start,
        decimals=int(get_value(session, "display.wan_decimals")),
    )
    doc = make(params)  # type: ignore[operator]
    return BuiltNotice(
        kind=kind,
        level=level,
        division_id=division.id,
        division_name=division.name,
        year=year,
        title=doc.title,
        project_ids=tuple(i for i, _ in projects),
        project_names=tuple(n for _, n in projects) or (division.name,),
        window=Window(start, end),
        window_days=days,
        window_kind=window_kind,
        issuer="、".join(issuers),
        issued_on=params.date or start,
        document=doc,
        fonts=fonts_from_settings(session),
        complaint=complaint,
        covers=covers,
    )


def build_asset_notices(session: Session, actor: Actor, req: NoticeRequest) -> list[BuiltNotice]:
    """The notice of an assets kind for a year and a place (the county when none is given)."""
    require_role(actor, "read")
    kind = check_kind(req.kind).value
    if req.project_ids and kind == "asset_handover":
        req = _picked(session, req)
    level, division = _place(session, actor, req)
    assert req.year is not None
    if kind == "asset_handover":
        return [_handover_notice(session, level, division, req.year, req)]
    return [_income_notice(session, level, division, req.year, req)]


def _handover_notice(
    session: Session, level: str, d: Division, year: int, req: NoticeRequest
) -> BuiltNotice:
    town, village, owner = aliased(Division), aliased(Division), aliased(Division)
    stmt = (
        select(Asset, town.name, village.name, owner.name, Project.id, Project.name, Handover)
        .join(Handover, Handover.id == Asset.handover_id)
        .join(town, town.id == Asset.town_id)
        .outerjoin(village, village.id == Asset.village_id)
        .outerjoin(owner, owner.id == Asset.owner_division_id)
        .outerjoin(Project, Project.id == Asset.project_id)
        .where(extract("year", Handover.handed_on) == year)
        .order_by(Handover.handed_on, Asset.id)
    )
    if req.project_ids:
        stmt = stmt.where(Asset.project_id.in_(req.project_ids))
    if level == "village":
        stmt = stmt.where(Asset.village_id == d.id)
    elif level == "town":
        stmt = stmt.where(Asset.town_id == d.id)
    rows, projects = [], {}
    for a, town_name, village_name, owner_name, pid, pname, h in session.execute(stmt):
        rows.append(
            {
                "asset_name": a.name,
                "asset_class": a.asset_class,
                "nature": a.nature,
                "quantity": a.quantity,
                "measure": a.unit,
                "location": f"{town_name}{village_name or ''}{a.group_name}",
                "original_value": a.original_value,
                "source_project": pname or "",
                "from_unit": h.from_unit,
                "owner": owner_label(a.owner_tier, owner_name or "", a.owner_name),
            }
        )
        if pid is not None:
            projects[pid] = pname
    if not rows:
        raise NothingToNotice(f"{d.name}没有{year}年度办理确权移交的资产。")
    return _built(
        session, "asset_handover", level, d, year, req,
        lambda params: make_notice("asset_handover", rows, params, fields={"year": year}),
        list(projects.items()),
    )  # fmt: skip


def _income_notice(
    session: Session, level: str, d: Division, year: int, req: NoticeRequest
) -> BuiltNotice:
    if level != "village":
        raise ValidationError("收益分配公示按村生成，请指定村。")
    plan = session.scalar(
        select(DistributionPlan).where(
            DistributionPlan.division_id == d.id, DistributionPlan.year == year
        )
    )
    if plan is None or plan.county_agreed_on is None:
        raise NothingToNotice(f"{d.name}没有{year}年度经县级同意的收益分配方案。")
    income = session.execute(
        select(Asset.name, IncomeRecord.source, IncomeRecord.amount, Project.id, Project.name)
        .join(Asset, Asset.id == IncomeRecord.asset_id)
        .outerjoin(Project, Project.id == Asset.project_id)
        .where(
            Asset.owner_division_id == d.id,
            IncomeRecord.received_on >= date(year, 1, 1),
            IncomeRecord.received_on <= date(year, 12, 31),
        )
        .order_by(IncomeRecord.received_on, IncomeRecord.id)
    ).all()
    income_rows = [
        {"asset_name": n, "source": s or "资产收益", "period": f"{year}年", "amount": a}
        for n, s, a, _, _ in income
    ]
    uses = [
        {
            "use": label,
            "recipients": f"{plan.household_count}户" if key == "households" else d.name,
            "basis": BASIS[key],
            "amount": getattr(plan, key),
        }
        for key, label in USES.items()
        if getattr(plan, key)
    ]
    town = session.get(Division, d.parent_id) if d.parent_id else None
    fields: dict[str, object] = {
        "year": year,
        "village": f"{town.name if town else ''}{d.name}",
        "retained": plan.retained,
        "income_total": sum((a for _, _, a, _, _ in income), Decimal(0)) or plan.received,
    }
    if plan.procedure != "四议两公开":
        fields["procedure"] = f"{plan.procedure}集体决策，并报镇人民政府审核、县级同意"
    projects = {pid: pname for *_, pid, pname in income if pid is not None}
    return _built(
        session, "income_distribution", level, d, year, req,
        lambda params: make_notice("income_distribution", uses, params, fields=fields,
                                   tables={"income": income_rows}),
        list(projects.items()),
        ((PLAN_RECORD, plan.id),),
    )  # fmt: skip


def handover_certificate(session: Session, actor: Actor, project_id: int) -> Document:
    """资产移交确认书: what was handed over, by whom to whom, signed by both sides and a witness."""
    h = handover_of_project(session, actor, project_id)
    assets = session.scalars(select(Asset).where(Asset.id.in_(h.asset_ids)).order_by(Asset.id))
    owners = dict(session.execute(select(Division.id, Division.name)).all())
    rows = [
        {
            "code": a.code,
            "name": a.name,
            "cls": f"{a.asset_class}/{a.nature}",
            "qty": f"{a.quantity}{a.unit}",
            "value": a.original_value,
            "owner": owner_label(
                a.owner_tier, owners.get(a.owner_division_id or 0, ""), a.owner_name
            ),
        }
        for a in assets
    ]
    settled = h.settled_amount
    gap = ""
    if settled is not None and settled != h.total:
        gap = f"资产价值合计与审计结算金额的差额说明：{h.difference_note}。"
    table = Table(
        [
            Column("序号", kind=ColumnKind.INDEX, width=0.5),
            Column("资产编号", "code", width=1.6),
            Column("资产名称", "name", width=2.0),
            Column("类别/性质", "cls", width=1.5),
            Column("数量", "qty", width=0.8),
            Column("价值（{unit}）", "value", ColumnKind.AMOUNT, 1.1, total=True),
            Column("确权所有者", "owner", width=1.6),
        ],
        rows,
        caption="单位：元",
        unit=MoneyUnit.YUAN,
    )
    sign = "　　　　　　　　"
    return Document(
        title="扶贫项目资产移交确认书",
        subtitle=f"移交编号：{h.number}",
        orientation=Orientation.PORTRAIT,
        preamble=[
            Text(
                f"根据“{h.project_name}”竣工验收和审计结算结果，{h.from_unit}于"
                f"{h.handed_on.year}年{h.handed_on.month}月{h.handed_on.day}日将该项目形成的"
                f"{len(rows)}项资产移交{h.to_unit}，办理确权登记。移交资料：{h.documents or '无'}。"
            ),
            table,
            *([Text(gap)] if gap else []),
            Text("移交资产清单经双方核对无误，自移交之日起由接收方负责管理和维护。"),
            Text(f"移交单位（盖章）：{h.from_unit}", indent=False),
            Text(f"移交方经办人（签字）：{h.from_signer or sign}", indent=False),
            Text(f"接收单位（盖章）：{h.to_unit}", indent=False),
            Text(f"接收方经办人（签字）：{h.to_signer or sign}", indent=False),
            Text(f"见证人（签字）：{h.witnesses}", indent=False),
        ],
        date=h.handed_on,
        seal_space=False,
    )
