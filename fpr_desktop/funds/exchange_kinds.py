"""Exchange kinds `fund_documents` (资金下达文件) and `fund_payments` (拨付、支出、质保金、报账).

Rows go through the same services as the GUI, after every row was checked here against the
database: unknown documents or projects, the money chain (including earlier rows of the same
file) and locked months become problems of the row and the cell, so a bad file writes nothing
and comes back as the engine's marked error workbook. Payment lines are only ever added (a
correction is an adjustment); re-importing the same file is caught by its SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fpr_desktop.base.context import Actor
from fpr_desktop.base.errors import UserError, ValidationError
from fpr_desktop.base.models import Division
from fpr_desktop.base.money import MoneyUnit
from fpr_desktop.base.reference import choices
from fpr_desktop.base.settings import get_value
from fpr_desktop.exchange import KindSpec
from fpr_desktop.exchange.spec import ColumnSpec as C
from fpr_desktop.exchange.spec import ColumnType as T
from fpr_desktop.exchange.spec import DivisionLevel
from fpr_desktop.funds import documents as docs
from fpr_desktop.funds import ledger
from fpr_desktop.funds.models import ENTRY_KINDS, FundAssignment, FundDocument, FundEntry
from fpr_desktop.funds.months import is_locked, period_of, period_text
from fpr_desktop.projects.models import Project
from fpr_desktop.submissions.kinds import (
    ApplyState,
    ExchangeKind,
    PlanContext,
    RowPlan,
    TownRef,
    register,
)

WAN = MoneyUnit.WAN
YES_NO = ("是", "否")
KIND_BY_LABEL = {v: k for k, v in ENTRY_KINDS.items()}
_DOC_FIELDS = ("doc_no", "year", "issued_on", "issuer", "level", "source", "subtask", "amount")
_PROBLEM_COLUMNS = (
    ("文号", "doc_no"),
    ("年度", "year"),
    ("下达单位", "issuer"),
    ("级次", "level"),
    ("资金来源", "source"),
    ("子任务", "subtask"),
    ("金额", "amount"),
)


def _locked_problem(session: Session, day: date) -> str | None:
    if is_locked(session, period_of(day)):
        return f"{period_text(period_of(day))}的月报已报送，该月已锁定，不能导入该月的记录"
    return None


@register
class FundDocumentsKind(ExchangeKind):
    name = "fund_documents"
    title = "资金下达文件"
    permission = "funds.edit"
    model = FundDocument
    period = "year"
    unit = WAN

    def spec(self, session: Session) -> KindSpec:
        return KindSpec(
            self.name,
            self.title,
            (
                C("seq", "序号", T.INT),
                C("doc_no", "文号", required=True, aliases=("文件号", "指标文号")),
                C("title", "文件名称", aliases=("文件标题",)),
                C("year", "资金年度", T.INT, required=True, aliases=("年度",)),
                C("issued_on", "下达日期", T.DATE, required=True, aliases=("发文日期",)),
                C("issuer", "下达单位", required=True, aliases=("发文单位",)),
                C(
                    "level",
                    "资金级次",
                    T.ENUM,
                    required=True,
                    enum_values=choices("funds", "levels"),
                ),
                C(
                    "source",
                    "资金来源",
                    T.ENUM,
                    required=True,
                    enum_values=choices("funds", "sources"),
                ),
                C(
                    "subtask",
                    "支出方向",
                    T.ENUM,
                    required=True,
                    aliases=("子任务",),
                    enum_values=choices("funds", "subtasks"),
                ),
                C("budget_subject", "预算科目", T.CODE, aliases=("科目编码",)),
                C("amount", "下达金额", T.MONEY, required=True, unit=WAN, aliases=("金额",)),
                C("in_advance", "提前下达", T.ENUM, enum_values=YES_NO),
            ),
            natural_key=("doc_no",),
            sheet_names=("资金下达文件",),
        )

    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        stored = {d.doc_no: d for d in session.scalars(select(FundDocument))}
        seen: set[str] = set()
        plans = []
        for vr in list(result.rows):
            v = vr.values
            inp = docs.DocumentInput(
                doc_no=docs.normalize_doc_no(str(v["doc_no"])),
                year=int(v["year"]),
                issued_on=v["issued_on"],
                issuer=str(v["issuer"]),
                level=str(v["level"]),
                source=str(v["source"]),
                subtask=str(v["subtask"]),
                amount=Decimal(v["amount"]),
                budget_subject=str(v.get("budget_subject") or ""),
                in_advance=v.get("in_advance") == "是",
                title=str(v.get("title") or ""),
            )
            if inp.doc_no in seen:
                result.add_problem(vr.row, "doc_no", "文号在本表中重复", "每个文号一行", inp.doc_no)
                continue
            seen.add(inp.doc_no)
            old = stored.get(inp.doc_no)
            problems = docs.document_problems(session, inp, old.id if old else None)
            locked = _locked_problem(session, inp.issued_on)
            if locked:
                problems.append(locked)
            for message in problems:
                key = next((k for word, k in _PROBLEM_COLUMNS if word in message), "issued_on")
                result.add_problem(vr.row, key, message.rstrip("。"), "")
            if problems:
                continue
            if old is None:
                plans.append(RowPlan(vr.row, "create", inp, None))
            elif all(getattr(old, f) == getattr(inp, f) for f in _DOC_FIELDS):
                plans.append(RowPlan(vr.row, "unchanged", inp, None, old.id, old.version))
            else:
                plans.append(RowPlan(vr.row, "update", inp, None, old.id, old.version))
        return plans

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        return docs.create_document(session, actor, plan.payload)

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        assert plan.existing_id is not None and plan.existing_version is not None
        docs.update_document(session, actor, plan.existing_id, plan.existing_version, plan.payload)

    def period_of(self, plans: Sequence[RowPlan]) -> tuple[int | None, int | None]:
        years = sorted({p.payload.year for p in plans})
        return (years[-1] if years else None), None

    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        d = session.get(FundDocument, row_id)
        assert d is not None
        data = {k: getattr(d, k) for k in docs.DocumentInput.__dataclass_fields__}
        data["issued_on"], data["amount"] = d.issued_on.isoformat(), str(d.amount)
        return data

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        d = session.get(FundDocument, row_id)
        assert d is not None
        values = {**data, "issued_on": date.fromisoformat(data["issued_on"])}
        values["amount"] = Decimal(data["amount"])
        docs.update_document(session, actor, row_id, d.version, docs.DocumentInput(**values))

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        for i in ids:
            docs.delete_document(session, actor, i)

    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        for d in docs.list_documents(session, actor, year):
            yield {
                "doc_no": d.doc_no,
                "title": d.title,
                "year": d.year,
                "issued_on": d.issued_on,
                "issuer": d.issuer,
                "level": d.level,
                "source": d.source,
                "subtask": d.subtask,
                "budget_subject": d.budget_subject,
                "amount": d.amount,
                "in_advance": "是" if d.in_advance else "否",
            }


@register
class FundPaymentsKind(ExchangeKind):
    name = "fund_payments"
    title = "资金拨付支出明细"
    permission = "funds.edit"
    model = FundEntry
    period = "month"
    unit = WAN

    def spec(self, session: Session) -> KindSpec:
        return KindSpec(
            self.name,
            self.title,
            (
                C("seq", "序号", T.INT),
                C("doc_no", "文号", required=True, aliases=("资金文号", "指标文号")),
                C("town", "乡镇", T.DIVISION, required=True, level=DivisionLevel.TOWN),
                C("village", "村", T.DIVISION, town_key="town"),
                C("project", "项目名称", required=True),
                C("kind", "类型", T.ENUM, required=True, enum_values=tuple(KIND_BY_LABEL)),
                C("entry_date", "日期", T.DATE, required=True, aliases=("拨付日期", "支出日期")),
                C("amount", "金额", T.MONEY, required=True, unit=WAN),
                C("payee", "收款人", aliases=("收款单位",)),
                C("voucher_no", "凭证号", T.CODE),
                C(
                    "use_category",
                    "资金用途",
                    T.ENUM,
                    enum_values=choices("funds", "use_categories"),
                ),
                C("note", "备注"),
            ),
            sheet_names=("资金拨付支出明细",),
        )

    def plan(self, ctx: PlanContext) -> list[RowPlan]:
        session, result = ctx.session, ctx.result
        doc_ids = {d.doc_no: d.id for d in session.scalars(select(FundDocument))}
        running: dict[int, dict[str, Decimal]] = {}
        pending: dict[int, Decimal] = {}  # payments of earlier rows, by project (the cap)
        plans = []
        for vr in list(result.rows):
            v = vr.values
            doc_no = docs.normalize_doc_no(str(v["doc_no"]))
            if doc_no not in doc_ids:
                result.add_problem(
                    vr.row, "doc_no", "没有登记该资金下达文件", "已登记的文号", doc_no
                )
                continue
            town, village = v["town"], v.get("village")
            stmt = select(FundAssignment).join(Project, Project.id == FundAssignment.project_id)
            stmt = stmt.where(
                FundAssignment.document_id == doc_ids[doc_no],
                Project.name == str(v["project"]).strip(),
                FundAssignment.town_id == int(town.id),
            )
            if village is not None:
                stmt = stmt.where(FundAssignment.village_id == int(village.id))
            found = session.scalars(stmt).all()
            if len(found) != 1:
                why = "该文件没有分配给该项目" if not found else "找到多个同名项目，请填写村"
                result.add_problem(
                    vr.row, "project", why, "该文件已分配资金的项目", str(v["project"])
                )
                continue
            a = found[0]
            inp = ledger.EntryInput(
                a.id,
                KIND_BY_LABEL[v["kind"]],
                v["entry_date"],
                Decimal(v["amount"]),
                payee=str(v.get("payee") or ""),
                voucher_no=str(v.get("voucher_no") or ""),
                use_category=str(v.get("use_category") or ""),
                note=str(v.get("note") or ""),
            )
            problems = ledger.entry_problems(session, inp, a)
            locked = _locked_problem(session, inp.entry_date)
            if locked:
                problems.append(locked)
            totals = running.setdefault(a.id, ledger.kind_totals(session, a.id))
            if not problems:
                trial = {**totals, inp.kind: totals[inp.kind] + inp.amount}
                try:
                    ledger.check_chain(trial, a.amount)
                    project = session.get(Project, a.project_id)
                    assert project is not None
                    earlier = pending.get(a.project_id, Decimal(0))
                    ledger.check_cap(session, ctx.actor, inp, project, inp.amount, earlier)
                except UserError as exc:
                    problems.append(str(exc))
                else:
                    totals.update(trial)
                    if inp.kind == "pay":
                        pending[a.project_id] = pending.get(a.project_id, Decimal(0)) + inp.amount
            for message in problems:
                key = "entry_date" if "锁定" in message or "日期" in message else "amount"
                for word, k in (
                    ("收款人", "payee"),
                    ("用途", "use_category"),
                    ("凭证号", "voucher_no"),
                ):
                    key = k if word in message else key
                result.add_problem(vr.row, key, message.rstrip("。"), "")
            if not problems:
                plans.append(RowPlan(vr.row, "create", inp, a.town_id))
        return plans

    def create(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> int:
        return ledger.record_entry(session, actor, plan.payload)

    def update(self, session: Session, actor: Actor, plan: RowPlan, state: ApplyState) -> None:
        raise ValidationError("拨付支出明细只能新增；更正请登记调整记录。")

    def period_of(self, plans: Sequence[RowPlan]) -> tuple[int | None, int | None]:
        days = sorted(p.payload.entry_date for p in plans)
        return (days[-1].year, days[-1].month) if days else (None, None)

    def due_date(self, session: Session, year: int | None, month: int | None) -> date | None:
        """A town's figures for a month are due on the report day of the next month."""
        if year is None or month is None:
            return None
        day = int(get_value(session, "funds.monthly_report_due_day"))
        return date(year + month // 12, month % 12 + 1, day)

    def snapshot(self, session: Session, actor: Actor, row_id: int) -> dict[str, Any]:
        return {}

    def restore(self, session: Session, actor: Actor, row_id: int, data: dict[str, Any]) -> None:
        raise ValidationError("拨付支出明细只能新增，没有可恢复的修改。")

    def delete_created(
        self, session: Session, actor: Actor, ids: Sequence[int], batch: str
    ) -> None:
        for i in sorted(ids, reverse=True):  # later lines first, so the chain holds throughout
            row = session.get(FundEntry, i)
            assert row is not None
            ledger.delete_entry(session, actor, i, row.version)

    def export_rows(
        self, session: Session, actor: Actor, year: int | None, town: TownRef | None
    ) -> Iterable[dict[str, Any]]:
        names = dict(session.execute(select(Division.id, Division.name)).all())
        stmt = (
            select(FundEntry, FundDocument.doc_no, Project.name)
            .join(FundAssignment, FundAssignment.id == FundEntry.assignment_id)
            .join(FundDocument, FundDocument.id == FundAssignment.document_id)
            .join(Project, Project.id == FundEntry.project_id)
            .order_by(FundEntry.entry_date, FundEntry.id)
        )
        if year is not None:
            stmt = stmt.where(FundEntry.entry_date.between(date(year, 1, 1), date(year, 12, 31)))
        scope = town.id if town is not None else actor.scope_town_id
        if scope is not None:
            stmt = stmt.where(FundEntry.town_id == scope)
        for e, doc_no, project in session.execute(stmt):
            yield {
                "doc_no": doc_no,
                "town": names.get(e.town_id, ""),
                "village": names.get(e.village_id or 0, ""),
                "project": project,
                "kind": ENTRY_KINDS[e.kind],
                "entry_date": e.entry_date,
                "amount": e.amount,
                "payee": e.payee,
                "voucher_no": e.voucher_no,
                "use_category": e.use_category,
                "note": e.note,
            }
