"""Fund deadlines: budget execution within N working days of issue (task 39), idle money.

Budget execution starts when money of the document is assigned to a project (分配); a document
with nothing assigned by its deadline is overdue, counted in Chinese working days (holidays and
调休 from the shared calendar). Idle money is issued money not yet assigned, or assigned money
not yet paid, after N natural days (settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from fpr_desktop.base.calendar import work_calendar
from fpr_desktop.base.context import Actor
from fpr_desktop.base.permissions import require_role
from fpr_desktop.base.settings import get_value
from fpr_desktop.base.workdays import Deadline, WorkCalendar, add_working_days, working_days_between
from fpr_desktop.db.types import Money
from fpr_desktop.funds.models import FundAssignment, FundDocument, FundEntry
from fpr_desktop.projects.models import Project


def execution_deadline(
    session: Session, issued_on: date, calendar: WorkCalendar | None = None
) -> Deadline:
    """The last day to start budget execution of money issued on `issued_on`."""
    days = int(get_value(session, "funds.execution_start_workdays"))
    return add_working_days(issued_on, days, calendar or work_calendar(session))


@dataclass(frozen=True)
class FundAlert:
    """One item on the deadline list: what, which deadline, how late, and how much money."""

    kind: str  # execution / idle_document / idle_assignment
    label: str
    subject: str
    due: date
    days_overdue: int  # working days for execution, natural days for idle money
    amount: Decimal
    note: str = ""


def late_executions(session: Session, actor: Actor, today: date) -> list[FundAlert]:
    """Documents whose execution did not start (first assignment) within the deadline."""
    require_role(actor, "read")
    first = (
        select(FundAssignment.document_id, func.min(FundAssignment.assigned_on).label("first"))
        .group_by(FundAssignment.document_id)
        .subquery()
    )
    cal = work_calendar(session)
    out = []
    rows = session.execute(
        select(FundDocument, first.c.first)
        .outerjoin(first, first.c.document_id == FundDocument.id)
        .order_by(FundDocument.issued_on, FundDocument.id)
    )
    for doc, started in rows:
        deadline = execution_deadline(session, doc.issued_on, cal)
        end = started or today
        if end <= deadline.day:
            continue
        late = working_days_between(deadline.day, end, cal)
        if late <= 0:
            continue
        label = "预算执行启动超时" if started else "下达后未开展预算执行"
        out.append(
            FundAlert("execution", label, doc.doc_no, deadline.day, late, doc.amount, deadline.note)
        )
    return out


def idle_money(session: Session, actor: Actor, today: date) -> list[FundAlert]:
    """Money issued but not assigned, or assigned but not paid, for more than N days."""
    require_role(actor, "read")
    n = int(get_value(session, "funds.idle_days"))
    cutoff = today - timedelta(days=n)
    out = []
    assigned = (
        select(
            FundAssignment.document_id,
            type_coerce(func.sum(FundAssignment.amount), Money).label("assigned"),
        )
        .group_by(FundAssignment.document_id)
        .subquery()
    )
    for doc, done in session.execute(
        select(FundDocument, assigned.c.assigned)
        .outerjoin(assigned, assigned.c.document_id == FundDocument.id)
        .where(FundDocument.issued_on < cutoff)
    ):
        left = doc.amount - (done or Decimal(0))
        if left > 0:
            due = doc.issued_on + timedelta(days=n)
            out.append(
                FundAlert(
                    "idle_document", "下达资金未分配", doc.doc_no, due, (today - due).days, left
                )
            )
    paid = (
        select(
            FundEntry.assignment_id,
            type_coerce(func.sum(FundEntry.amount), Money).label("paid"),
        )
        .where(FundEntry.kind == "pay")
        .group_by(FundEntry.assignment_id)
        .subquery()
    )
    for a, name, doc_no, done in session.execute(
        select(FundAssignment, Project.name, FundDocument.doc_no, paid.c.paid)
        .join(Project, Project.id == FundAssignment.project_id)
        .join(FundDocument, FundDocument.id == FundAssignment.document_id)
        .outerjoin(paid, paid.c.assignment_id == FundAssignment.id)
        .where(FundAssignment.assigned_on < cutoff)
        .order_by(FundAssignment.assigned_on, FundAssignment.id)
    ):
        left = a.amount - (done or Decimal(0))
        if left > 0:
            due = a.assigned_on + timedelta(days=n)
            out.append(
                FundAlert(
                    "idle_assignment",
                    "已分配资金未拨付",
                    f"{name}（{doc_no}）",
                    due,
                    (today - due).days,
                    left,
                )
            )
    return out
