"""Demonstration data: one account per role, sample villages, and history for benchmarks.

Invented villages read like 陇县's (杜阳村, 峰山村 …) and are always marked as such (the note
“演示数据（虚构村名）” in the division list) — never presented as real villages.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from fpr_desktop.base import users as user_service
from fpr_desktop.base.context import SYSTEM
from fpr_desktop.base.errors import UserError
from fpr_desktop.base.models import AppMeta, AuditLog, Division, User
from fpr_desktop.base.models.columns import utcnow
from fpr_desktop.base.permissions import ROLES
from fpr_desktop.base.registry import modules, resolve
from fpr_desktop.divisions.demo import DEMO_VILLAGE_NOTE, demo_village_names
from fpr_desktop.divisions.services import add_division

DEMO_PASSWORD = "demo12345"
DEMO_TOWN = "固关镇"
MIN_VILLAGES_PER_TOWN = 6
AUDIT_ROWS_PER_SCALE = 2_000
DEMO_USERS = (
    ("demo_admin", "admin", "演示管理员"),
    ("demo_finance", "finance", "演示财政局"),
    ("demo_project", "project", "演示乡村振兴局"),
    ("demo_org", "organisation", "演示组织部"),
    ("demo_town", "town", "演示镇级填报员"),
    ("demo_auditor", "auditor", "演示审计"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role_label: str


@dataclass(frozen=True)
class DemoResult:
    accounts: list[DemoAccount]
    villages_added: int
    audit_rows_added: int
    added: dict[str, int]  # module name → rows its demo seeder added

    @property
    def projects_added(self) -> int:
        return self.added.get("projects", 0)


def demo_accounts() -> list[DemoAccount]:
    return [DemoAccount(u, DEMO_PASSWORD, ROLES[r].label) for u, r, _ in DEMO_USERS]


def _mark_demo(session: Session) -> None:
    if session.get(AppMeta, "demo") is None:
        session.add(AppMeta(key="demo", value="1"))
        session.flush()


def fill_demo(session: Session, scale: int = 1, seed: int = 2021) -> DemoResult:
    """Fill a new (or demo) database; refuses a database with real users."""
    if scale < 1:
        raise UserError("--scale 必须是正整数。")
    is_demo = session.get(AppMeta, "demo") is not None
    if user_service.has_users(session) and not is_demo:
        raise UserError("当前数据库已有正式用户，不能写入演示数据。请使用新的数据库文件。")
    _mark_demo(session)
    rng = random.Random(seed)
    actor = SYSTEM
    guguan = session.scalar(select(Division).where(Division.name == DEMO_TOWN))
    for username, role, display in DEMO_USERS:
        if session.scalar(select(User.id).where(User.username == username)) is None:
            user_service.add_user(
                session,
                actor,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                scope_town_id=guguan.id if role == "town" and guguan else None,
                display_name=display,
            )
    villages = _sample_villages(session, rng)
    added: dict[str, int] = {}
    # Each module seeds its own demonstration data (`Module.demo`), the library before what
    # hangs on it; a seeder leaves a module that already has data alone.
    for m in sorted((m for m in modules() if m.demo), key=lambda m: m.demo_order):
        assert m.demo is not None
        added[m.name] = resolve(m.demo)(session, scale)
    audit_rows = _history(session, rng, scale) if scale > 1 else 0
    return DemoResult(demo_accounts(), villages, audit_rows, added)


def _sample_villages(session: Session, rng: random.Random) -> int:
    """Give every town at least a few villages: invented ones, named from the demo list (示例村NN
    when it has no more) and marked with DEMO_VILLAGE_NOTE."""
    added = 0
    towns = session.scalars(select(Division).where(Division.level == "town")).all()
    taken = set(session.scalars(select(Division.name).where(Division.level == "village")))
    for town in towns:
        have = (
            session.scalar(
                select(func.count()).select_from(Division).where(Division.parent_id == town.id)
            )
            or 0
        )
        for name in demo_village_names(town.name, max(0, MIN_VILLAGES_PER_TOWN - have), taken):
            flags = [f for f in ("脱贫村", "重点帮扶村") if rng.random() < 0.4]
            add_division(
                session, SYSTEM, parent_id=town.id, name=name, flags=flags, note=DEMO_VILLAGE_NOTE
            )
            taken.add(name)
            added += 1
    return added


def _history(session: Session, rng: random.Random, scale: int) -> int:
    """Bulk audit history (Core insert) so lists can be measured at realistic sizes."""
    division_ids = list(session.scalars(select(Division.id)))
    total = AUDIT_ROWS_PER_SCALE * scale
    start = utcnow() - timedelta(days=365 * 3)
    step = timedelta(days=365 * 3) / total
    chunk: list[dict[str, object]] = []
    for i in range(total):
        chunk.append(
            {
                "at": start + step * i,
                "user_id": None,
                "username": "demo_history",
                "source": "system",
                "table_name": "division",
                "row_id": str(rng.choice(division_ids)),
                "action": "update",
                "field": "note",
                "old_value": f"演示历史 {i}",
                "new_value": f"演示历史 {i + 1}",
                "division_id": rng.choice(division_ids),
            }
        )
        if len(chunk) == 10_000:
            session.execute(insert(AuditLog), chunk)
            chunk = []
    if chunk:
        session.execute(insert(AuditLog), chunk)
    return total
